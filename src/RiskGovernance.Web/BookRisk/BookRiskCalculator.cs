using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Web.BookRisk;

/// <summary>
/// The book-risk figures, computed with the embedded engine only (pure, no I/O):
/// <list type="bullet">
/// <item>margins: <see cref="MarginEngine.Margin"/> under the given set, with its own method;</item>
/// <item>headline VaR and ES: the whole book merged into one account (collateral summed per asset, every
/// position kept) and margined by the engine's Monte Carlo method (METHODOLOGY section 5) with the set's
/// confidence, horizon, scenarios and seed, without correlation stress, once with measure VaR and once with ES;</item>
/// <item>margin by asset: each account's IM and MM split over its assets in proportion to the engine's per-asset
/// risk of that account (<see cref="AccountMargin.RiskByAsset"/>; by gross notional when that risk is all zero);</item>
/// <item>liquidations at risk: the market's prices of every risky asset (or of one asset) moved by
/// <see cref="Shocks"/>, volatilities unchanged, and the book margined again under the same set.</item>
/// </list>
/// </summary>
public static class BookRiskCalculator
{
    /// <summary>The price moves of the liquidations-at-risk curves: −30 % to +30 % in 5 % steps.</summary>
    public static IReadOnlyList<double> Shocks { get; } = Enumerable.Range(-6, 13).Select(i => i / 20.0).ToArray();

    /// <summary>How many accounts each top list holds.</summary>
    public const int TopCount = 10;

