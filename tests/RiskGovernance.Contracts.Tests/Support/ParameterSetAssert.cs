using RiskGovernance.Governance.Registry;

namespace RiskGovernance.Contracts.Tests.Support;

/// <summary>Field-by-field equality of two parameter sets in the registry's form, so that a failure names the field.</summary>
internal static class ParameterSetAssert
{
    public static void FieldByField(OnChainParameterSet expected, OnChainParameterSet actual)
    {
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.ImMultiplier, actual.ImMultiplier);
        Assert.Equal(expected.MmRatio, actual.MmRatio);
        Assert.Equal(expected.LiquidationRatio, actual.LiquidationRatio);
        Assert.Equal(expected.ShortOptionMinimum, actual.ShortOptionMinimum);
        Assert.Equal(expected.CorrelationStress, actual.CorrelationStress);
        Assert.Equal(expected.Grid, actual.Grid);
        Assert.Equal(expected.Simulation, actual.Simulation);
        Assert.Equal(expected.Assets.AsEnumerable(), actual.Assets);
        Assert.Equal(expected.CorrelationUpper.AsEnumerable(), actual.CorrelationUpper);
        Assert.Equal(expected.ParamsHash, actual.ParamsHash);
        Assert.Equal(expected, actual);
    }
}
