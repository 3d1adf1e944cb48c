using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Pricing;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Stress;

/// <summary>The inputs of a stress run, checked against one another: the snapshot, the book, the
/// current parameter set and optionally a proposed one (each must fit the market and book, errors
/// prefixed <c>current: </c> / <c>proposed: </c>), the move to replay and the assumptions.</summary>
public sealed class StressInputs
{
    private StressInputs(MarginInputs current, MarginInputs? proposed, MarketMove move, StressAssumptions assumptions)
    {
        Current = current;
        Proposed = proposed;
        Move = move;
        Assumptions = assumptions;
    }

    /// <summary>The book, snapshot and current parameter set.</summary>
    public MarginInputs Current { get; }

    /// <summary>The same book and snapshot under the proposed set, if any.</summary>
    public MarginInputs? Proposed { get; }

    /// <summary>The move replayed.</summary>
    public MarketMove Move { get; }

    /// <summary>Insurance fund, price impact, round cap.</summary>
    public StressAssumptions Assumptions { get; }

    /// <summary>Validates and creates. Every risky asset of either set must have a move (field
    /// <c>move.ASSET</c>).</summary>
    public static StressInputs Create(
        MarketSnapshot market, Book book, ParameterSet current, ParameterSet? proposed, MarketMove move, StressAssumptions assumptions,
        PriceHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(assumptions);
        var e = new ValidationErrors();
        MarginInputs? Sided(string side, ParameterSet? p)
        {
            if (p is null)
            {
                return null;
            }
            try
            {
                foreach (var asset in p.RiskyAssets.Where(a => !move.TryGet(a, out _)))
                {
                    e.Add($"move.{asset}", $"{side} set's risky asset {asset} has no replayed move");
                }
                return MarginInputs.Create(market, p, book, history);
            }
            catch (InputValidationException ex)
            {
                e.AddRange(ex.Errors.Select(x => x with { Field = $"{side}: {x.Field}" }));
                return null;
            }
        }
        ArgumentNullException.ThrowIfNull(current);
        var c = Sided("current", current);
        var p = Sided("proposed", proposed);
        e.ThrowIfAny();
        return new StressInputs(c!, p, move, assumptions);
    }
}

/// <summary>Stress replays of historical windows: the move applied to the book at the snapshot,
/// losses, wiped-out accounts and the fund shortfall; the correlation stress both ways; the
/// liquidation cascade with price impact. Under the current and the proposed parameter set: the
/// move and its loss are the same, the margin held and the liquidations differ. Stateless apart
/// from its options.</summary>
public sealed class StressEngine
{
    /// <summary>A price never falls below this fraction of its level in one cascade round.</summary>
    public const double MinimumPriceFactor = 0.01;

    private readonly MarginEngine _engine;

    /// <summary>Creates the engine; <paramref name="options"/> go to the margin runs.</summary>
    public StressEngine(MarginEngineOptions? options = null) => _engine = new MarginEngine(options);

    /// <summary>Runs the replay under each parameter set.</summary>
    public StressResult Run(StressInputs inputs, IProgress<MarginProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var sides = inputs.Proposed is null ? 1 : 2;
        var current = Side("current", inputs.Current, inputs, Stage(progress, 0, sides), ct);
        var proposed = inputs.Proposed is null ? null : Side("proposed", inputs.Proposed, inputs, Stage(progress, 1, sides), ct);
        progress?.Report(new MarginProgress("stress", 1));
        return new StressResult(inputs.Move, inputs.Assumptions, current, proposed);
    }

    private static Action<string, double>? Stage(IProgress<MarginProgress>? progress, int side, int sides) =>
        progress is null ? null : (stage, f) => progress.Report(new MarginProgress(stage, (side + f) / sides));

