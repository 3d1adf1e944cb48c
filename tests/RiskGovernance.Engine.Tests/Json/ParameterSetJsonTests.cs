using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.Json;

public class ParameterSetJsonTests
{
    private const double Tolerance = 0.0; // JSON numbers are read and written exactly

    private static ParameterSet Read(string json) => ParameterSetJson.Read(json);

    [Fact]
    public void Read_Example_GivesEveryField()
    {
        var p = Read(JsonExamples.Params);
        Assert.Equal(MarginMethod.Grid, p.Method);
        Assert.Equal(1.0, p.ImMultiplier, Tolerance);
        Assert.Equal(0.6, p.MmRatio, Tolerance);
        Assert.Equal(0.8, p.LiquidationRatio, Tolerance);
        Assert.Equal(0.01, p.ShortOptionMinimum, Tolerance);
        Assert.Equal(0.0, p.CorrelationStress, Tolerance);
        Assert.Equal(new GridParameters(3, 3.0, 0.33, 0.3, 0.13, 1.0, 0.05), p.Grid);
        Assert.Equal(new SimulationParameters(RiskMeasure.ExpectedShortfall, 0.99, 1, 10000, 42, ReturnDistribution.Normal, 4, 730), p.Simulation);
        Assert.Equal(["BTC", "ETH", "SOL"], p.AssetEntries.Select(a => a.Symbol));
        Assert.Equal(new AssetRiskParameters(0.30, 0.8, 0.30, 0.25), p.Asset("SOL"));
        Assert.Equal(["BTC", "ETH", "SOL"], p.Correlation.Assets);
        Assert.Equal(0.75, p.Correlation[1, 2], Tolerance);
        Assert.Equal(0.70, p.Correlation[2, 0], Tolerance);
    }

    [Fact]
    public void Write_ThenRead_GivesEqualParameterSet()
    {
        var p = Read(JsonExamples.Set(JsonExamples.Params, "simulation.distribution", "student-t"));
        var again = ParameterSetJson.Read(ParameterSetJson.ToUtf8Bytes(p));
        AssertEqual(p, again);
        AssertEqual(p, ParameterSetJson.Read(ParameterSetJson.ToUtf8Bytes(p, indented: false)));
    }

