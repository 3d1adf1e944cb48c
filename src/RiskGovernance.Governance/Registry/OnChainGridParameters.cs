namespace RiskGovernance.Governance.Registry;

/// <summary>The grid section of a parameter set in its on-chain form (params.grid).</summary>
public sealed record OnChainGridParameters(
    FixedPoint18 Steps,
    FixedPoint18 ExtremeMultiple,
    FixedPoint18 ExtremeCoverage,
    FixedPoint18 VegaPowerShort,
    FixedPoint18 VegaPowerLong,
    FixedPoint18 DteFloorDays,
    FixedPoint18 VolFloor);
