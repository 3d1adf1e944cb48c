using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

public sealed class BoundsTests
{
    private static readonly ParameterBounds Bounds = new(new ParameterBoundsOptions());

    [Fact]
    public void Check_WithinHardAndStepBounds_NoSupermajority()
    {
        var check = Bounds.Check(ParameterSetJson.Read(Samples.ParamsWithBtcScanRange(0.2)), ParameterSetJson.Read(Samples.ParamsJson()));
        Assert.False(check.RequiresSupermajority);
        Assert.Empty(check.StepExceedances);
    }

    [Fact]
    public void Check_ExactlyFiftyPercent_WithinStepBound()
        => Assert.False(Bounds.Check(ParameterSetJson.Read(Samples.ParamsWithBtcScanRange(0.225)), ParameterSetJson.Read(Samples.ParamsJson())).RequiresSupermajority);

    [Fact]
    public void Check_ScanRangeDoubled_StepBoundExceededNeedsSupermajority()
    {
        var check = Bounds.Check(ParameterSetJson.Read(Samples.ParamsWithBtcScanRange(0.3)), ParameterSetJson.Read(Samples.ParamsJson()));
        var x = Assert.Single(check.StepExceedances);
        Assert.Equal("assets.BTC.scanRange", x.Field);
        Assert.Equal(1.0, x.Change, 12);
        Assert.Equal(0.5, x.Limit);
        Assert.True(check.RequiresSupermajority);
    }

    [Fact]
    public void Check_CorrelationMovesMoreThanAbsoluteBound_Exceeded()
    {
        var proposed = Samples.ParamsJson().Replace("[[1.0, 0.85, 0.70], [0.85, 1.0, 0.75]", "[[1.0, 0.60, 0.70], [0.60, 1.0, 0.75]", StringComparison.Ordinal);
        var check = Bounds.Check(ParameterSetJson.Read(proposed), ParameterSetJson.Read(Samples.ParamsJson()));
        var x = Assert.Single(check.StepExceedances);
        Assert.Equal("correlation.BTC.ETH", x.Field);
        Assert.Equal(0.25, x.Change, 12);
    }

    [Fact]
    public void Check_CorrelationWithinAbsoluteBound_NotExceeded()
    {
        var proposed = Samples.ParamsJson().Replace("[[1.0, 0.85, 0.70], [0.85, 1.0, 0.75]", "[[1.0, 0.70, 0.70], [0.70, 1.0, 0.75]", StringComparison.Ordinal);
        Assert.Empty(Bounds.Check(ParameterSetJson.Read(proposed), ParameterSetJson.Read(Samples.ParamsJson())).StepExceedances);
    }

    [Fact]
    public void Check_OutsideHardLimit_RejectedNamingField()
    {
        var json = Samples.ParamsJson().Replace("\"haircut\": 0.05", "\"haircut\": 0.95", StringComparison.Ordinal);
        var ex = Assert.Throws<InputValidationException>(() => Bounds.Check(ParameterSetJson.Read(json), null));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("params.assets.BTC.haircut", error.Field);
        Assert.Contains("0.95 is outside the hard limits [0, 0.9]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CustomHardLimitOnGlobal_RejectedNamingField()
    {
        var bounds = new ParameterBounds(new ParameterBoundsOptions
        {
            HardLimits = new() { ["imMultiplier"] = new ParameterLimit { Min = 1.1, Max = 2 } },
        });
        Assert.Equal("params.imMultiplier", Assert.Throws<InputValidationException>(() => bounds.Check(ParameterSetJson.Read(Samples.ParamsJson()), null)).Errors.Single().Field);
    }

    [Fact]
    public void Options_Invalid_ErrorsNameEachField()
    {
        var options = new ParameterBoundsOptions
        {
            HardLimits = new() { ["assets.*.scanRange"] = new ParameterLimit { Min = 2, Max = 1 }, ["bad pattern!"] = new ParameterLimit() },
            MaxRelativeChange = new() { ["imMultiplier"] = 0 },
            MaxCorrelationChange = double.NaN,
        };
        var fields = options.Validate().Select(e => e.Field).ToList();
        Assert.Equal(
            ["Governance:Bounds:HardLimits:assets.*.scanRange", "Governance:Bounds:HardLimits:bad pattern!", "Governance:Bounds:MaxRelativeChange:imMultiplier", "Governance:Bounds:MaxCorrelationChange"],
            fields);
        Assert.Throws<InputValidationException>(() => new ParameterBounds(options));
    }

    [Fact]
    public void Options_Default_Valid() => Assert.Empty(new ParameterBoundsOptions().Validate());

    [Theory]
    [InlineData("assets.*.scanRange", "assets.BTC.scanRange", true)]
    [InlineData("assets.*.scanRange", "assets.BTC.haircut", false)]
    [InlineData("correlation.*.*", "correlation.BTC.ETH", true)]
    [InlineData("imMultiplier", "imMultiplier", true)]
    [InlineData("imMultiplier", "mmRatio", false)]
    public void FieldPattern_Matches_Expected(string pattern, string field, bool expected)
        => Assert.Equal(expected, FieldPattern.Matches(pattern, field));
}
