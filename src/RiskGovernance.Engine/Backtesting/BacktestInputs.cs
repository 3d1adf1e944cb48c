using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Backtesting;

/// <summary>The inputs of a backtest, validated: the parameter set, the portfolios (a book) and the
/// snapshot they are written against (their reference prices), the date range, the horizon, the
/// EWMA decay for volatilities where DVOL is missing, and the histories.</summary>
/// <remarks>Each portfolio is held at every date t at the same USD notional and moneyness as at the
/// reference snapshot (quantities scaled by S_ref / S_t, strikes by S_t / S_ref, option expiries
/// constant: a rolling constant-maturity book), so that a book written today can be run through
/// 2019-2024 prices. Margin and P&amp;L are homogeneous in (S, K), so each day is computed at the
/// reference prices with that day's volatilities and returns.</remarks>
public sealed class BacktestInputs
{
    /// <summary>Default horizon: one day.</summary>
    public const int DefaultHorizonDays = 1;

    /// <summary>Volatility window (calendar days) of the EWMA estimate where DVOL is missing.</summary>
    public const int VolatilityWindowDays = MarketSnapshotBuilder.DefaultVolatilityWindow;

    private BacktestInputs(
        MarginInputs reference, DateOnly from, DateOnly to, int horizonDays, double lambda, PriceHistory closes, PriceHistory? dvol, bool includeSeries)
    {
        Reference = reference;
        From = from;
        To = to;
        HorizonDays = horizonDays;
        Lambda = lambda;
        Closes = closes;
        Dvol = dvol;
        IncludeSeries = includeSeries;
    }

    /// <summary>Reference snapshot, parameter set and portfolios (and the closes, for the historical method).</summary>
    public MarginInputs Reference { get; }

    /// <summary>The first date t tried.</summary>
    public DateOnly From { get; }

    /// <summary>The last date t tried.</summary>
    public DateOnly To { get; }

    /// <summary>h: the loss is realised from t to t + h.</summary>
    public int HorizonDays { get; }

    /// <summary>EWMA decay of the volatility estimate where there is no DVOL.</summary>
    public double Lambda { get; }

    /// <summary>Daily closes.</summary>
    public PriceHistory Closes { get; }

    /// <summary>DVOL index (percent) of the assets that have one, or none.</summary>
    public PriceHistory? Dvol { get; }

    /// <summary>Whether to keep the daily IM and loss of each portfolio (for charts).</summary>
    public bool IncludeSeries { get; }

    /// <summary>Validates (fields <c>from</c>, <c>to</c>, <c>horizon</c>, <c>lambda</c>, and the book
    /// against the snapshot and parameter set) and creates.</summary>
    public static BacktestInputs Create(
        ParameterSet parameters, Book portfolios, MarketSnapshot reference, DateOnly from, DateOnly to, int horizonDays = DefaultHorizonDays,
        double lambda = EwmaEstimator.DefaultLambda, PriceHistory? closes = null, PriceHistory? dvol = null, bool includeSeries = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(portfolios);
        ArgumentNullException.ThrowIfNull(reference);
        closes ??= MarketDataset.LoadDailyCloses();
        var e = new ValidationErrors();
        if (to < from)
        {
            e.Add("to", $"must not be before from ({from:yyyy-MM-dd})");
        }
        if (horizonDays < 1 || horizonDays > 365)
        {
            e.Add("horizon", "must be an integer in [1, 365]");
        }
        EwmaEstimator.CheckLambda(e, "lambda", lambda);
        if (portfolios.Accounts.Count == 0)
        {
            e.Add("book.accounts", "must hold at least one portfolio");
        }
        foreach (var asset in parameters.RiskyAssets.Where(a => !closes.Assets.Contains(a)))
        {
            e.Add($"history.{asset}", "has no daily closes");
        }
        MarginInputs? inputs = null;
        try
        {
            inputs = MarginInputs.Create(reference, parameters, portfolios, closes);
        }
        catch (InputValidationException ex)
        {
            e.AddRange(ex.Errors);
        }
        e.ThrowIfAny();
        return new BacktestInputs(inputs!, from, to, horizonDays, lambda, closes, dvol, includeSeries);
    }
}

/// <summary>The named reference portfolios of a backtest, USD 1 million notional each at the
/// reference prices, on the first two risky assets (BTC and ETH when the set has them):
/// <c>long-perp-A</c>, <c>short-perp-A</c>, <c>pair-A-B</c> (long A perp against short B perp),
/// <c>short-straddle-A</c> (short 30-day at-the-money call and put), <c>covered-call-A</c> (A held
/// as collateral, short 30-day 110 % call) and <c>long-spot-B</c> (B held as collateral).</summary>
public static class ReferencePortfolios
{
    /// <summary>USD notional of each leg.</summary>
    public const double Notional = 1_000_000;

    /// <summary>The portfolios for <paramref name="parameters"/> at the prices of <paramref name="reference"/>.</summary>
    public static Book Create(MarketSnapshot reference, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(parameters);
        var risky = parameters.RiskyAssets;
        var a = risky.Contains("BTC") ? "BTC" : risky[0];
        var b = risky.Contains("ETH") && a != "ETH" ? "ETH" : risky.FirstOrDefault(x => x != a);
        var sa = reference[a].Price;
        var qa = Notional / sa;
        var lower = a.ToLowerInvariant();
        var list = new List<Account>
        {
            new($"long-perp-{lower}", [], [new PerpPosition(a, qa, sa)]),
            new($"short-perp-{lower}", [], [new PerpPosition(a, -qa, sa)]),
            new($"short-straddle-{lower}", [],
                [new OptionPosition(a, OptionRight.Call, sa, 30, -qa), new OptionPosition(a, OptionRight.Put, sa, 30, -qa)]),
            new($"covered-call-{lower}", [new CollateralBalance(a, qa)], [new OptionPosition(a, OptionRight.Call, sa * 1.1, 30, -qa)]),
        };
        if (b is not null)
        {
            var sb = reference[b].Price;
            var qb = Notional / sb;
            list.Insert(2, new Account($"pair-{lower}-{b.ToLowerInvariant()}", [], [new PerpPosition(a, qa, sa), new PerpPosition(b, -qb, sb)]));
            list.Add(new Account($"long-spot-{b.ToLowerInvariant()}", [new CollateralBalance(b, qb)], []));
        }
        return Book.Create(list);
    }

    /// <summary>A reference snapshot for the portfolios: each risky asset at its last close on or
    /// before <paramref name="asOf"/> (volatility 0.5: it does not enter a backtest, whose
    /// volatilities come from each day).</summary>
    public static MarketSnapshot ReferenceMarket(ParameterSet parameters, PriceHistory closes, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(closes);
        var e = new ValidationErrors();
        var quotes = new List<AssetQuote>();
        foreach (var asset in parameters.RiskyAssets)
        {
            var dates = closes.DatesOf(asset);
            var last = dates.LastOrDefault(d => d <= asOf);
            if (dates.Count == 0 || last == default)
            {
                e.Add($"history.{asset}", $"has no close on or before {asOf:yyyy-MM-dd}");
                continue;
            }
            closes.TryGetClose(asset, last, out var close);
            quotes.Add(new AssetQuote(asset, close, 0.5));
        }
        e.ThrowIfAny();
        return MarketSnapshot.Create(asOf, quotes);
    }
}
