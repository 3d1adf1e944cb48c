using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Stress;

/// <summary>One account under a replayed move and one parameter set.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Loss">Mark-to-market loss of the move (no haircut; the same under every parameter set); negative is a gain.</param>
/// <param name="EquityBefore">Equity at the snapshot (haircuts of this set).</param>
/// <param name="EquityAfter">Equity after the move (haircuts of this set).</param>
/// <param name="InitialMarginBefore">IM held before the move under this set.</param>
/// <param name="LossCoveredByMargin">Loss &lt;= IM before the move.</param>
/// <param name="WipedOut">Equity after &lt; 0.</param>
/// <param name="StatusAfter">Status after the move, requirements recomputed at the moved market.</param>
public sealed record StressAccount(
    string Id, double Loss, double EquityBefore, double EquityAfter, double InitialMarginBefore, bool LossCoveredByMargin, bool WipedOut,
    MarginStatus StatusAfter);

/// <summary>Totals of a replay under one parameter set. <see cref="ShareLossCovered"/> is over the
/// accounts with a positive loss (null when none lost).</summary>
public sealed record StressTotals(
    int Accounts,
    double Loss,
    double EquityBefore,
    double EquityAfter,
    double InitialMarginBefore,
    int AccountsWithLoss,
    int AccountsLossCovered,
    double? ShareLossCovered,
    int AccountsWipedOut,
    double BadDebt,
    double InsuranceFund,
    double Shortfall,
    StatusCounts StatusAfter);

/// <summary>The margin of the book with the correlation matrix moved all the way one way.</summary>
/// <param name="InitialMargin">Total IM.</param>
/// <param name="ChangeInitialMargin">Total IM minus the total IM under the set as it is.</param>
/// <param name="AccountsBelowInitialMargin">Accounts whose equity is below their IM.</param>
/// <param name="AccountsLiquidatable">Accounts liquidatable.</param>
public sealed record CorrelationStressSide(double InitialMargin, double ChangeInitialMargin, int AccountsBelowInitialMargin, int AccountsLiquidatable);

/// <summary>Which way of the correlation stress needs more margin.</summary>
public enum CorrelationDirection
{
    /// <summary>Every off-diagonal correlation at +1.</summary>
    TowardsOne,

    /// <summary>Every off-diagonal correlation at 0.</summary>
    TowardsZero,
}

/// <summary>Correlation stress both ways at the snapshot (before the move), and the worse of the two.</summary>
public sealed record CorrelationStressResult(CorrelationStressSide TowardsOne, CorrelationStressSide TowardsZero, CorrelationDirection Worse);

/// <summary>The price move of one asset in a cascade round.</summary>
/// <param name="Asset">The symbol.</param>
/// <param name="NetNotional">Signed delta-equivalent USD notional closed (positive: longs sold).</param>
/// <param name="Move">Relative price move applied: -impact * net notional, floored at -99 %.</param>
/// <param name="PriceAfter">The price after the round.</param>
public sealed record CascadePriceMove(string Asset, double NetNotional, double Move, double PriceAfter);

/// <summary>One round of the liquidation cascade.</summary>
/// <param name="Round">1 for the accounts liquidatable right after the move.</param>
/// <param name="AccountsLiquidated">Accounts closed in the round.</param>
/// <param name="LiquidatedNotional">Gross delta-equivalent USD notional closed.</param>
/// <param name="BadDebt">Negative equity of the accounts closed, absorbed by the fund.</param>
/// <param name="PriceMoves">The price move of each risky asset caused by the round.</param>
public sealed record CascadeRound(int Round, int AccountsLiquidated, double LiquidatedNotional, double BadDebt, IReadOnlyList<CascadePriceMove> PriceMoves);

/// <summary>The liquidation cascade after the move.</summary>
/// <param name="Rounds">Rounds with at least one liquidation.</param>
/// <param name="AccountsLiquidated">Total accounts closed.</param>
/// <param name="LiquidatedNotional">Total gross notional closed.</param>
/// <param name="BadDebt">Total bad debt.</param>
/// <param name="InsuranceFundLeft">max(0, fund - bad debt).</param>
/// <param name="Shortfall">max(0, bad debt - fund): what the fund cannot absorb (socialised losses).</param>
/// <param name="Converged">False when the round cap stopped the cascade with accounts still liquidatable.</param>
public sealed record CascadeResult(
    IReadOnlyList<CascadeRound> Rounds, int AccountsLiquidated, double LiquidatedNotional, double BadDebt, double InsuranceFundLeft, double Shortfall,
    bool Converged);

/// <summary>The replay under one parameter set.</summary>
public sealed record StressSide(
    string Label, IReadOnlyList<StressAccount> Accounts, StressTotals Totals, CorrelationStressResult CorrelationStress, CascadeResult Cascade);

/// <summary>A stress replay of a historical window on a book, under the current and (optionally) the proposed parameter set.</summary>
public sealed record StressResult(MarketMove Move, StressAssumptions Assumptions, StressSide Current, StressSide? Proposed);
