using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.MarketData;

/// <summary>Builds a market snapshot from real daily closes: the price of each asset is its
/// close on <c>asOf</c> and its volatility the annualised volatility of its daily log returns
/// over the window ending at <c>asOf</c> (<see cref="ReturnStatistics"/>). Used for demo and
/// benchmark inputs: a realised volatility stands in for the implied volatility the methodology
/// expects.</summary>
public static class MarketSnapshotBuilder
{
    /// <summary>Default volatility window in calendar days.</summary>
    public const int DefaultVolatilityWindow = 90;

    /// <summary>Creates the snapshot. <paramref name="stablecoins"/> are added after the risky
    /// symbols at price 1 and volatility 0. Throws <see cref="InputValidationException"/> naming
    /// <c>history.ASSET</c> when an asset has no close on <paramref name="asOf"/> or too few returns.</summary>
    public static MarketSnapshot FromHistory(
        PriceHistory history,
        DateOnly asOf,
        IReadOnlyList<string> symbols,
        int volatilityWindow = DefaultVolatilityWindow,
        VolatilityEstimator estimator = VolatilityEstimator.Ewma,
        IReadOnlyList<string>? stablecoins = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(symbols);
        var errors = new ValidationErrors();
        var quotes = new List<AssetQuote>();
        foreach (var symbol in symbols)
        {
            if (!history.TryGetClose(symbol, asOf, out var close))
            {
                errors.Add($"history.{symbol}", $"has no close on {asOf:yyyy-MM-dd}");
                continue;
            }
            try
            {
                var vol = ReturnStatistics.AnnualisedVolatility(history, symbol, asOf, volatilityWindow, estimator);
                quotes.Add(new AssetQuote(symbol, close, vol));
            }
            catch (InputValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        errors.ThrowIfAny();
        foreach (var stable in stablecoins ?? [])
        {
            quotes.Add(new AssetQuote(stable, 1.0, 0.0));
        }
        return MarketSnapshot.Create(asOf, quotes);
    }
}
