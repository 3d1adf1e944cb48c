using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Stress;

namespace RiskGovernance.Engine.Backtesting;

/// <summary>Backtests a parameter set over history: for each date t of the range, the IM of every
/// portfolio at the market of t (reference prices rebased, volatilities of t: DVOL / 100 where the
/// asset has it that day, else the EWMA volatility of its last 90 days of closes) against the loss
/// realised from t to t + h (prices moved by the assets' returns close(t+h)/close(t) - 1,
/// volatilities of t + h, options aged h days); an exception is loss &gt; IM. The grid method runs
/// on a precomputed kernel (what does not change from one day to the next is computed once, days
/// in parallel); the other methods run the margin engine day by day.</summary>
public sealed class Backtester
{
    private readonly MarginEngineOptions _options;

    /// <summary>Creates the backtester; <paramref name="options"/> bound the threads used.</summary>
    public Backtester(MarginEngineOptions? options = null)
    {
        _options = options ?? new MarginEngineOptions();
        _ = new MarginEngine(_options);
    }

    /// <summary>Runs the backtest; progress is reported as the fraction of dates done.</summary>
    public BacktestResult Run(BacktestInputs inputs, IProgress<MarginProgress>? progress = null, CancellationToken ct = default) =>
        Run(inputs, progress, ct, fastGrid: true);

    internal BacktestResult Run(BacktestInputs inputs, IProgress<MarginProgress>? progress, CancellationToken ct, bool fastGrid)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var p = inputs.Reference.Parameters;
        var market = BacktestMarket.Create(inputs, ct);
        var accounts = inputs.Reference.Book.Accounts.Count;
        var days = market.Dates.Count;
        // Exception flags always; the daily IM and loss only when the series are asked for (a
        // 10,000-account book over 2019-2024 would need 230 MB for them).
        var exceptions = new bool[accounts * days];
        var im = inputs.IncludeSeries ? new double[accounts * days] : null;
        var loss = inputs.IncludeSeries ? new double[accounts * days] : null;
        if (days > 0)
        {
            if (fastGrid && p.Method == MarginMethod.Grid)
            {
                GridBacktestKernel.Run(inputs, market, exceptions, im, loss, _options.MaxDegreeOfParallelism, progress, ct);
            }
            else
            {
                Generic(inputs, market, exceptions, im, loss, progress, ct);
            }
        }
        // Rounded so that 1 - 0.99 reads 0.01 (the binary remainder is noise, not a parameter).
        var expected = Math.Round(1 - p.Simulation.Confidence, 12);
        var portfolios = new BacktestPortfolio[accounts];
        for (var i = 0; i < accounts; i++)
        {
            var flags = new bool[days];
            var exceptionDates = new List<DateOnly>();
            for (var d = 0; d < days; d++)
            {
                flags[d] = exceptions[(i * days) + d];
                if (flags[d])
                {
                    exceptionDates.Add(market.Dates[d]);
                }
            }
            var x = exceptionDates.Count;
            var series = inputs.IncludeSeries
                ? Enumerable.Range(0, days).Select(d => new BacktestDay(market.Dates[d], im![(i * days) + d], loss![(i * days) + d])).ToArray()
                : null;
            portfolios[i] = days == 0
                ? new BacktestPortfolio(inputs.Reference.Book.Accounts[i].Id, 0, 0, new KupiecTest(0, 1),
                    new ChristoffersenTest(0, 0, 0, 0, 0, 1, 0, 1), TrafficLight.Green, [], series)
                : new BacktestPortfolio(inputs.Reference.Book.Accounts[i].Id, days, x, CoverageTests.Kupiec(days, x, expected),
                    CoverageTests.Christoffersen(flags, expected), CoverageTests.Zone(days, x, expected), exceptionDates, series);
        }
        var summary = new BacktestSummary(
            accounts,
            portfolios.Count(q => q.TrafficLight == TrafficLight.Green),
            portfolios.Count(q => q.TrafficLight == TrafficLight.Yellow),
            portfolios.Count(q => q.TrafficLight == TrafficLight.Red),
            (long)accounts * days,
            portfolios.Sum(q => (long)q.Exceptions));
        progress?.Report(new MarginProgress("backtest", 1));
        return new BacktestResult(p.Method, inputs.From, inputs.To, inputs.HorizonDays, inputs.Lambda, expected, market.Dates,
            market.SkippedDates, portfolios, summary);
    }

    /// <summary>Any method: the margin engine on the book at the reference prices and the volatilities of t.</summary>
    private void Generic(
        BacktestInputs inputs, BacktestMarket market, bool[] exceptions, double[]? im, double[]? loss, IProgress<MarginProgress>? progress, CancellationToken ct)
    {
        var engine = new MarginEngine(_options);
        var book = inputs.Reference.Book;
        var aged = StressEngine.Age(book, inputs.HorizonDays);
        var days = market.Dates.Count;
        for (var d = 0; d < days; d++)
        {
            ct.ThrowIfCancellationRequested();
            var before = market.SnapshotAt(d, after: false);
            var after = market.SnapshotAt(d, after: true);
            var result = engine.Margin(MarginInputs.Create(before, inputs.Reference.Parameters, book, inputs.Closes), null, ct);
            for (var i = 0; i < book.Accounts.Count; i++)
            {
                var margin = result.Accounts[i].InitialMargin;
                var realised = StressEngine.MarkToMarket(book.Accounts[i], before, 0) - StressEngine.MarkToMarket(aged.Accounts[i], after, 0);
                exceptions[(i * days) + d] = realised > margin;
                if (im is not null && loss is not null)
                {
                    im[(i * days) + d] = margin;
                    loss[(i * days) + d] = realised;
                }
            }
            progress?.Report(new MarginProgress("backtest", (d + 1.0) / days));
        }
    }
}

