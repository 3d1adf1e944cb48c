using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Backtesting;

/// <summary>The grid method of METHODOLOGY section 4 over many days at once. At the reference
/// prices the linear price moves S (1 + m) - S never change, so a unit without options has the same
/// (L_u, D_u) every day: computed once. Each day only the option contracts are revalued (with that
/// day's volatility), the units holding options re-scanned and every account re-aggregated. Days are
/// independent and run in parallel; each writes only its own cells, so results do not depend on the
/// thread count. Equal to the margin engine's grid IM (tested).</summary>
internal static class GridBacktestKernel
{
    public static void Run(
        BacktestInputs inputs, BacktestMarket market, bool[] exceptions, double[]? im, double[]? loss, int maxDegreeOfParallelism,
        IProgress<MarginProgress>? progress, CancellationToken ct)
    {
        var p = inputs.Reference.Parameters;
        var book = ResolvedBook.Create(inputs.Reference);
        var scenarios = GridScenarios.Create(p.Grid);
        var g = scenarios.Count;
        var n = book.Assets.Length;
        var days = market.Dates.Count;
        var (up, down) = GridCalculator.StressedMatrices(p);
        var assetParams = book.Assets.Select(p.Asset).ToArray();

        var priceMoves = new double[n][];
        for (var a = 0; a < n; a++)
        {
            priceMoves[a] = new double[g];
            for (var k = 0; k < g; k++)
            {
                priceMoves[a][k] = (book.Spot[a] * (1 + (scenarios.MovesInScanRanges[k] * assetParams[a].ScanRange))) - book.Spot[a];
            }
        }

        // Day-invariant (L, D) of every unit without options.
        var accounts = book.Accounts;
        var fixedWorst = new double[accounts.Length][];
        var fixedDirection = new double[accounts.Length][];
        var pnl0 = new double[g];
        for (var i = 0; i < accounts.Length; i++)
        {
            var acc = accounts[i];
            fixedWorst[i] = new double[acc.Units.Length];
            fixedDirection[i] = new double[acc.Units.Length];
            for (var u = 0; u < acc.Units.Length; u++)
            {
                if (acc.UnitHasOptions(u))
                {
                    continue;
                }
                var dS = priceMoves[acc.Units[u]];
                for (var k = 0; k < g; k++)
                {
                    pnl0[k] = acc.UnitLinear[u] * dS[k];
                }
                (fixedWorst[i][u], fixedDirection[i][u]) = GridCalculator.UnitRisk(pnl0, scenarios);
            }
        }

        var contracts = book.Contracts;
        var scales = contracts.Select(c => GridScenarios.VolScale(p.Grid, c.ExpiryDays)).ToArray();
        var h = inputs.HorizonDays;
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(
            0,
            days,
            options,
            () => new Scratch(contracts.Length, g, n),
            (d, _, s) =>
            {
                ct.ThrowIfCancellationRequested();
                for (var c = 0; c < contracts.Length; c++)
                {
                    var contract = contracts[c];
                    var a = contract.Asset;
                    var spot = book.Spot[a];
                    var sigma = market.VolBefore[a][d];
                    var v0 = OptionPricer.Value(contract.Right, spot, sigma, contract.Strike, contract.ExpiryDays);
                    var row = s.ValueMoves[c];
                    for (var k = 0; k < g; k++)
                    {
                        var shocked = spot * (1 + (scenarios.MovesInScanRanges[k] * assetParams[a].ScanRange));
                        var vol = GridScenarios.ShockedVol(scenarios.Shocks[k], sigma, scales[c], assetParams[a], p.Grid);
                        row[k] = OptionPricer.Value(contract.Right, shocked, vol, contract.Strike, contract.ExpiryDays) - v0;
                    }
                    s.Realised[c] = OptionPricer.Value(contract.Right, spot * (1 + market.Returns[a][d]), market.VolAfter[a][d], contract.Strike,
                        Math.Max(0, contract.ExpiryDays - h)) - v0;
                }
                for (var i = 0; i < accounts.Length; i++)
                {
                    var acc = accounts[i];
                    var units = acc.Units;
                    double residual = 0, pnlRealised = 0;
                    for (var u = 0; u < units.Length; u++)
                    {
                        var a = units[u];
                        var lin = acc.UnitLinear[u];
                        pnlRealised += lin * book.Spot[a] * market.Returns[a][d];
                        double worst, dir;
                        if (!acc.UnitHasOptions(u))
                        {
                            worst = fixedWorst[i][u];
                            dir = fixedDirection[i][u];
                        }
                        else
                        {
                            var pnl = s.Pnl;
                            var dS = priceMoves[a];
                            for (var k = 0; k < g; k++)
                            {
                                pnl[k] = lin * dS[k];
                            }
                            for (var j = acc.UnitOptionStart[u]; j < acc.UnitOptionStart[u + 1]; j++)
                            {
                                var q = acc.OptionQuantities[j];
                                var c = acc.OptionContracts[j];
                                var dV = s.ValueMoves[c];
                                for (var k = 0; k < g; k++)
                                {
                                    pnl[k] += q * dV[k];
                                }
                                pnlRealised += q * s.Realised[c];
                            }
                            (worst, dir) = GridCalculator.UnitRisk(pnl, scenarios);
                        }
                        s.Direction[u] = dir;
                        residual += worst - Math.Abs(dir);
                    }
                    var risk = Math.Max(GridCalculator.Aggregate(units, s.Direction, up, n), GridCalculator.Aggregate(units, s.Direction, down, n)) + residual;
                    var margin = p.ImMultiplier * Math.Max(risk, acc.ShortOptionMinimum);
                    exceptions[(i * days) + d] = -pnlRealised > margin;
                    if (im is not null && loss is not null)
                    {
                        im[(i * days) + d] = margin;
                        loss[(i * days) + d] = -pnlRealised;
                    }
                }
                var now = Interlocked.Increment(ref done);
                progress?.Report(new MarginProgress("backtest", (double)now / days));
                return s;
            },
            _ => { });
    }

    private sealed class Scratch(int contracts, int scenarios, int assets)
    {
        public double[][] ValueMoves { get; } = Enumerable.Range(0, contracts).Select(_ => new double[scenarios]).ToArray();

        public double[] Realised { get; } = new double[contracts];

        public double[] Pnl { get; } = new double[scenarios];

        public double[] Direction { get; } = new double[assets];
    }
}
