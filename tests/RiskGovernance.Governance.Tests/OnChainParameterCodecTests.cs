using System.Numerics;
using System.Text.Json.Nodes;
using RiskGovernance.Chain;
using RiskGovernance.Contracts;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class OnChainParameterCodecTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "TestData", "params.json");

    private static JsonObject ExampleJson() => JsonNode.Parse(File.ReadAllText(ExamplePath))!.AsObject();

    private static ParameterSet Read(JsonObject json) => ParameterSetJson.Read(json.ToJsonString());

    [Fact]
    public void ToOnChain_ExampleSet_ValuesAreExactFixedPointAndUpperTriangleInRowOrder()
    {
        var onChain = OnChainParameterCodec.ToOnChain(Read(ExampleJson()));

        Assert.Equal("grid", onChain.Method);
        Assert.Equal(BigInteger.Parse("600000000000000000"), onChain.MmRatio.Raw);
        Assert.Equal(BigInteger.Parse("3000000000000000000"), onChain.Grid.Steps.Raw);
        Assert.Equal(BigInteger.Parse("42000000000000000000"), onChain.Simulation.Seed.Raw);
        Assert.Equal(["BTC", "ETH", "SOL"], onChain.Assets.Select(a => a.Symbol));
        Assert.Equal(BigInteger.Parse("150000000000000000"), onChain.Assets[0].ScanRange.Raw);
        // [[1, .85, .70], [.85, 1, .75], [.70, .75, 1]] -> strict upper triangle .85, .70, .75
        Assert.Equal(
            [BigInteger.Parse("850000000000000000"), BigInteger.Parse("700000000000000000"), BigInteger.Parse("750000000000000000")],
            onChain.CorrelationUpper.Select(c => c.Raw));
    }

    [Fact]
    public void ParamsHash_ExampleSet_IsKeccakOfCanonicalJson()
    {
        var parameters = Read(ExampleJson());

        var expected = Hash32.Keccak(ParameterSetJson.ToCanonicalJson(parameters));

        Assert.Equal(expected, OnChainParameterCodec.ParamsHash(parameters));
        Assert.Equal(expected, OnChainParameterCodec.ToOnChain(parameters).ParamsHash);
        // The value cast keccak gives for the canonical JSON of the example (cross-checked in the CLI tests).
        Assert.Equal("0xd138e7ede03544d77e67880d2de3d656d3acf6580470bafefcadb01db8567ac5", expected.ToString());
    }

    [Fact]
    public void FromOnChain_RoundTrip_GivesTheSameCanonicalJson()
    {
        var json = ExampleJson();
        json["method"] = "montecarlo";
        json["simulation"]!["distribution"] = "student-t";
        json["simulation"]!["measure"] = "VaR";
        var parameters = Read(json);

        var back = OnChainParameterCodec.FromOnChain(OnChainParameterCodec.ToOnChain(parameters));

        Assert.Equal(ParameterSetJson.ToCanonicalJson(parameters), ParameterSetJson.ToCanonicalJson(back));
        Assert.Equal(MarginMethod.MonteCarlo, back.Method);
        Assert.Equal(ReturnDistribution.StudentT, back.Simulation.Distribution);
    }

    [Fact]
    public void ToOnChain_ValueNeedingMoreThan18Decimals_RejectedNamingTheField()
    {
        var json = ExampleJson();
        json["assets"]!["ETH"]!["volUp"] = 1e-19;

        var ex = Assert.Throws<InputValidationException>(() => OnChainParameterCodec.ToOnChain(Read(json)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("params.assets.ETH.volUp", error.Field);
        Assert.Contains("18 decimals", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SameSet_NoDifferences()
    {
        var parameters = Read(ExampleJson());

        Assert.Empty(OnChainParameterCodec.Compare(parameters, OnChainParameterCodec.ToOnChain(parameters)));
    }

    [Fact]
    public void Compare_ChangedScanRangeAndCorrelation_NamesEachFieldAndTheHash()
    {
        var approved = Read(ExampleJson());
        var json = ExampleJson();
        json["assets"]!["BTC"]!["scanRange"] = 0.16;
        json["correlation"]!["matrix"] = JsonNode.Parse("[[1.0, 0.8, 0.70], [0.8, 1.0, 0.75], [0.70, 0.75, 1.0]]");
        var onChain = OnChainParameterCodec.ToOnChain(Read(json));

        var differences = OnChainParameterCodec.Compare(approved, onChain);

        Assert.Equal(["paramsHash", "assets.BTC.scanRange", "correlation.BTC.ETH"], differences.Select(d => d.Field));
        var scan = differences.Single(d => d.Field == "assets.BTC.scanRange");
        Assert.Equal(("0.15", "0.16"), (scan.Expected, scan.OnChain));
    }

    [Fact]
    public void FromOnChain_ValuesTheEngineRefuses_RaisesFieldNamedErrors()
    {
        var valid = OnChainParameterCodec.ToOnChain(Read(ExampleJson()));
        var broken = new OnChainParameterSet(
            valid.Method, valid.ImMultiplier, FixedPoint18.FromDouble(1.5, "mmRatio"), valid.LiquidationRatio, valid.ShortOptionMinimum,
            valid.CorrelationStress, valid.Grid, valid.Simulation, valid.Assets, valid.CorrelationUpper, valid.ParamsHash);

        var ex = Assert.Throws<InputValidationException>(() => OnChainParameterCodec.FromOnChain(broken));

        Assert.Contains(ex.Errors, e => e.Field == "params.mmRatio");
    }
}