    private StressSide Side(string label, MarginInputs inputs, StressInputs all, Action<string, double>? report, CancellationToken ct)
    {
        var market = inputs.Market;
        var book = inputs.Book;
        var p = inputs.Parameters;
        var move = all.Move;
        report?.Invoke($"{label}: margin before", 0);
        var before = _engine.Margin(inputs, null, ct);
        var moved = move.Apply(market);
        var aged = Age(book, move.Window.Days);
        report?.Invoke($"{label}: margin after", 0.2);
        var after = _engine.Margin(MarginInputs.Create(moved, p, aged, inputs.History), null, ct);

        var accounts = new StressAccount[book.Accounts.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            var loss = MarkToMarket(book.Accounts[i], market, 0) - MarkToMarket(aged.Accounts[i], moved, 0);
            var b = before.Accounts[i];
            var a = after.Accounts[i];
            accounts[i] = new StressAccount(b.Id, loss, b.Equity, a.Equity, b.InitialMargin, loss <= b.InitialMargin, a.Equity < 0, a.Status);
        }
        var badDebt = accounts.Sum(a => Math.Max(0, -a.EquityAfter));
        var withLoss = accounts.Count(a => a.Loss > 0);
        var covered = accounts.Count(a => a.Loss > 0 && a.LossCoveredByMargin);
        var fund = all.Assumptions.InsuranceFund;
        var totals = new StressTotals(
            accounts.Length,
            accounts.Sum(a => a.Loss),
            before.Totals.Equity,
            after.Totals.Equity,
            before.Totals.InitialMargin,
            withLoss,
            covered,
            withLoss == 0 ? null : (double)covered / withLoss,
            accounts.Count(a => a.WipedOut),
            badDebt,
            fund,
            Math.Max(0, badDebt - fund),
            after.Totals.ByStatus);

        report?.Invoke($"{label}: correlation stress", 0.4);
        var correlation = CorrelationStress(inputs, before, ct);
        report?.Invoke($"{label}: cascade", 0.6);
        var cascade = Cascade(moved, aged, p, inputs.History, all.Assumptions, ct);
        return new StressSide(label, accounts, totals, correlation, cascade);
    }

