using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.MarketData;

/// <summary>Where an asset's volatility in an oracle market snapshot comes from.</summary>
public enum VolatilityMethod
{
    /// <summary>The Deribit DVOL close of the snapshot's date (an implied volatility, in percent, divided by 100).</summary>
    Dvol,

    /// <summary>The RiskMetrics EWMA of the asset's own daily log returns in the window ending at the snapshot's date
    /// (<see cref="ReturnStatistics.AnnualisedVolatility"/> with <see cref="VolatilityEstimator.Ewma"/>).</summary>
    Ewma,
}

/// <summary>One asset's volatility and how it was obtained.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Volatility">The annualised volatility (0.553 for 55.3 %).</param>
/// <param name="Method">DVOL or EWMA.</param>
/// <param name="Date">The date the value is taken at (the DVOL close's date, or the last day of the EWMA window).</param>
/// <param name="DvolClose">The DVOL close in percent (DVOL only).</param>
/// <param name="WindowDays">The EWMA window in calendar days (EWMA only).</param>
/// <param name="Lambda">The EWMA decay (EWMA only).</param>
/// <param name="Returns">How many daily returns the EWMA used (EWMA only).</param>
public sealed record VolatilityEstimate(
    string Asset, double Volatility, VolatilityMethod Method, DateOnly Date,
    double? DvolClose, int? WindowDays, double? Lambda, int? Returns);

/// <summary>
/// Volatilities for a market snapshot: the DVOL close of the asset on the date where the DVOL
/// history has one, and otherwise the EWMA of the asset's own daily closes over a window ending on
/// the date. <see cref="Embedded"/> uses the engine's embedded Deribit DVOL and Binance closes.
/// </summary>
public sealed class OracleVolatility
{
    private readonly PriceHistory? _dvol;
    private readonly PriceHistory _prices;

    /// <summary>Creates the source.</summary>
    /// <param name="prices">Daily closes per asset (the EWMA's input).</param>
    /// <param name="dvol">DVOL closes per asset in percent, or null for EWMA only.</param>
    /// <param name="windowDays">The EWMA window in calendar days (at least 2).</param>
    /// <param name="lambda">The EWMA decay, in (0, 1).</param>
    public OracleVolatility(PriceHistory prices, PriceHistory? dvol, int windowDays = MarketSnapshotBuilder.DefaultVolatilityWindow, double lambda = ReturnStatistics.RiskMetricsLambda)
    {
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 2);
        if (!(lambda > 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be in (0, 1).");
        }

        _dvol = dvol;
        WindowDays = windowDays;
        Lambda = lambda;
    }

    /// <summary>The EWMA window in calendar days.</summary>
    public int WindowDays { get; }

    /// <summary>The EWMA decay.</summary>
    public double Lambda { get; }

    /// <summary>The engine's embedded data: Deribit DVOL (BTC, ETH) and Binance daily closes of ten assets.</summary>
    public static OracleVolatility Embedded() => new(MarketDataset.LoadDailyCloses(), MarketDataset.LoadDvolCloses());

    /// <summary>The volatility of <paramref name="asset"/> on <paramref name="date"/>. Throws
    /// <see cref="InputValidationException"/> naming <c>history.ASSET</c> when there is no DVOL close
    /// on the date and too few daily returns for the EWMA.</summary>
    public VolatilityEstimate Estimate(string asset, DateOnly date)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        if (_dvol is not null && _dvol.TryGetClose(asset, date, out var dvolClose))
        {
            return new VolatilityEstimate(asset, dvolClose / 100.0, VolatilityMethod.Dvol, date, dvolClose, null, null, null);
        }

        var returns = ReturnStatistics.DailyLogReturns(_prices, asset, date, WindowDays).Length;
        var volatility = ReturnStatistics.AnnualisedVolatility(_prices, asset, date, WindowDays, VolatilityEstimator.Ewma, Lambda);
        return new VolatilityEstimate(asset, volatility, VolatilityMethod.Ewma, date, null, WindowDays, Lambda, returns);
    }
}
