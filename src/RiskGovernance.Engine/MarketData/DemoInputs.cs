using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.MarketData;

/// <summary>
/// The ten-asset demo inputs (src/RiskGovernance.Cli/examples/market10.json and params10.json),
/// built from the embedded real data so that they can be reproduced at any time.
/// </summary>
/// <remarks>
/// Market at <see cref="AsOf"/> (2024-09-10, the last date with closes of all ten assets): prices
/// are the Binance closes (USDT taken as USD); volatilities are the Deribit DVOL index for BTC and
/// ETH (a real implied volatility) and the EWMA (lambda 0.94) volatility of the last 90 days of
/// daily log returns for the others, rounded to 4 decimals; USDC and USDT at 1 with volatility 0.
/// <para>Parameters, from each asset's volatility sigma (annualised): scanRange = 3.3 sigma
/// sqrt(3/365) (a 3-day move at about 99.95 % one-sided), volUp = 0.25 + sigma / 2, volDown =
/// volUp / 2, haircut = 2.33 sigma sqrt(1/365) (a 1-day 99 % move), all rounded to 0.01 and
/// clamped (scanRange to [0.05, 0.33] so that extremeMultiple 3 keeps prices positive; volUp to
/// [0.3, 1]; haircut to [0.02, 0.5]). The correlation is the sample correlation of the last
/// 365 days of daily log returns (a Gram matrix, so positive semidefinite), rounded to 4 decimals;
/// if rounding ever broke positive semidefiniteness the Higham repair would be applied (it is not
/// needed for this date). Other fields follow the FORMATS.md example (grid 3 steps, extreme 3x at
/// 0.33 coverage, ES 99 % over 1 day, 10,000 scenarios, seed 42, 730 history days).</para>
/// </remarks>
public static class DemoInputs
{
    public static DateOnly AsOf { get; } = MarketDataset.LastDateWithAllAssets;

    public const int VolatilityWindowDays = 90;

    public const int CorrelationWindowDays = 365;

    public static IReadOnlyList<string> Stablecoins { get; } = ["USDC", "USDT"];

    /// <summary>The ten-asset market snapshot at <see cref="AsOf"/>.</summary>
    public static MarketSnapshot Market10() => Market(MarketDataset.DailyAssets, AsOf);

    /// <summary>The ten-asset parameter set for <see cref="Market10"/>.</summary>
    public static ParameterSet Params10() => Parameters(Market10(), MarketDataset.DailyAssets, AsOf);

    /// <summary>A market snapshot for any assets and date of the embedded data, built the same way
    /// as <see cref="Market10"/>.</summary>
    public static MarketSnapshot Market(IReadOnlyList<string> assets, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var history = MarketDataset.LoadDailyCloses();
        var dvol = MarketDataset.LoadDvolCloses();
        var built = MarketSnapshotBuilder.FromHistory(history, asOf, assets, VolatilityWindowDays, VolatilityEstimator.Ewma, Stablecoins);
        var quotes = built.Assets.Select(q =>
            q.Volatility == 0 ? q
            : dvol.TryGetClose(q.Symbol, asOf, out var implied) ? q with { Volatility = Math.Round(implied / 100, 4) }
            : q with { Volatility = Math.Round(q.Volatility, 4) });
        return MarketSnapshot.Create(asOf, quotes);
    }

    /// <summary>The parameter set for <paramref name="assets"/> in <paramref name="market"/>, with the
    /// correlation of the embedded history ending at <paramref name="asOf"/>.</summary>
    public static ParameterSet Parameters(MarketSnapshot market, IReadOnlyList<string> assets, DateOnly asOf) =>
        Parameters(market, assets, MarketDataset.LoadDailyCloses(), asOf);

    internal static ParameterSet Parameters(MarketSnapshot market, IReadOnlyList<string> assets, PriceHistory history, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(assets);
        var entries = assets.Select(a =>
        {
            var sigma = market[a].Volatility;
            var scan = Round2(Math.Clamp(3.3 * sigma * Math.Sqrt(3 / 365.0), 0.05, 0.33));
            var volUp = Round2(Math.Clamp(0.25 + (sigma / 2), 0.3, 1.0));
            var haircut = Round2(Math.Clamp(2.33 * sigma * Math.Sqrt(1 / 365.0), 0.02, 0.5));
            return new AssetParameterEntry(a, new AssetRiskParameters(scan, volUp, Round2(volUp / 2), haircut));
        }).ToArray();

        var sample = ReturnStatistics.SampleCorrelation(history, assets, asOf, CorrelationWindowDays);
        var rounded = sample.Select(row => row.Select(v => Math.Round(v, 4)).ToArray()).ToArray();
        var matrix = NearestCorrelation.IsValidCorrelation(rounded) ? rounded : NearestCorrelation.Repair(rounded);

        return ParameterSet.Create(
            MarginMethod.Grid,
            imMultiplier: 1.0,
            mmRatio: 0.6,
            liquidationRatio: 0.8,
            shortOptionMinimum: 0.01,
            correlationStress: 0.0,
            new GridParameters(Steps: 3, ExtremeMultiple: 3.0, ExtremeCoverage: 0.33, VegaPowerShort: 0.3, VegaPowerLong: 0.13,
                DteFloorDays: 1.0, VolFloor: 0.05),
            new SimulationParameters(RiskMeasure.ExpectedShortfall, Confidence: 0.99, HorizonDays: 1, Scenarios: 10_000, Seed: 42,
                ReturnDistribution.Normal, DegreesOfFreedom: 4, HistoryDays: 730),
            entries,
            assets,
            matrix);
    }

    private static double Round2(double x) => Math.Round(x, 2);
}
