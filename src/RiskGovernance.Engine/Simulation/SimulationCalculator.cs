using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Simulation;

/// <summary>Methods montecarlo and historical (METHODOLOGY sections 5 and 6). Per scenario set, the
/// price move of each asset and the value change of each distinct option contract are computed once
/// (asset-major and contract-major arrays); accounts are then processed in parallel blocks, each
/// building its own loss vector of length N and keeping only its tail. The scenario x account loss
/// matrix is never held.
/// <para>Reading of riskByAsset for these methods: a unit's own VaR/ES taken alone is the measure
/// of the loss vector of that unit only (its collateral, perps and options), under the same rule as
/// the account: max(0, measure) without correlation stress, max(0, measure under R_up, measure
/// under R_down) with it (the same draws under both matrices). Isolated items use the same rule.</para></summary>
internal static class SimulationCalculator
{
    /// <summary>Contract value changes are kept for every scenario when they fit in this many doubles
    /// (192 MiB); beyond it each account revalues its own contracts, so memory stays bounded.</summary>
    public const long MaxStoredValueMoves = 24L * 1024 * 1024;

    private const int ContractBlock = 16;
    private const int Long = 0;
    private const int Short = 1;

    /// <param name="book">The resolved book.</param>
    /// <param name="parameters">The parameter set (method montecarlo).</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="reporter">Gives the progress callback of pass i of n (one pass per correlation matrix).</param>
    /// <param name="ct">Checked per block of accounts.</param>
    /// <param name="maxStoredValueMoves">Memory bound on kept contract value changes (in doubles).</param>
    public static MarginResult MonteCarlo(
        ResolvedBook book,
        ParameterSet parameters,
        int maxDegreeOfParallelism,
        Func<int, int, Action<int>?> reporter,
        CancellationToken ct,
        long maxStoredValueMoves = MaxStoredValueMoves)
    {
        var simulation = parameters.Simulation;
        var draws = MonteCarloDraws.Generate(simulation, book.Assets.Length, maxDegreeOfParallelism, ct);
        var (up, down) = GridCalculator.StressedMatrices(parameters);
        double[][] matrices = parameters.CorrelationStress == 0 ? [up] : [up, down];
        var risks = new AccountRisks(book);
        for (var pass = 0; pass < matrices.Length; pass++)
        {
            var scenarios = MonteCarloScenarios.Build(
                draws, matrices[pass], book.Spot, book.Vol, simulation.HorizonDays, maxDegreeOfParallelism, ct);
            Pass(book, scenarios, simulation, risks, maxDegreeOfParallelism, reporter(pass, matrices.Length), maxStoredValueMoves, ct);
        }
        return risks.Result(book, parameters, MarginMethod.MonteCarlo);
    }

    public static MarginResult Historical(
        ResolvedBook book, ParameterSet parameters, DateOnly asOf, PriceHistory history, int maxDegreeOfParallelism,
        Action<int>? onAccountsDone, CancellationToken ct)
    {
        var simulation = parameters.Simulation;
        var scenarios = HistoricalScenarios.Build(book.Assets, book.Spot, asOf, simulation.HistoryDays, simulation.HorizonDays, history);
        var risks = new AccountRisks(book);
        Pass(book, scenarios, simulation, risks, maxDegreeOfParallelism, onAccountsDone, MaxStoredValueMoves, ct);
        return risks.Result(book, parameters, MarginMethod.Historical);
    }

    /// <summary>One scenario set: raises every account's, unit's and item's risk to at least its
    /// measure under these scenarios.</summary>
    private static void Pass(
        ResolvedBook book, ScenarioSet scenarios, SimulationParameters simulation, AccountRisks risks, int dop,
        Action<int>? onAccountsDone, long maxStoredValueMoves, CancellationToken ct)
    {
        var n = scenarios.Count;
        var assetTails = AssetTails(scenarios, simulation);
        var valueMoves = new ContractValueMoves(book, scenarios);
        var store = (long)book.Contracts.Length * n <= maxStoredValueMoves;
        var contractTails = ContractTails(valueMoves, simulation, store, dop, ct);

        AccountBlocks.Run(
            book.Accounts.Length,
            dop,
            (start, end) =>
            {
                var tail = new TailMeasure(simulation.Measure, simulation.Confidence, n);
                var total = new double[n];
                var unit = new double[n];
                var scratch = store ? null : new double[n];
                for (var i = start; i < end; i++)
                {
                    AccountPass(book.Accounts[i], i, scenarios, valueMoves, scratch, assetTails, contractTails, tail, total, unit, risks);
                }
            },
            onAccountsDone,
            ct);
    }

