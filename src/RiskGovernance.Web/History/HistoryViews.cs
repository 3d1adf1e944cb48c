using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskGovernance.Web.History;

/// <summary>The replayed move of one asset.</summary>
public sealed record StressMoveView(string Asset, double CloseBefore, double CloseAfter, double Return, double VolatilityMultiplier, string VolatilitySource, string? Proxy);

/// <summary>The stress window.</summary>
public sealed record StressWindowView(string Name, DateOnly Start, DateOnly End, DateOnly BaseDate, int Days);

/// <summary>Totals of a replay under one parameter set.</summary>
public sealed record StressTotalsView(
    int Accounts, double Loss, double EquityBefore, double EquityAfter, double InitialMarginBefore, int AccountsWithLoss,
    [property: JsonPropertyName("accountsLossCoveredByMargin")] int AccountsLossCovered,
    [property: JsonPropertyName("shareLossCoveredByMargin")] double? ShareLossCovered,
    int AccountsWipedOut, double BadDebt, double InsuranceFund, double Shortfall);

/// <summary>One way of the correlation stress.</summary>
public sealed record CorrelationStressSideView(double InitialMargin, double ChangeInitialMargin, int AccountsBelowInitialMargin, int AccountsLiquidatable);

/// <summary>The correlation stress both ways; <see cref="Worse"/> is "towards-one" or "towards-zero".</summary>
public sealed record CorrelationStressView(CorrelationStressSideView TowardsOne, CorrelationStressSideView TowardsZero, string Worse);

/// <summary>A price move caused by a cascade round.</summary>
public sealed record CascadePriceMoveView(string Asset, double NetNotional, double Move, double PriceAfter);

/// <summary>One cascade round.</summary>
public sealed record CascadeRoundView(int Round, int AccountsLiquidated, double LiquidatedNotional, double BadDebt, IReadOnlyList<CascadePriceMoveView> PriceMoves);

/// <summary>The liquidation cascade.</summary>
public sealed record CascadeView(
    int AccountsLiquidated, double LiquidatedNotional, double BadDebt, double InsuranceFundLeft, double Shortfall, bool Converged,
    IReadOnlyList<CascadeRoundView> Rounds);

/// <summary>A replay under one parameter set (the per-account rows stay in the stored JSON).</summary>
public sealed record StressSideView(StressTotalsView Totals, CorrelationStressView CorrelationStress, CascadeView Cascade);

/// <summary>A stress replay, current vs proposed, as read back from the stored engine JSON.</summary>
public sealed record StressView(StressWindowView Window, IReadOnlyList<StressMoveView> Moves, StressSideView Current, StressSideView? Proposed);

/// <summary>Kupiec's test.</summary>
public sealed record KupiecView(double LikelihoodRatio, double PValue);

/// <summary>Christoffersen's tests.</summary>
public sealed record ChristoffersenView(
    int N00, int N01, int N10, int N11, double IndependenceLikelihoodRatio, double IndependencePValue,
    double ConditionalCoverageLikelihoodRatio, double ConditionalCoveragePValue);

/// <summary>The backtest of one portfolio; <see cref="TrafficLight"/> is "green", "yellow" or "red".</summary>
public sealed record BacktestPortfolioView(
    string Id, int Observations, int Exceptions, double ExceptionRate, KupiecView Kupiec, ChristoffersenView Christoffersen, string TrafficLight,
    IReadOnlyList<DateOnly> ExceptionDates);

/// <summary>Zones and pooled counts.</summary>
public sealed record BacktestSummaryView(int Portfolios, int Green, int Yellow, int Red, long Observations, long Exceptions);

/// <summary>A backtest of one parameter set, as read back from the stored engine JSON.</summary>
public sealed record BacktestView(
    string Method, DateOnly From, DateOnly To, int HorizonDays, double Lambda, double ExpectedExceptionRate,
    [property: JsonPropertyName("dates")] int DateCount, int SkippedDates, DateOnly? FirstDate, DateOnly? LastDate,
    BacktestSummaryView Summary, IReadOnlyList<BacktestPortfolioView> Portfolios);

/// <summary>One asset of the estimate next to the proposal.</summary>
public sealed record AssetEstimateView(string Asset, double EstimatedVolatility, double ScanRange, double ScanRangeInDailySigmas);

/// <summary>One pair: estimated vs proposed correlation.</summary>
public sealed record CorrelationPairView(string First, string Second, double Estimated, double Proposed, double Difference);

/// <summary>The comparison with the proposal.</summary>
public sealed record EstimateComparisonView(IReadOnlyList<AssetEstimateView> Assets, IReadOnlyList<CorrelationPairView> Pairs, double MaxAbsCorrelationDifference);

/// <summary>The EWMA estimate as of the snapshot's date compared with the proposal, as read back from the stored engine JSON.</summary>
public sealed record EstimateView(DateOnly AsOf, double Lambda, int WindowDays, int Returns, EstimateComparisonView Comparison);

/// <summary>Reads the engine's JSON documents into the views.</summary>
public static class HistoryViewJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>A <c>riskgov stress</c> document.</summary>
    public static StressView Stress(string json) => Read<StressView>(json);

    /// <summary>A <c>riskgov backtest</c> document.</summary>
    public static BacktestView Backtest(string json) => Read<BacktestView>(json);

    /// <summary>A <c>riskgov history estimate --params</c> document.</summary>
    public static EstimateView Estimate(string json) => Read<EstimateView>(json);

    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"the stored {typeof(T).Name} is empty");
}
