namespace RiskGovernance.Engine.Results;

/// <summary>How one account fares under the proposed parameter set compared with the current one.</summary>
public sealed record AccountImpact(
    string Id,
    double DeltaInitialMargin,
    MarginStatus CurrentStatus,
    MarginStatus ProposedStatus,
    double CollateralToStayHealthy);

/// <summary>Totals of an impact comparison. <see cref="TransitionMatrix"/>[from][to] counts accounts
/// by current status (row) and proposed status (column), both indexed by <see cref="MarginStatus"/>.</summary>
public sealed record ImpactTotals(
    double ChangeInitialMargin,
    int StatusWorse,
    int StatusBetter,
    IReadOnlyList<IReadOnlyList<int>> TransitionMatrix,
    double CollateralToStayHealthy);

/// <summary>The impact of a proposed parameter set on a book: both margin results and the comparison.</summary>
public sealed record ImpactResult(
    MarginResult Current,
    MarginResult Proposed,
    IReadOnlyList<AccountImpact> Accounts,
    ImpactTotals Totals);