    /// <summary>The book's margin with every off-diagonal correlation at 1 and at 0 (correlation stress
    /// weight 0 in both, so the matrix is used as it is), at the snapshot.</summary>
    private CorrelationStressResult CorrelationStress(MarginInputs inputs, MarginResult baseline, CancellationToken ct)
    {
        var n = inputs.Parameters.Correlation.Size;
        var ones = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<double>)Enumerable.Repeat(1.0, n).ToArray()).ToArray();
        var identity = Enumerable.Range(0, n).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0.0).ToArray()).ToArray();
        CorrelationStressSide Run(IReadOnlyList<IReadOnlyList<double>> matrix)
        {
            var r = _engine.Margin(inputs.WithParameters(inputs.Parameters.WithCorrelation(matrix, 0)), null, ct);
            return new CorrelationStressSide(
                r.Totals.InitialMargin,
                r.Totals.InitialMargin - baseline.Totals.InitialMargin,
                r.Accounts.Count(a => a.Equity < a.InitialMargin),
                r.Totals.ByStatus.Liquidatable);
        }
        var up = Run(ones);
        var down = Run(identity);
        return new CorrelationStressResult(up, down, up.InitialMargin >= down.InitialMargin ? CorrelationDirection.TowardsOne : CorrelationDirection.TowardsZero);
    }

    /// <summary>Round after round: margin the surviving accounts at the round's market; close the
    /// liquidatable ones (their negative equity is bad debt); move each risky asset's price by
    /// -impact * (net delta-equivalent USD notional closed); repeat until no account is liquidatable
    /// or the round cap.</summary>
    private CascadeResult Cascade(
        MarketSnapshot market, Book book, ParameterSet p, PriceHistory? history, StressAssumptions assumptions, CancellationToken ct)
    {
        var survivors = book.Accounts.ToList();
        var rounds = new List<CascadeRound>();
        var converged = false;
        var risky = p.RiskyAssets;
        for (var round = 1; ; round++)
        {
            ct.ThrowIfCancellationRequested();
            if (survivors.Count == 0)
            {
                converged = true;
                break;
            }
            var result = _engine.Margin(MarginInputs.Create(market, p, Book.Create(survivors), history), null, ct);
            var liquidated = Enumerable.Range(0, survivors.Count).Where(i => result.Accounts[i].Status == MarginStatus.Liquidatable).ToArray();
            if (liquidated.Length == 0)
            {
                converged = true;
                break;
            }
            if (round > assumptions.MaxCascadeRounds)
            {
                break;
            }
            double badDebt = 0, gross = 0;
            var net = new double[risky.Count];
            foreach (var i in liquidated)
            {
                badDebt += Math.Max(0, -result.Accounts[i].Equity);
                var exposure = DeltaNotional(survivors[i], market, risky);
                for (var a = 0; a < net.Length; a++)
                {
                    net[a] += exposure[a];
                    gross += Math.Abs(exposure[a]);
                }
            }
            var moves = new List<CascadePriceMove>();
            var factors = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var a = 0; a < risky.Count; a++)
            {
                var m = Math.Max(MinimumPriceFactor - 1, -assumptions.ImpactOf(risky[a]) * net[a]);
                factors[risky[a]] = 1 + m;
                moves.Add(new CascadePriceMove(risky[a], net[a], m, market[risky[a]].Price * (1 + m)));
            }
            rounds.Add(new CascadeRound(round, liquidated.Length, gross, badDebt, moves));
            market = MarketSnapshot.Create(market.AsOf, market.Assets.Select(q =>
                factors.TryGetValue(q.Symbol, out var f) ? q with { Price = q.Price * f } : q));
            var closed = new HashSet<int>(liquidated);
            survivors = survivors.Where((_, i) => !closed.Contains(i)).ToList();
        }
        var totalBadDebt = rounds.Sum(r => r.BadDebt);
        var fund = assumptions.InsuranceFund;
        return new CascadeResult(rounds, rounds.Sum(r => r.AccountsLiquidated), rounds.Sum(r => r.LiquidatedNotional), totalBadDebt,
            Math.Max(0, fund - totalBadDebt), Math.Max(0, totalBadDebt - fund), converged);
    }

    /// <summary>The book with every option's expiry shortened by <paramref name="days"/> (floored at 0).</summary>
    public static Book Age(Book book, double days)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (days == 0)
        {
            return book;
        }
        return Book.Create(book.Accounts.Select(a => a.Positions.Any(p => p is OptionPosition)
            ? a with
            {
                Positions = a.Positions.Select(p => p is OptionPosition o ? o with { ExpiryDays = Math.Max(0, o.ExpiryDays - days) } : p).ToArray(),
            }
            : a));
    }

    /// <summary>Mark-to-market value without haircuts: collateral amount * S, perps q (S - E),
    /// options q V(S, sigma, K, T - ageDays).</summary>
    public static double MarkToMarket(Account account, MarketSnapshot market, double ageDays)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(market);
        double value = 0;
        foreach (var c in account.Collateral)
        {
            value += c.Amount * market[c.Asset].Price;
        }
        foreach (var position in account.Positions)
        {
            var q = market[position.Asset];
            value += position switch
            {
                PerpPosition perp => perp.Quantity * (q.Price - perp.EntryPrice),
                OptionPosition o => o.Quantity * OptionPricer.Value(o.Right, q.Price, q.Volatility, o.Strike, Math.Max(0, o.ExpiryDays - ageDays)),
                _ => 0,
            };
        }
        return value;
    }

    /// <summary>Signed delta-equivalent USD exposure per risky asset (collateral, perps, options by
    /// their Black-Scholes delta): what closing the account sells (positive) or buys (negative).</summary>
    internal static double[] DeltaNotional(Account account, MarketSnapshot market, IReadOnlyList<string> risky)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < risky.Count; i++)
        {
            index[risky[i]] = i;
        }
        var units = new double[risky.Count];
        foreach (var c in account.Collateral)
        {
            if (index.TryGetValue(c.Asset, out var a))
            {
                units[a] += c.Amount;
            }
        }
        foreach (var position in account.Positions)
        {
            var a = index[position.Asset];
            var q = market[position.Asset];
            units[a] += position switch
            {
                PerpPosition perp => perp.Quantity,
                OptionPosition o => o.Quantity * Delta(o.Right, q.Price, q.Volatility, o.Strike, o.ExpiryDays),
                _ => 0,
            };
        }
        for (var a = 0; a < units.Length; a++)
        {
            units[a] *= market[risky[a]].Price;
        }
        return units;
    }

    /// <summary>Black-Scholes delta (zero rates): N(d1) for a call, N(d1) - 1 for a put; the intrinsic
    /// delta at expiry or zero volatility.</summary>
    internal static double Delta(OptionRight right, double spot, double vol, double strike, double expiryDays)
    {
        var tau = expiryDays / OptionPricer.DaysPerYear;
        double callDelta;
        if (tau <= 0 || vol <= 0)
        {
            callDelta = spot > strike ? 1 : spot < strike ? 0 : 0.5;
        }
        else
        {
            var d1 = (Math.Log(spot / strike) + (0.5 * vol * vol * tau)) / (vol * Math.Sqrt(tau));
            callDelta = NormalDistribution.Cdf(d1);
        }
        return right == OptionRight.Call ? callDelta : callDelta - 1;
    }
}