    /// <summary>The market with the price of every asset in <paramref name="assets"/> multiplied by 1 + <paramref name="shock"/>.</summary>
    public static MarketSnapshot Shift(MarketSnapshot market, IReadOnlyCollection<string> assets, double shock)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(assets);
        return MarketSnapshot.Create(market.AsOf, market.Assets.Select(q => assets.Contains(q.Symbol) ? q with { Price = q.Price * (1 + shock) } : q));
    }

    /// <summary>The whole book as one account: collateral summed per asset, every position kept.</summary>
    public static Book Merge(Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var collateral = book.Accounts.SelectMany(a => a.Collateral)
            .GroupBy(c => c.Asset, StringComparer.Ordinal)
            .Select(g => new CollateralBalance(g.Key, g.Sum(c => c.Amount)))
            .ToArray();
        return Book.Create([new Account("book", collateral, book.Accounts.SelectMany(a => a.Positions).ToArray())]);
    }

    /// <summary>Sum of |quantity| × price over the account's positions, per asset.</summary>
    public static Dictionary<string, double> NotionalByAsset(Account account, MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(market);
        var notional = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in account.Positions)
        {
            notional[p.Asset] = notional.GetValueOrDefault(p.Asset) + (Math.Abs(p.Quantity) * market[p.Asset].Price);
        }
        return notional;
    }

    /// <summary>The book under one shock: liquidatable accounts, their notional and the bad debt.</summary>
    /// <param name="shock">The move.</param>
    /// <param name="before">The margin result before the move.</param>
    /// <param name="after">The margin result after it (same accounts, same order).</param>
    /// <param name="book">The book.</param>
    /// <param name="shockedMarket">The moved market.</param>
    public static ShockPoint Point(double shock, MarginResult before, MarginResult after, Book book, MarketSnapshot shockedMarket)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(shockedMarket);
        int liquidatable = 0, fresh = 0;
        double notional = 0, badDebt = 0;
        for (var i = 0; i < after.Accounts.Count; i++)
        {
            var a = after.Accounts[i];
            if (a.Equity < 0)
            {
                badDebt -= a.Equity;
            }
            if (a.Status != MarginStatus.Liquidatable)
            {
                continue;
            }
            liquidatable++;
            if (before.Accounts[i].Status != MarginStatus.Liquidatable)
            {
                fresh++;
            }
            notional += NotionalByAsset(book.Accounts[i], shockedMarket).Values.Sum();
        }
        return new ShockPoint(shock, liquidatable, fresh, notional, badDebt, after.Totals.Equity);
    }

    /// <summary>Computes the report.</summary>
    /// <param name="market">The snapshot's market.</param>
    /// <param name="book">The snapshot's book.</param>
    /// <param name="parameters">The ratified set.</param>
    /// <param name="progress">Receives the fraction done, in [0, 1].</param>
    /// <param name="ct">Cancels the run.</param>
    /// <param name="options">The engine's options (threads); all cores when null.</param>
    /// <returns>Every figure except the identification (the caller adds sequence, version and timing).</returns>
    /// <exception cref="Engine.Validation.InputValidationException">The set does not fit the book, or it is historical (no history here).</exception>
    public static BookRiskReport Compute(MarketSnapshot market, Book book, ParameterSet parameters, IProgress<double>? progress, CancellationToken ct,
        MarginEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(parameters);
        var engine = new MarginEngine(options);
        var assets = parameters.RiskyAssets
            .Where(s => book.Accounts.Any(a => a.Positions.Any(p => p.Asset == s) || a.Collateral.Any(c => c.Asset == s)))
            .ToArray();
        var runs = 3 + ((Shocks.Count - 1) * (1 + assets.Length));
        var done = 0;
        void Step() => progress?.Report(Math.Min(1.0, (double)++done / runs));

        var inputs = MarginInputs.Create(market, parameters, book);
        var baseline = engine.Margin(inputs, null, ct);
        Step();

        var tail = Tail(market, book, parameters, engine, ct, Step);
        var byAsset = ByAsset(market, book, parameters, baseline);

        ShockCurve Curve(string? asset)
        {
            var moved = asset is null ? (IReadOnlyCollection<string>)parameters.RiskyAssets.ToHashSet(StringComparer.Ordinal) : [asset];
            var points = new List<ShockPoint>(Shocks.Count);
            foreach (var shock in Shocks)
            {
                ct.ThrowIfCancellationRequested();
                if (shock == 0)
                {
                    points.Add(Point(0, baseline, baseline, book, market));
                    continue;
                }
                var shocked = Shift(market, moved, shock);
                var after = engine.Margin(MarginInputs.Create(shocked, parameters, book), null, ct);
                points.Add(Point(shock, baseline, after, book, shocked));
                Step();
            }
            return new ShockCurve(asset, points);
        }

        var uniform = Curve(null);
        var perAsset = assets.Select(Curve).ToArray();

        var accounts = new AccountRisk[book.Accounts.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            var m = baseline.Accounts[i];
            var notional = NotionalByAsset(book.Accounts[i], market);
            var gross = notional.Values.Sum();
            var largest = notional.Count == 0 ? default : notional.MaxBy(kv => kv.Value);
            accounts[i] = new AccountRisk(m.Id, m.Status, m.Equity, m.MaintenanceMargin, Math.Max(0, m.MaintenanceMargin - m.Equity), gross,
                notional.Count == 0 ? null : largest.Key, gross > 0 ? largest.Value / gross : 0);
        }

        return new BookRiskReport(
            0, market.AsOf, 0, JsonNames.Of(parameters.Method), baseline.Totals, tail, byAsset, uniform, perAsset,
            accounts.OrderByDescending(a => a.MaintenanceMargin).ThenBy(a => a.Id, StringComparer.Ordinal).Take(TopCount).ToArray(),
            accounts.Where(a => a.Shortfall > 0).OrderByDescending(a => a.Shortfall).ThenBy(a => a.Id, StringComparer.Ordinal).Take(TopCount).ToArray(),
            accounts.Where(a => a.GrossNotional > 0).OrderByDescending(a => a.LargestShare).ThenByDescending(a => a.GrossNotional)
                .ThenBy(a => a.Id, StringComparer.Ordinal).Take(TopCount).ToArray(),
            TimeSpan.Zero, default);
    }

    /// <summary>The set with the Monte Carlo method, no correlation stress and the given measure; everything else unchanged.</summary>
    public static ParameterSet MonteCarloOf(ParameterSet p, RiskMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(p);
        return ParameterSet.Create(
            MarginMethod.MonteCarlo, p.ImMultiplier, p.MmRatio, p.LiquidationRatio, p.ShortOptionMinimum, 0.0, p.Grid,
            p.Simulation with { Measure = measure }, p.AssetEntries, p.Correlation.Assets, p.Correlation.ToRows());
    }

    private static BookTailRisk Tail(MarketSnapshot market, Book book, ParameterSet parameters, MarginEngine engine, CancellationToken ct, Action step)
    {
        var merged = Merge(book);
        double Risk(RiskMeasure measure)
        {
            var result = engine.Margin(MarginInputs.Create(market, MonteCarloOf(parameters, measure), merged), null, ct);
            step();
            return result.Accounts[0].Risk;
        }

        var s = parameters.Simulation;
        return new BookTailRisk(Risk(RiskMeasure.ValueAtRisk), Risk(RiskMeasure.ExpectedShortfall), s.Confidence, s.HorizonDays, s.Scenarios, s.Seed,
            JsonNames.Of(s.Distribution));
    }

    private static AssetMargin[] ByAsset(MarketSnapshot market, Book book, ParameterSet parameters, MarginResult baseline)
    {
        var im = new Dictionary<string, double>(StringComparer.Ordinal);
        var mm = new Dictionary<string, double>(StringComparer.Ordinal);
        var standalone = new Dictionary<string, double>(StringComparer.Ordinal);
        var notional = new Dictionary<string, double>(StringComparer.Ordinal);
        var holders = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < book.Accounts.Count; i++)
        {
            var account = book.Accounts[i];
            var m = baseline.Accounts[i];
            var own = NotionalByAsset(account, market);
            foreach (var (asset, value) in own)
            {
                notional[asset] = notional.GetValueOrDefault(asset) + value;
            }
            foreach (var asset in account.Positions.Select(p => p.Asset).Concat(account.Collateral.Select(c => c.Asset))
                         .Where(parameters.IsRisky).Distinct(StringComparer.Ordinal))
            {
                holders[asset] = holders.GetValueOrDefault(asset) + 1;
            }
            foreach (var r in m.RiskByAsset)
            {
                standalone[r.Asset] = standalone.GetValueOrDefault(r.Asset) + r.Risk;
            }

            // Weights: the engine's per-asset risk; by gross notional when that is all zero (e.g. a short-option minimum).
            var weights = m.RiskByAsset.Where(r => r.Risk > 0).Select(r => (r.Asset, r.Risk)).ToList();
            if (weights.Count == 0)
            {
                weights = own.Where(kv => kv.Value > 0).Select(kv => (kv.Key, kv.Value)).ToList();
            }
            var total = weights.Sum(w => w.Item2);
            if (total <= 0)
            {
                continue;
            }
            foreach (var (asset, weight) in weights)
            {
                im[asset] = im.GetValueOrDefault(asset) + (m.InitialMargin * weight / total);
                mm[asset] = mm.GetValueOrDefault(asset) + (m.MaintenanceMargin * weight / total);
            }
        }

        return holders.Keys
            .Select(a => new AssetMargin(a, im.GetValueOrDefault(a), mm.GetValueOrDefault(a), standalone.GetValueOrDefault(a), notional.GetValueOrDefault(a),
                holders[a]))
            .OrderByDescending(a => a.InitialMargin).ThenBy(a => a.Asset, StringComparer.Ordinal)
            .ToArray();
    }
}