/// <summary>The market of each tested date, as the backtest sees it: reference prices, the
/// volatility of each risky asset at t and at t + h, and its return from t to t + h.</summary>
internal sealed class BacktestMarket
{
    private readonly BacktestInputs _inputs;

    private BacktestMarket(BacktestInputs inputs, List<DateOnly> dates, int skipped, double[][] volBefore, double[][] volAfter, double[][] returns)
    {
        _inputs = inputs;
        Dates = dates;
        SkippedDates = skipped;
        VolBefore = volBefore;
        VolAfter = volAfter;
        Returns = returns;
    }

    public IReadOnlyList<DateOnly> Dates { get; }

    public int SkippedDates { get; }

    /// <summary>[asset][day] in correlation order.</summary>
    public double[][] VolBefore { get; }

    public double[][] VolAfter { get; }

    public double[][] Returns { get; }

    public static BacktestMarket Create(BacktestInputs inputs, CancellationToken ct)
    {
        var assets = inputs.Reference.Parameters.RiskyAssets;
        var closes = inputs.Closes;
        var h = inputs.HorizonDays;
        var cache = new Dictionary<(int, DateOnly), double?>();
        double? Vol(int a, DateOnly date)
        {
            if (!cache.TryGetValue((a, date), out var v))
            {
                v = inputs.Dvol is not null && inputs.Dvol.TryGetClose(assets[a], date, out var dvol)
                    ? dvol / 100
                    : Estimation.EwmaEstimator.Volatility(closes, assets[a], date, inputs.Lambda, BacktestInputs.VolatilityWindowDays);
                cache[(a, date)] = v;
            }
            return v;
        }
        var dates = new List<DateOnly>();
        var before = assets.Select(_ => new List<double>()).ToArray();
        var after = assets.Select(_ => new List<double>()).ToArray();
        var returns = assets.Select(_ => new List<double>()).ToArray();
        var skipped = 0;
        var row = new (double Before, double After, double Return)[assets.Count];
        for (var t = inputs.From; t <= inputs.To; t = t.AddDays(1))
        {
            ct.ThrowIfCancellationRequested();
            var ok = true;
            for (var a = 0; a < assets.Count; a++)
            {
                if (!closes.TryGetClose(assets[a], t, out var c0) || !closes.TryGetClose(assets[a], t.AddDays(h), out var c1)
                    || Vol(a, t) is not { } v0 || Vol(a, t.AddDays(h)) is not { } v1)
                {
                    ok = false;
                    break;
                }
                row[a] = (v0, v1, (c1 / c0) - 1);
            }
            if (!ok)
            {
                skipped++;
                continue;
            }
            dates.Add(t);
            for (var a = 0; a < assets.Count; a++)
            {
                before[a].Add(row[a].Before);
                after[a].Add(row[a].After);
                returns[a].Add(row[a].Return);
            }
        }
        return new BacktestMarket(inputs, dates, skipped, [.. before.Select(l => l.ToArray())], [.. after.Select(l => l.ToArray())],
            [.. returns.Select(l => l.ToArray())]);
    }

    /// <summary>The snapshot of day <paramref name="d"/>: reference prices and volatilities of t
    /// (dated t), or after the horizon: prices moved by the returns and volatilities of t + h.</summary>
    public MarketSnapshot SnapshotAt(int d, bool after)
    {
        var reference = _inputs.Reference.Market;
        var index = _inputs.Reference.Parameters.RiskyAssets.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i, StringComparer.Ordinal);
        var quotes = reference.Assets.Select(q => index.TryGetValue(q.Symbol, out var a)
            ? q with
            {
                Price = after ? q.Price * (1 + Returns[a][d]) : q.Price,
                Volatility = after ? VolAfter[a][d] : VolBefore[a][d],
            }
            : q);
        return MarketSnapshot.Create(after ? Dates[d].AddDays(_inputs.HorizonDays) : Dates[d], quotes);
    }
}
