using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Tests.Json;

namespace RiskGovernance.Engine.Tests.Validation;

/// <summary>METHODOLOGY section 8, the rules on a parameter set: each bad value is rejected with
/// one error naming its field and the rule.</summary>
public class ParameterSetValidationTests
{
    private static void Rejected(string path, JsonNode? value, string field, string message) =>
        ValidationAssert.Single(() => ParameterSetJson.Read(JsonExamples.Set(JsonExamples.Params, path, value)), field, message);

    private static ParameterSet Accepted(string path, JsonNode? value) =>
        ParameterSetJson.Read(JsonExamples.Set(JsonExamples.Params, path, value));

    [Theory]
    [InlineData("assets.BTC.scanRange", 0.0, "must be > 0")]
    [InlineData("assets.BTC.scanRange", -0.15, "must be > 0")]
    [InlineData("assets.ETH.volUp", -0.01, "must be >= 0")]
    [InlineData("assets.ETH.volDown", -0.01, "must be >= 0")]
    [InlineData("assets.SOL.haircut", -0.01, "must satisfy 0 <= haircut < 1")]
    [InlineData("assets.SOL.haircut", 1.0, "must satisfy 0 <= haircut < 1")]
    [InlineData("grid.extremeMultiple", -1.0, "must be >= 0")]
    [InlineData("grid.volFloor", 0.0, "must be > 0")]
    [InlineData("grid.dteFloorDays", 0.0, "must be > 0")]
    [InlineData("grid.extremeCoverage", -0.1, "must satisfy 0 <= extremeCoverage <= 1")]
    [InlineData("grid.extremeCoverage", 1.01, "must satisfy 0 <= extremeCoverage <= 1")]
    [InlineData("correlationStress", -0.01, "must satisfy 0 <= correlationStress <= 1")]
    [InlineData("correlationStress", 1.01, "must satisfy 0 <= correlationStress <= 1")]
    [InlineData("imMultiplier", 0.0, "must be > 0")]
    [InlineData("shortOptionMinimum", -0.01, "must be >= 0")]
    [InlineData("mmRatio", 0.0, "must satisfy 0 < mmRatio <= 1")]
    [InlineData("mmRatio", 1.2, "must satisfy 0 < mmRatio <= 1")]
    [InlineData("liquidationRatio", 0.0, "must satisfy 0 < liquidationRatio <= 1")]
    [InlineData("liquidationRatio", 1.0000001, "must satisfy 0 < liquidationRatio <= 1")]
    [InlineData("simulation.confidence", 0.0, "must satisfy 0 < confidence < 1")]
    [InlineData("simulation.confidence", 1.0, "must satisfy 0 < confidence < 1")]
    public void Create_NumberOutOfRange_ErrorNamesFieldAndRule(string path, double value, string message) =>
        Rejected(path, value, "params." + path, message);

    [Theory]
    [InlineData("grid.steps", 0, "must be an integer >= 1")]
    [InlineData("grid.steps", -3, "must be an integer >= 1")]
    [InlineData("simulation.scenarios", 99, "must be an integer >= 100")]
    [InlineData("simulation.horizonDays", 0, "must be an integer >= 1")]
    [InlineData("simulation.historyDays", 0, "must be an integer >= 1")]
    public void Create_IntegerOutOfRange_ErrorNamesFieldAndRule(string path, int value, string message) =>
        Rejected(path, value, "params." + path, message);

    [Theory]
    [InlineData("grid.steps", 1)]
    [InlineData("simulation.scenarios", 100)]
    [InlineData("simulation.horizonDays", 1)]
    [InlineData("grid.extremeMultiple", 0)]
    [InlineData("grid.extremeCoverage", 0)]
    [InlineData("grid.extremeCoverage", 1)]
    [InlineData("correlationStress", 1)]
    [InlineData("mmRatio", 1)]
    [InlineData("liquidationRatio", 1)]
    [InlineData("shortOptionMinimum", 0)]
    [InlineData("assets.BTC.haircut", 0)]
    [InlineData("assets.BTC.volUp", 0)]
    public void Create_ValueOnTheBoundary_Accepted(string path, double value) => Accepted(path, value);

    [Fact]
    public void Create_ExtremeMoveReachesMinus100Percent_ErrorOnScanRange() =>
        // SOL: extremeMultiple 3 * scanRange 1/3 = 1: an extreme scenario price would be 0.
        Rejected("assets.SOL.scanRange", 1.0 / 3.0 + 1e-12, "params.assets.SOL.scanRange", "extremeMultiple * scanRange must be < 1");

    [Fact]
    public void Create_ExtremeMoveJustBelow100Percent_Accepted() =>
        Assert.Equal(0.33, Accepted("assets.SOL.scanRange", 0.33).Asset("SOL").ScanRange);

    [Fact]
    public void Create_StudentTWithTwoDegreesOfFreedom_Rejected()
    {
        var json = JsonExamples.Set(JsonExamples.Params, "simulation.distribution", "student-t");
        json = JsonExamples.Set(json, "simulation.degreesOfFreedom", 2.0);
        ValidationAssert.Single(() => ParameterSetJson.Read(json), "params.simulation.degreesOfFreedom", "must be > 2 for the student-t distribution");
    }

    [Fact]
    public void Create_NormalWithTwoDegreesOfFreedom_AcceptedBecauseUnused() =>
        Assert.Equal(2.0, Accepted("simulation.degreesOfFreedom", 2.0).Simulation.DegreesOfFreedom);

    [Fact]
    public void Create_StudentTJustAboveTwo_Accepted()
    {
        var json = JsonExamples.Set(JsonExamples.Params, "simulation.distribution", "student-t");
        json = JsonExamples.Set(json, "simulation.degreesOfFreedom", 2.0001);
        Assert.Equal(ReturnDistribution.StudentT, ParameterSetJson.Read(json).Simulation.Distribution);
    }

    [Fact]
    public void Create_NonFiniteNumbersThroughTheModel_EachNamed()
    {
        var p = ParameterSetJson.Read(JsonExamples.Params);
        var errors = ValidationAssert.Errors(() => ParameterSet.Create(p.Method, double.NaN, p.MmRatio, p.LiquidationRatio,
            double.PositiveInfinity, p.CorrelationStress, p.Grid with { VegaPowerShort = double.NaN }, p.Simulation,
            p.AssetEntries, p.Correlation.Assets, p.Correlation.ToRows()));
        Assert.Equal(3, errors.Count);
        ValidationAssert.Has(errors, "params.imMultiplier", "must be a finite number");
        ValidationAssert.Has(errors, "params.shortOptionMinimum", "must be a finite number");
        ValidationAssert.Has(errors, "params.grid.vegaPowerShort", "must be a finite number");
    }

    [Fact]
    public void Create_NoRiskyAsset_Rejected()
    {
        var json = JsonExamples.Set(JsonExamples.Params, "assets", new JsonObject());
        json = JsonExamples.Set(json, "correlation", JsonNode.Parse("""{"assets": [], "matrix": []}"""));
        ValidationAssert.Single(() => ParameterSetJson.Read(json), "params.assets", "must list at least one risky asset");
    }
}