    private static void AccountPass(
        ResolvedAccount account,
        int index,
        ScenarioSet scenarios,
        ContractValueMoves valueMoves,
        double[]? scratch,
        double[][] assetTails,
        double[][] contractTails,
        TailMeasure tail,
        double[] total,
        double[] unit,
        AccountRisks risks)
    {
        var units = account.Units;
        var unitRisks = risks.Units[index];
        double accountMeasure = 0;
        for (var u = 0; u < units.Length; u++)
        {
            var dS = scenarios.Moves[units[u]];
            var lin = account.UnitLinear[u];
            double measure;
            if (account.UnitHasOptions(u))
            {
                // loss = -(lin dS + sum q dV), built in the account total for the first unit.
                // The first option is fused with the linear part, and the unit is added into the
                // account total on the pass that measures it.
                var target = u == 0 ? total : unit;
                var first = account.UnitOptionStart[u];
                LossVectors.SetTwoScaled(target, dS, -lin, valueMoves.Get(account.OptionContracts[first], scratch),
                    -account.OptionQuantities[first]);
                for (var j = first + 1; j < account.UnitOptionStart[u + 1]; j++)
                {
                    var dV = valueMoves.Get(account.OptionContracts[j], scratch);
                    LossVectors.AddScaled(target, dV, -account.OptionQuantities[j]);
                }
                measure = u == 0 ? tail.Of(target) : tail.Of(target, total);
            }
            else
            {
                // A linear unit's loss -lin dS; its measure by positive homogeneity (an account
                // made of this unit alone needs no loss vector at all).
                if (u == 0 && units.Length > 1)
                {
                    LossVectors.SetScaled(total, dS, -lin);
                }
                else if (u > 0)
                {
                    LossVectors.AddScaled(total, dS, -lin);
                }
                measure = Scaled(lin, assetTails[units[u]]);
            }
            if (units.Length == 1)
            {
                accountMeasure = measure;
            }
            unitRisks[u] = Math.Max(unitRisks[u], measure);
        }
        if (units.Length > 1)
        {
            accountMeasure = tail.Of(total);
        }
        risks.Account[index] = Math.Max(risks.Account[index], accountMeasure);

        var itemRisks = risks.Items[index];
        for (var j = 0; j < account.Items.Length; j++)
        {
            var item = account.Items[j];
            var tails = item.IsOption ? contractTails[item.Index] : assetTails[item.Index];
            itemRisks[j] = Math.Max(itemRisks[j], Scaled(item.Quantity, tails));
        }
    }

    /// <summary>Positive homogeneity: the measure of q X is |q| times the measure of sign(q) X.</summary>
    private static double Scaled(double quantity, double[] tails) =>
        quantity > 0 ? quantity * tails[Long] : quantity < 0 ? -quantity * tails[Short] : 0.0;

    /// <summary>Per asset: the measure of a long unit (loss -dS) and of a short unit (loss dS).</summary>
    private static double[][] AssetTails(ScenarioSet scenarios, SimulationParameters simulation)
    {
        var tail = new TailMeasure(simulation.Measure, simulation.Confidence, scenarios.Count);
        var loss = new double[scenarios.Count];
        var tails = new double[scenarios.Moves.Length][];
        for (var a = 0; a < tails.Length; a++)
        {
            tails[a] = SignedTails(scenarios.Moves[a], loss, tail);
        }
        return tails;
    }

