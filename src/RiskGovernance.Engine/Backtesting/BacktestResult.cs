using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Backtesting;

/// <summary>One day of one portfolio: the IM at t and the loss realised from t to t + h.</summary>
public readonly record struct BacktestDay(DateOnly Date, double InitialMargin, double Loss)
{
    /// <summary>Loss &gt; IM.</summary>
    public bool Exception => Loss > InitialMargin;
}

/// <summary>The backtest of one portfolio.</summary>
/// <param name="Id">Portfolio (account) id.</param>
/// <param name="Observations">Days tested (N).</param>
/// <param name="Exceptions">Days with loss &gt; IM (x).</param>
/// <param name="Kupiec">Proportion of failures.</param>
/// <param name="Christoffersen">Independence and conditional coverage.</param>
/// <param name="TrafficLight">Basel zone.</param>
/// <param name="ExceptionDates">The dates t of the exceptions.</param>
/// <param name="Series">Every day's IM and loss, when asked for.</param>
public sealed record BacktestPortfolio(
    string Id,
    int Observations,
    int Exceptions,
    KupiecTest Kupiec,
    ChristoffersenTest Christoffersen,
    TrafficLight TrafficLight,
    IReadOnlyList<DateOnly> ExceptionDates,
    IReadOnlyList<BacktestDay>? Series)
{
    /// <summary>x / N.</summary>
    public double ExceptionRate => Observations == 0 ? 0 : (double)Exceptions / Observations;
}

/// <summary>Portfolios per zone and the pooled counts.</summary>
public sealed record BacktestSummary(int Portfolios, int Green, int Yellow, int Red, long Observations, long Exceptions);

/// <summary>A backtest of a parameter set over history.</summary>
/// <param name="Method">The set's method.</param>
/// <param name="From">First date tried.</param>
/// <param name="To">Last date tried.</param>
/// <param name="HorizonDays">h.</param>
/// <param name="Lambda">EWMA decay of the volatilities where DVOL is missing.</param>
/// <param name="ExpectedExceptionRate">p = 1 - simulation.confidence.</param>
/// <param name="Dates">Dates tested (every risky asset has closes at t and t + h and a volatility at both).</param>
/// <param name="SkippedDates">Dates of the range without the data to test.</param>
/// <param name="Portfolios">Per portfolio, in the order of the book.</param>
/// <param name="Summary">Zones and pooled counts.</param>
public sealed record BacktestResult(
    MarginMethod Method,
    DateOnly From,
    DateOnly To,
    int HorizonDays,
    double Lambda,
    double ExpectedExceptionRate,
    IReadOnlyList<DateOnly> Dates,
    int SkippedDates,
    IReadOnlyList<BacktestPortfolio> Portfolios,
    BacktestSummary Summary);
