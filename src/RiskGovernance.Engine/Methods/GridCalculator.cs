using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Methods;

/// <summary>Method <c>grid</c> (METHODOLOGY section 4): per risk unit the worst weighted loss L_u,
/// the direction D_u and the residual N_u over the SPAN-style scenarios, aggregated as
/// A(R) = sqrt(max(0, D' R D)) + sum N_u under the correlation matrix stressed both ways.
/// Stateless; each distinct option contract is revalued once per scenario.</summary>
internal static class GridCalculator
{
    public static MarginResult Compute(
        ResolvedBook book, ParameterSet parameters, int maxDegreeOfParallelism, Action<int>? onAccountsDone, CancellationToken ct)
    {
        var scenarios = GridScenarios.Create(parameters.Grid);
        var g = scenarios.Count;
        var priceMoves = PriceMoves(book, parameters, scenarios);
        var valueMoves = ValueMoves(book, parameters, scenarios, maxDegreeOfParallelism, ct);
        var (up, down) = StressedMatrices(parameters);

        var results = new AccountMargin[book.Accounts.Length];
        AccountBlocks.Run(
            results.Length,
            maxDegreeOfParallelism,
            (start, end) =>
            {
                var pnl = new double[g];
                for (var i = start; i < end; i++)
                {
                    results[i] = Account(book.Accounts[i], book, parameters, scenarios, priceMoves, valueMoves, up, down, pnl);
                }
            },
            onAccountsDone,
            ct,
            blockSize: 256);
        return AccountRequirements.Result(MarginMethod.Grid, results);
    }

    /// <summary>R_up = (1 - lambda) rho + lambda * ones and R_down = (1 - lambda) rho + lambda * I,
    /// row major; both are rho when lambda = 0.</summary>
    internal static (double[] Up, double[] Down) StressedMatrices(ParameterSet parameters)
    {
        var lambda = parameters.CorrelationStress;
        var rho = parameters.Correlation;
        var n = rho.Size;
        var up = new double[n * n];
        var down = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                var r = rho[a, b];
                up[(a * n) + b] = lambda == 0 ? r : ((1 - lambda) * r) + lambda;
                down[(a * n) + b] = lambda == 0 ? r : ((1 - lambda) * r) + (a == b ? lambda : 0.0);
            }
        }
        return (up, down);
    }

    /// <summary>S' - S per risky asset and scenario, with S' = S (1 + m).</summary>
    private static double[][] PriceMoves(ResolvedBook book, ParameterSet parameters, GridScenarios scenarios)
    {
        var moves = new double[book.Assets.Length][];
        for (var a = 0; a < moves.Length; a++)
        {
            var s = book.Spot[a];
            var scan = parameters.Asset(book.Assets[a]).ScanRange;
            moves[a] = new double[scenarios.Count];
            for (var k = 0; k < scenarios.Count; k++)
            {
                moves[a][k] = (s * (1 + (scenarios.MovesInScanRanges[k] * scan))) - s;
            }
        }
        return moves;
    }

    /// <summary>V(S', sigma', K, T) - V(S, sigma, K, T) per distinct contract and scenario.</summary>
    private static double[][] ValueMoves(
        ResolvedBook book, ParameterSet parameters, GridScenarios scenarios, int maxDegreeOfParallelism, CancellationToken ct)
    {
        var grid = parameters.Grid;
        var moves = new double[book.Contracts.Length][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(0, moves.Length, options, c =>
        {
            var contract = book.Contracts[c];
            var s = book.Spot[contract.Asset];
            var sigma = book.Vol[contract.Asset];
            var asset = parameters.Asset(book.Assets[contract.Asset]);
            var scale = GridScenarios.VolScale(grid, contract.ExpiryDays);
            var v0 = book.ContractValues[c];
            var row = new double[scenarios.Count];
            for (var k = 0; k < row.Length; k++)
            {
                var shocked = s * (1 + (scenarios.MovesInScanRanges[k] * asset.ScanRange));
                var vol = GridScenarios.ShockedVol(scenarios.Shocks[k], sigma, scale, asset, grid);
                row[k] = OptionPricer.Value(contract.Right, shocked, vol, contract.Strike, contract.ExpiryDays) - v0;
            }
            moves[c] = row;
        });
        return moves;
    }

    private static AccountMargin Account(
        ResolvedAccount account,
        ResolvedBook book,
        ParameterSet parameters,
        GridScenarios scenarios,
        double[][] priceMoves,
        double[][] valueMoves,
        double[] up,
        double[] down,
        double[] pnl)
    {
        var units = account.Units;
        var d = new double[units.Length];
        var byAsset = new AssetRisk[units.Length];
        double residual = 0;
        for (var u = 0; u < units.Length; u++)
        {
            var dS = priceMoves[units[u]];
            var lin = account.UnitLinear[u];
            for (var k = 0; k < pnl.Length; k++)
            {
                pnl[k] = lin * dS[k];
            }
            for (var j = account.UnitOptionStart[u]; j < account.UnitOptionStart[u + 1]; j++)
            {
                var q = account.OptionQuantities[j];
                var dV = valueMoves[account.OptionContracts[j]];
                for (var k = 0; k < pnl.Length; k++)
                {
                    pnl[k] += q * dV[k];
                }
            }
            var (l, dir) = UnitRisk(pnl, scenarios);
            d[u] = dir;
            residual += l - Math.Abs(dir);
            byAsset[u] = new AssetRisk(book.Assets[units[u]], l);
        }
        var n = book.Assets.Length;
        var risk = Math.Max(Aggregate(units, d, up, n), Aggregate(units, d, down, n)) + residual;

        double isolated = 0;
        foreach (var item in account.Items)
        {
            var moves = item.IsOption ? valueMoves[item.Index] : priceMoves[item.Index];
            for (var k = 0; k < pnl.Length; k++)
            {
                pnl[k] = item.Quantity * moves[k];
            }
            isolated += Math.Max(UnitRisk(pnl, scenarios).Worst, item.ShortOptionMinimum);
        }
        return AccountRequirements.Build(account, parameters, risk, isolated, byAsset);
    }

    /// <summary>L = max(0, max_s -w_s P&amp;L(s)); D = clamp((P&amp;L(+scan) - P&amp;L(-scan)) / 2, -L, L).</summary>
    internal static (double Worst, double Direction) UnitRisk(double[] pnl, GridScenarios scenarios)
    {
        var worst = 0.0;
        var w = scenarios.Weights;
        for (var k = 0; k < pnl.Length; k++)
        {
            var loss = -w[k] * pnl[k];
            if (loss > worst)
            {
                worst = loss;
            }
        }
        var direction = Math.Clamp((pnl[scenarios.PlusScan] - pnl[scenarios.MinusScan]) / 2, -worst, worst);
        return (worst, direction);
    }

    /// <summary>sqrt(max(0, sum_a sum_b R_ab D_a D_b)) over the touched units (the others have D = 0).</summary>
    internal static double Aggregate(int[] units, double[] d, double[] matrix, int n)
    {
        double quad = 0;
        for (var a = 0; a < units.Length; a++)
        {
            for (var b = 0; b < units.Length; b++)
            {
                quad += matrix[(units[a] * n) + units[b]] * d[a] * d[b];
            }
        }
        return Math.Sqrt(Math.Max(0, quad));
    }
}
