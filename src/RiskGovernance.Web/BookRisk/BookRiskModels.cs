using RiskGovernance.Engine.Results;

namespace RiskGovernance.Web.BookRisk;

/// <summary>The book's headline tail risk: the whole book taken as one account under the engine's Monte Carlo method.</summary>
/// <param name="ValueAtRisk">The book's VaR (USD, a loss, >= 0).</param>
/// <param name="ExpectedShortfall">The book's ES (USD, a loss, >= 0).</param>
/// <param name="Confidence">The confidence of both (the ratified <c>simulation.confidence</c>).</param>
/// <param name="HorizonDays">The horizon in days (the ratified <c>simulation.horizonDays</c>).</param>
/// <param name="Scenarios">Monte Carlo scenarios (the ratified <c>simulation.scenarios</c>).</param>
/// <param name="Seed">The Monte Carlo seed (the ratified <c>simulation.seed</c>).</param>
/// <param name="Distribution">The return distribution's name (normal or student-t).</param>
public sealed record BookTailRisk(double ValueAtRisk, double ExpectedShortfall, double Confidence, int HorizonDays, int Scenarios, long Seed, string Distribution);

/// <summary>Margin attributed to one risky asset.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="InitialMargin">IM attributed to it: each account's IM split in proportion to the account's per-asset risk.</param>
/// <param name="MaintenanceMargin">MM attributed the same way.</param>
/// <param name="StandaloneRisk">The sum over accounts of the asset's own risk taken alone (before offsets between assets).</param>
/// <param name="GrossNotional">Sum of |quantity| × price over every position on the asset.</param>
/// <param name="Accounts">Accounts that hold a position or collateral in it.</param>
public sealed record AssetMargin(string Asset, double InitialMargin, double MaintenanceMargin, double StandaloneRisk, double GrossNotional, int Accounts);

/// <summary>The book under one price shock.</summary>
/// <param name="Shock">The relative price move (-0.3 for -30 %).</param>
/// <param name="Liquidatable">Accounts liquidatable after the move.</param>
/// <param name="NewlyLiquidatable">Of those, accounts not liquidatable before it.</param>
/// <param name="LiquidatableNotional">Gross notional (at the moved prices) of the liquidatable accounts.</param>
/// <param name="BadDebt">Sum of the negative equities (as a positive amount): what liquidation cannot recover.</param>
/// <param name="Equity">Total equity after the move.</param>
public sealed record ShockPoint(double Shock, int Liquidatable, int NewlyLiquidatable, double LiquidatableNotional, double BadDebt, double Equity);

/// <summary>A liquidations-at-risk curve: every risky asset moved together, or one asset alone.</summary>
/// <param name="Asset">The asset moved alone, or null for the uniform move of every risky asset.</param>
/// <param name="Points">One point per shock, from the largest fall to the largest rise.</param>
public sealed record ShockCurve(string? Asset, IReadOnlyList<ShockPoint> Points);

/// <summary>One account in a top list.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Status">Its margin status.</param>
/// <param name="Equity">Its equity.</param>
/// <param name="MaintenanceMargin">Its MM.</param>
/// <param name="Shortfall">max(0, MM − equity).</param>
/// <param name="GrossNotional">Sum of |quantity| × price over its positions.</param>
/// <param name="LargestAsset">The asset with the largest share of its gross notional (null without positions).</param>
/// <param name="LargestShare">That share, in [0, 1].</param>
public sealed record AccountRisk(
    string Id, MarginStatus Status, double Equity, double MaintenanceMargin, double Shortfall, double GrossNotional, string? LargestAsset, double LargestShare);

/// <summary>The book risk of the current snapshot under the ratified set.</summary>
/// <param name="Sequence">The snapshot's sequence.</param>
/// <param name="AsOf">The snapshot's valuation date.</param>
/// <param name="RatifiedVersion">The ratified version used.</param>
/// <param name="Method">The ratified margin method's name (used for margins and for every shock).</param>
/// <param name="Totals">The book's margin totals.</param>
/// <param name="Tail">Headline VaR and ES.</param>
/// <param name="ByAsset">Margin by asset, largest IM first.</param>
/// <param name="Uniform">The uniform-shock curve.</param>
/// <param name="PerAsset">One curve per risky asset of the book, shocked alone.</param>
/// <param name="TopByMaintenance">Accounts with the largest MM.</param>
/// <param name="TopByShortfall">Accounts with the largest shortfall (MM − equity &gt; 0).</param>
/// <param name="TopByConcentration">Accounts with the largest single-asset share of gross notional (then the largest notional).</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="ComputedAt">When it was computed.</param>
public sealed record BookRiskReport(
    long Sequence, DateOnly AsOf, long RatifiedVersion, string Method, MarginTotals Totals, BookTailRisk Tail,
    IReadOnlyList<AssetMargin> ByAsset, ShockCurve Uniform, IReadOnlyList<ShockCurve> PerAsset,
    IReadOnlyList<AccountRisk> TopByMaintenance, IReadOnlyList<AccountRisk> TopByShortfall, IReadOnlyList<AccountRisk> TopByConcentration,
    TimeSpan Elapsed, DateTimeOffset ComputedAt);

/// <summary>The book's health on one stored snapshot under the current ratified set.</summary>
/// <param name="Sequence">The snapshot's sequence.</param>
/// <param name="AsOf">Its valuation date.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="Equity">Total equity.</param>
/// <param name="InitialMargin">Total IM.</param>
/// <param name="MaintenanceMargin">Total MM.</param>
/// <param name="ByStatus">Accounts per status.</param>
public sealed record BookHealthPoint(long Sequence, DateOnly AsOf, DateTimeOffset StoredAt, double Equity, double InitialMargin, double MaintenanceMargin, StatusCounts ByStatus);