    [Fact]
    public void Write_Example_KeepsFormatsOrderAndSpelling()
    {
        var text = System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToUtf8Bytes(Read(JsonExamples.Params)));
        var root = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["method", "imMultiplier", "mmRatio", "liquidationRatio", "shortOptionMinimum", "correlationStress", "grid",
            "simulation", "assets", "correlation"], root.Select(p => p.Key));
        Assert.Equal(["steps", "extremeMultiple", "extremeCoverage", "vegaPowerShort", "vegaPowerLong", "dteFloorDays", "volFloor"],
            root["grid"]!.AsObject().Select(p => p.Key));
        Assert.Equal("ES", (string?)root["simulation"]!["measure"]);
        Assert.Equal("grid", (string?)root["method"]);
        Assert.Contains("\"imMultiplier\": 1,", text, StringComparison.Ordinal);
        Assert.Contains("\"scanRange\": 0.15,", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grid", MarginMethod.Grid)]
    [InlineData("montecarlo", MarginMethod.MonteCarlo)]
    [InlineData("historical", MarginMethod.Historical)]
    public void Read_MethodSpellings_Accepted(string spelling, MarginMethod expected) =>
        Assert.Equal(expected, Read(JsonExamples.Set(JsonExamples.Params, "method", spelling)).Method);

    [Theory]
    [InlineData("method", "Grid")]
    [InlineData("method", "monte-carlo")]
    [InlineData("simulation.measure", "es")]
    [InlineData("simulation.measure", "CVaR")]
    [InlineData("simulation.distribution", "student")]
    [InlineData("simulation.distribution", "Normal")]
    public void Read_EnumNotExact_ErrorNamesFieldAndChoices(string path, string value) =>
        ValidationAssert.Single(() => Read(JsonExamples.Set(JsonExamples.Params, path, value)), "params." + path, "must be one of");

    [Theory]
    [InlineData("grid.steps", 3.5)]
    [InlineData("simulation.scenarios", 10000.5)]
    [InlineData("simulation.horizonDays", 1.25)]
    [InlineData("simulation.historyDays", 730.1)]
    [InlineData("simulation.seed", 42.5)]
    public void Read_NonInteger_ErrorNamesField(string path, double value) =>
        ValidationAssert.Single(() => Read(JsonExamples.Set(JsonExamples.Params, path, value)), "params." + path, "must be an integer");

    [Fact]
    public void Read_IntegerWrittenWithFraction_Accepted() =>
        Assert.Equal(5, Read(JsonExamples.Params.Replace("\"steps\": 3", "\"steps\": 5.0", StringComparison.Ordinal)).Grid.Steps);

    [Fact]
    public void Read_SeedBeyondExactJsonIntegers_Rejected() =>
        ValidationAssert.Single(() => Read(JsonExamples.Params.Replace("\"seed\": 42", "\"seed\": 9007199254740993", StringComparison.Ordinal)),
            "params.simulation.seed", "must be an integer in");

    [Fact]
    public void Read_StepsBeyondInt32_Rejected() =>
        ValidationAssert.Single(() => Read(JsonExamples.Set(JsonExamples.Params, "grid.steps", 1e12)), "params.grid.steps", "must be an integer in");

    [Theory]
    [InlineData("imMultiplier")]
    [InlineData("grid")]
    [InlineData("grid.volFloor")]
    [InlineData("simulation.seed")]
    [InlineData("simulation.degreesOfFreedom")]
    [InlineData("assets.ETH.haircut")]
    [InlineData("correlation.matrix")]
    public void Read_MissingField_ErrorSaysRequired(string path) =>
        ValidationAssert.Single(() => Read(JsonExamples.Remove(JsonExamples.Params, path)), "params." + path, "is required");

    [Theory]
    [InlineData("imMultipler")]
    [InlineData("grid.stepz")]
    [InlineData("assets.BTC.scanrange")]
    [InlineData("simulation.Seed")]
    [InlineData("correlation.names")]
    public void Read_UnknownProperty_ErrorNamesIt(string path)
    {
        var errors = ValidationAssert.Errors(() => Read(JsonExamples.Set(JsonExamples.Params, path, 1)));
        ValidationAssert.Has(errors, "params." + path, "is not a known property");
    }

    [Theory]
    [InlineData("mmRatio", "\"0.6\"", "must be a number")]
    [InlineData("grid", "[]", "must be an object")]
    [InlineData("assets", "[1]", "must be an object")]
    [InlineData("assets.BTC", "0.15", "must be an object")]
    [InlineData("correlation.assets", "\"BTC\"", "must be an array")]
    [InlineData("grid.steps", "true", "must be an integer")]
    [InlineData("method", "null", "must be one of")]
    [InlineData("imMultiplier", "null", "must be a number")]
    public void Read_WrongType_ErrorNamesFieldAndKind(string path, string rawJson, string message) =>
        ValidationAssert.Single(() => Read(JsonExamples.Set(JsonExamples.Params, path, JsonNode.Parse(rawJson))), "params." + path, message);

    [Fact]
    public void Read_WrongTypeInsideMatrix_ErrorNamesCell() =>
        ValidationAssert.Single(() => Read(JsonExamples.Set(JsonExamples.Params, "correlation.matrix.1.2", "0.75")),
            "params.correlation.matrix[1][2]", "must be a number");

    [Fact]
    public void Read_NumberTooLargeForDouble_ErrorSaysFinite() =>
        ValidationAssert.Single(() => Read(JsonExamples.Params.Replace("\"imMultiplier\": 1.0", "\"imMultiplier\": 1e999", StringComparison.Ordinal)),
            "params.imMultiplier", "must be a finite number");

    [Fact]
    public void Read_DuplicateProperty_Rejected() =>
        ValidationAssert.Single(() => Read(JsonExamples.Params.Replace("\"mmRatio\": 0.6,", "\"mmRatio\": 0.6, \"mmRatio\": 0.5,", StringComparison.Ordinal)),
            "params.mmRatio", "more than once");

    [Fact]
    public void Read_MalformedJson_ErrorGivesLineAndPosition()
    {
        var broken = JsonExamples.Params.Replace("\"mmRatio\": 0.6,", "\"mmRatio\": 0.6,,", StringComparison.Ordinal);
        var error = Assert.Single(ValidationAssert.Errors(() => Read(broken)));
        Assert.Equal("params", error.Field);
        Assert.StartsWith("malformed JSON at line 4, position 18:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{\"method\": \"grid\"} trailing")]
    [InlineData("{\"method\": 'grid'}")]
    [InlineData("{\"method\": \"grid\",}")]
    [InlineData("{/* c */ \"method\": \"grid\"}")]
    public void Read_NotAJsonObject_SingleRootError(string text)
    {
        var error = Assert.Single(ValidationAssert.Errors(() => Read(text)));
        Assert.Equal("params", error.Field);
    }

    [Fact]
    public void Read_ByteOrderMark_Skipped()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(JsonExamples.Params)).ToArray();
        Assert.Equal(MarginMethod.Grid, ParameterSetJson.Read(bytes).Method);
    }

    [Fact]
    public void Read_StructuralAndRuleProblems_AllReportedTogether()
    {
        var json = JsonExamples.Set(JsonExamples.Params, "grid.stepz", 1);
        json = JsonExamples.Set(json, "assets.BTC.scanRange", -0.15);
        json = JsonExamples.Set(json, "mmRatio", 1.5);
        json = JsonExamples.Remove(json, "simulation.seed");
        var errors = ValidationAssert.Errors(() => Read(json));
        Assert.Equal(4, errors.Count);
        ValidationAssert.Has(errors, "params.grid.stepz", "is not a known property");
        ValidationAssert.Has(errors, "params.simulation.seed", "is required");
        ValidationAssert.Has(errors, "params.assets.BTC.scanRange", "must be > 0");
        ValidationAssert.Has(errors, "params.mmRatio", "must satisfy 0 < mmRatio <= 1");
    }

    [Fact]
    public void Read_MissingFieldsAreNotAlsoReportedAsRuleBreaches()
    {
        var json = JsonExamples.Remove(JsonExamples.Params, "grid.steps");
        json = JsonExamples.Remove(json, "correlation.assets");
        var errors = ValidationAssert.Errors(() => Read(json));
        Assert.Equal(["params.correlation.assets", "params.grid.steps"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadDraft_MatrixNotPsd_ReturnsValuesAndValidateRejects()
    {
        var json = JsonExamples.Set(JsonExamples.Params, "correlation.matrix", JsonNode.Parse("[[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]"));
        var draft = ParameterSetJson.ReadDraft(json);
        Assert.Equal(-0.9, draft.CorrelationMatrix[0][2], Tolerance);
        ValidationAssert.Single(() => draft.Validate(), "params.correlation.matrix", "is not positive semidefinite");
        var repaired = draft.ValidateWithRepairedCorrelation();
        Assert.Equal(1.0, repaired.Correlation[0, 0], Tolerance);
        Assert.True(repaired.Correlation[0, 2] > -0.9);
    }

    [Fact]
    public void ReadDraft_StructuralProblem_Throws() =>
        ValidationAssert.Single(() => ParameterSetJson.ReadDraft(JsonExamples.Remove(JsonExamples.Params, "mmRatio")), "params.mmRatio", "is required");

    private static void AssertEqual(ParameterSet expected, ParameterSet actual)
    {
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.ImMultiplier, actual.ImMultiplier, Tolerance);
        Assert.Equal(expected.MmRatio, actual.MmRatio, Tolerance);
        Assert.Equal(expected.LiquidationRatio, actual.LiquidationRatio, Tolerance);
        Assert.Equal(expected.ShortOptionMinimum, actual.ShortOptionMinimum, Tolerance);
        Assert.Equal(expected.CorrelationStress, actual.CorrelationStress, Tolerance);
        Assert.Equal(expected.Grid, actual.Grid);
        Assert.Equal(expected.Simulation, actual.Simulation);
        Assert.Equal(expected.AssetEntries, actual.AssetEntries);
        Assert.Equal(expected.Correlation.Assets, actual.Correlation.Assets);
        Assert.Equal(expected.Correlation.ToRows(), actual.Correlation.ToRows());
    }
}
