using RiskGovernance.Contracts.Tests.Support;
using System.Globalization;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class RiskParametersAbiTests
{
    private const string StructType =
        "(bytes32,int256,int256,int256,int256,int256,(int256,int256,int256,int256,int256,int256,int256),"
        + "(bytes32,int256,int256,int256,int256,bytes32,int256,int256),(bytes32,int256,int256,int256,int256)[],int256[])";

    [Fact]
    public async Task Encode_ExampleSet_MatchesCastAbiEncode()
    {
        var set = TestParameters.Example();
        static string B(string text) => HexText.Encode(Bytes32Field.Encode(text, "t"));
        static string R(FixedPoint18 v) => v.Raw.ToString(CultureInfo.InvariantCulture);
        var g = set.Grid;
        var s = set.Simulation;
        var value = $"({B(set.Method)},{R(set.ImMultiplier)},{R(set.MmRatio)},{R(set.LiquidationRatio)},{R(set.ShortOptionMinimum)},{R(set.CorrelationStress)},"
                    + $"({R(g.Steps)},{R(g.ExtremeMultiple)},{R(g.ExtremeCoverage)},{R(g.VegaPowerShort)},{R(g.VegaPowerLong)},{R(g.DteFloorDays)},{R(g.VolFloor)}),"
                    + $"({B(s.Measure)},{R(s.Confidence)},{R(s.HorizonDays)},{R(s.Scenarios)},{R(s.Seed)},{B(s.Distribution)},{R(s.DegreesOfFreedom)},{R(s.HistoryDays)}),"
                    + "[" + string.Join(",", set.Assets.Select(a => $"({B(a.Symbol)},{R(a.ScanRange)},{R(a.VolUp)},{R(a.VolDown)},{R(a.Haircut)})")) + "],"
                    + "[" + string.Join(",", set.CorrelationUpper.Select(R)) + "])";

        var expected = await CastTool.RunAsync(CancellationToken.None, "abi-encode", $"f({StructType})", value);

        Assert.Equal(expected, HexText.Encode(RiskParametersAbi.Encode(set)));
    }

    [Fact]
    public void Decode_EncodedExample_EqualsOriginalFieldByField()
    {
        var set = TestParameters.Example();

        var decoded = RiskParametersAbi.Decode(RiskParametersAbi.Encode(set), set.ParamsHash);

        ParameterSetAssert.FieldByField(set, decoded);
        Assert.Equal("0.85", decoded.Correlation("ETH", "BTC").ToString());
        Assert.Equal(FixedPoint18.One, decoded.Correlation("SOL", "SOL"));
    }

    [Fact]
    public void Decode_RevisedSet_RoundTripsThroughTheStructDto()
    {
        var set = TestParameters.Revised();

        Assert.Equal(set, RiskParametersAbi.FromDto(RiskParametersAbi.ToDto(set), set.ParamsHash));
        Assert.Equal(set, RiskParametersAbi.Decode(RiskParametersAbi.Encode(set), set.ParamsHash));
        Assert.NotEqual(RiskParametersAbi.Encode(TestParameters.Example()), RiskParametersAbi.Encode(set));
    }

    [Fact]
    public void Decode_InteriorZeroInEncodedSymbol_RejectedNamingTheField()
    {
        var dto = RiskParametersAbi.ToDto(TestParameters.Example());
        dto.Assets[1].Symbol = [(byte)'E', 0, (byte)'H', .. new byte[29]];

        var error = Assert.Throws<FormatException>(() => RiskParametersAbi.FromDto(dto, TestParameters.Example().ParamsHash));

        Assert.StartsWith("assets.symbol:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOnChain_ExampleJson_UsesCorrelationOrderAndIntegerFixedPoint()
    {
        var set = TestParameters.Example();

        Assert.Equal(["BTC", "ETH", "SOL"], set.Assets.Select(a => a.Symbol));
        Assert.Equal(["0.85", "0.7", "0.75"], set.CorrelationUpper.Select(c => c.ToString()));
        Assert.Equal(3_000_000_000_000_000_000, (long)set.Grid.Steps.Raw);
        Assert.Equal("42", set.Simulation.Seed.ToString());
    }

    [Fact]
    public void ToOnChain_ValueWithTooManyDecimals_RejectedNamingTheField()
    {
        var json = TestParameters.ExampleJson();
        json["assets"]!["ETH"]!["volUp"] = 0.1234567890123456789e-5;

        var error = Assert.Throws<InputValidationException>(() => TestParameters.FromJson(json));

        Assert.Contains("params.assets.ETH.volUp", Assert.Single(error.Errors).ToString(), StringComparison.Ordinal);
    }

    /// <summary><c>cast keccak</c> of node's <c>JSON.stringify</c> of the key-sorted example (see the CLI's
    /// ParamsHashTests): computed by tools nobody here wrote.</summary>
    [Fact]
    public void ToOnChain_ExampleJson_CarriesKeccakOfCanonicalJson()
    {
        var set = TestParameters.Example();

        Assert.Equal("0xd138e7ede03544d77e67880d2de3d656d3acf6580470bafefcadb01db8567ac5", set.ParamsHash.ToString());
    }

    [Fact]
    public void Constructor_WrongTriangleLength_Rejected()
    {
        var set = TestParameters.Example();

        Assert.Throws<ArgumentException>(() => new OnChainParameterSet(
            set.Method, set.ImMultiplier, set.MmRatio, set.LiquidationRatio, set.ShortOptionMinimum, set.CorrelationStress,
            set.Grid, set.Simulation, set.Assets, set.CorrelationUpper.RemoveAt(0), set.ParamsHash));
    }

    [Fact]
    public void Constructor_SymbolLongerThan32Bytes_Rejected()
        => Assert.Throws<ArgumentException>(() => new OnChainAssetParameters(new string('X', 33), FixedPoint18.One, FixedPoint18.Zero, FixedPoint18.Zero, FixedPoint18.Zero));

    [Fact]
    public void Decode_InteriorZeroInSymbol_Rejected()
    {
        var word = new byte[32];
        word[0] = (byte)'B';
        word[2] = (byte)'C';

        Assert.Throws<FormatException>(() => Bytes32Field.Decode(word, "assets.symbol"));
    }
}