    /// <summary>Per contract: the measure of a long and of a short contract; keeps the value changes
    /// when <paramref name="store"/>.</summary>
    private static double[][] ContractTails(
        ContractValueMoves valueMoves, SimulationParameters simulation, bool store, int dop, CancellationToken ct)
    {
        var count = valueMoves.ContractCount;
        var n = valueMoves.ScenarioCount;
        var tails = new double[count][];
        var blocks = (count + ContractBlock - 1) / ContractBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = dop, CancellationToken = ct };
        Parallel.For(0, blocks, options, b =>
        {
            var tail = new TailMeasure(simulation.Measure, simulation.Confidence, n);
            var loss = new double[n];
            var moves = store ? null : new double[n];
            var end = Math.Min(count, (b + 1) * ContractBlock);
            for (var c = b * ContractBlock; c < end; c++)
            {
                var dV = moves ?? new double[n];
                valueMoves.Compute(c, dV);
                tails[c] = SignedTails(dV, loss, tail);
                if (store)
                {
                    valueMoves.Keep(c, dV);
                }
            }
        });
        return tails;
    }

    private static double[] SignedTails(double[] pnl, double[] loss, TailMeasure tail)
    {
        for (var s = 0; s < pnl.Length; s++)
        {
            loss[s] = -pnl[s];
        }
        var longSide = tail.Of(loss);
        var shortSide = tail.Of(pnl);
        return [longSide, shortSide];
    }

    /// <summary>V(S', sigma, K, T') - V(S, sigma, K, T) per contract and scenario, T' = max(T - h, 0).</summary>
    private sealed class ContractValueMoves(ResolvedBook book, ScenarioSet scenarios)
    {
        private readonly double[]?[] _kept = new double[book.Contracts.Length][];

        public int ContractCount => book.Contracts.Length;

        public int ScenarioCount => scenarios.Count;

        public void Compute(int c, double[] into)
        {
            var contract = book.Contracts[c];
            var prices = scenarios.Prices[contract.Asset];
            var sigma = book.Vol[contract.Asset];
            var aged = Math.Max(contract.ExpiryDays - scenarios.HorizonDays, 0);
            var v0 = book.ContractValues[c];
            for (var s = 0; s < into.Length; s++)
            {
                into[s] = OptionPricer.Value(contract.Right, prices[s], sigma, contract.Strike, aged) - v0;
            }
        }

        public void Keep(int c, double[] moves) => _kept[c] = moves;

        /// <summary>The kept vector, or computed into <paramref name="scratch"/> when nothing is kept.</summary>
        public double[] Get(int c, double[]? scratch)
        {
            var kept = _kept[c];
            if (kept is not null)
            {
                return kept;
            }
            var into = scratch ?? throw new InvalidOperationException("contract value changes were not kept and no scratch buffer was given");
            Compute(c, into);
            return into;
        }
    }

    /// <summary>Running maxima (from 0) of the measures over the passes: per account, per touched
    /// unit and per isolated item.</summary>
    private sealed class AccountRisks
    {
        public AccountRisks(ResolvedBook book)
        {
            var count = book.Accounts.Length;
            Account = new double[count];
            Units = new double[count][];
            Items = new double[count][];
            for (var i = 0; i < count; i++)
            {
                Units[i] = new double[book.Accounts[i].Units.Length];
                Items[i] = new double[book.Accounts[i].Items.Length];
            }
        }

        public double[] Account { get; }

        public double[][] Units { get; }

        public double[][] Items { get; }

        public MarginResult Result(ResolvedBook book, ParameterSet parameters, MarginMethod method)
        {
            var results = new AccountMargin[book.Accounts.Length];
            for (var i = 0; i < results.Length; i++)
            {
                var account = book.Accounts[i];
                var byAsset = new AssetRisk[account.Units.Length];
                for (var u = 0; u < byAsset.Length; u++)
                {
                    byAsset[u] = new AssetRisk(book.Assets[account.Units[u]], Units[i][u]);
                }
                double isolated = 0;
                for (var j = 0; j < account.Items.Length; j++)
                {
                    isolated += Math.Max(Items[i][j], account.Items[j].ShortOptionMinimum);
                }
                results[i] = AccountRequirements.Build(account, parameters, Account[i], isolated, byAsset);
            }
            return AccountRequirements.Result(method, results);
        }
    }
}
