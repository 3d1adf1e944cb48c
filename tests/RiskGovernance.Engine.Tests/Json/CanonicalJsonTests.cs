using System.Text;
using RiskGovernance.Engine.Json;

namespace RiskGovernance.Engine.Tests.Json;

/// <summary>The canonical JSON of a parameter set against node: <c>JSON.stringify(sortDeep(JSON.parse(text)))</c>
/// where sortDeep rebuilds every object with <c>Object.keys(o).sort()</c> (node v20.20.2).</summary>
public class CanonicalJsonTests
{
    /// <summary>Every number kind that differs between .NET and JavaScript printing, a non-ASCII
    /// asset symbol and assets given out of order.</summary>
    private const string TrickyParams = """
        {
          "method": "montecarlo",
          "imMultiplier": 1e21,
          "mmRatio": 0.30000000000000004,
          "liquidationRatio": 1,
          "shortOptionMinimum": 1e-7,
          "correlationStress": 0.000001,
          "grid": { "steps": 3.0, "extremeMultiple": 2.5e-5, "extremeCoverage": 0.33,
                    "vegaPowerShort": -0.0, "vegaPowerLong": 123456789012345680000, "dteFloorDays": 5e-324, "volFloor": 1.7976931348623157e308 },
          "simulation": { "measure": "VaR", "confidence": 0.99, "horizonDays": 10, "scenarios": 10000,
                          "seed": 9007199254740991, "distribution": "student-t", "degreesOfFreedom": 4.5, "historyDays": 730 },
          "assets": {
            "wBTC": { "scanRange": 0.15, "volUp": 0.5, "volDown": 0.25, "haircut": 0.05 },
            "BTC": { "scanRange": 0.1, "volUp": 1e-7, "volDown": 0, "haircut": 0 },
            "Ξ2": { "scanRange": 0.2, "volUp": 0.6, "volDown": 0.25, "haircut": 0.999999 },
            "ETH": { "scanRange": 0.2, "volUp": 0.6, "volDown": 0.25, "haircut": 0.1 }
          },
          "correlation": { "assets": ["wBTC", "BTC", "Ξ2", "ETH"],
            "matrix": [[1, 0.9, 0.1, 0.2], [0.9, 1, 0.1, 0.2], [0.1, 0.1, 1, 0.3], [0.2, 0.2, 0.3, 1]] }
        }
        """;

    private const string TrickyNode =
        """{"assets":{"BTC":{"haircut":0,"scanRange":0.1,"volDown":0,"volUp":1e-7},"ETH":{"haircut":0.1,"scanRange":0.2,"volDown":0.25,"volUp":0.6},"wBTC":{"haircut":0.05,"scanRange":0.15,"volDown":0.25,"volUp":0.5},"Ξ2":{"haircut":0.999999,"scanRange":0.2,"volDown":0.25,"volUp":0.6}},"correlation":{"assets":["wBTC","BTC","Ξ2","ETH"],"matrix":[[1,0.9,0.1,0.2],[0.9,1,0.1,0.2],[0.1,0.1,1,0.3],[0.2,0.2,0.3,1]]},"correlationStress":0.000001,"grid":{"dteFloorDays":5e-324,"extremeCoverage":0.33,"extremeMultiple":0.000025,"steps":3,"vegaPowerLong":123456789012345680000,"vegaPowerShort":0,"volFloor":1.7976931348623157e+308},"imMultiplier":1e+21,"liquidationRatio":1,"method":"montecarlo","mmRatio":0.30000000000000004,"shortOptionMinimum":1e-7,"simulation":{"confidence":0.99,"degreesOfFreedom":4.5,"distribution":"student-t","historyDays":730,"horizonDays":10,"measure":"VaR","scenarios":10000,"seed":9007199254740991}}""";

    private const string ExampleNode =
        """{"assets":{"BTC":{"haircut":0.05,"scanRange":0.15,"volDown":0.25,"volUp":0.5},"ETH":{"haircut":0.1,"scanRange":0.2,"volDown":0.25,"volUp":0.6},"SOL":{"haircut":0.25,"scanRange":0.3,"volDown":0.3,"volUp":0.8}},"correlation":{"assets":["BTC","ETH","SOL"],"matrix":[[1,0.85,0.7],[0.85,1,0.75],[0.7,0.75,1]]},"correlationStress":0,"grid":{"dteFloorDays":1,"extremeCoverage":0.33,"extremeMultiple":3,"steps":3,"vegaPowerLong":0.13,"vegaPowerShort":0.3,"volFloor":0.05},"imMultiplier":1,"liquidationRatio":0.8,"method":"grid","mmRatio":0.6,"shortOptionMinimum":0.01,"simulation":{"confidence":0.99,"degreesOfFreedom":4,"distribution":"normal","historyDays":730,"horizonDays":1,"measure":"ES","scenarios":10000,"seed":42}}""";

    [Fact]
    public void ToCanonicalJson_TrickyNumbersAndSymbols_EqualsNodeJsonStringify()
    {
        var bytes = ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(TrickyParams));
        Assert.Equal(Encoding.UTF8.GetBytes(TrickyNode), bytes);
    }

    [Fact]
    public void ToCanonicalJson_Example_EqualsNodeJsonStringify()
    {
        var bytes = ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(JsonExamples.Params));
        Assert.Equal(ExampleNode, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void ToCanonicalJson_WrittenAndReadBack_IsUnchanged()
    {
        var original = ParameterSetJson.Read(TrickyParams);
        var again = ParameterSetJson.Read(ParameterSetJson.ToUtf8Bytes(original));
        Assert.Equal(ParameterSetJson.ToCanonicalJson(original), ParameterSetJson.ToCanonicalJson(again));
    }

    [Fact]
    public void ToCanonicalJson_CanonicalTextReadBack_IsAFixedPoint()
    {
        var canonical = ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(JsonExamples.Params));
        Assert.Equal(canonical, ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(canonical)));
    }

    [Fact]
    public void ToCanonicalJson_ChangedParameter_ChangesBytes()
    {
        var a = ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(JsonExamples.Params));
        var b = ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(JsonExamples.Set(JsonExamples.Params, "assets.BTC.scanRange", 0.16)));
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\n\t\b\f\r", "\"\\n\\t\\b\\f\\r\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("\u007f<>&'", "\"\u007f<>&'\"")]
    [InlineData("Ξ€😀", "\"Ξ€😀\"")]
    public void Str_SpecialCharacters_EscapedAsJsonStringify(string value, string expected)
    {
        var b = new StringBuilder();
        ParameterSetJson.Str(b, value);
        Assert.Equal(expected, b.ToString());
    }

    [Fact]
    public void Str_LoneSurrogates_EscapedLowerCaseHex()
    {
        // Built in code: test-case serialisation would mangle lone surrogates.
        var b = new StringBuilder();
        ParameterSetJson.Str(b, new string(['\ud800', 'x', '\udc00', 'y', '\ud83d']));
        Assert.Equal("\"\\ud800x\\udc00y\\ud83d\"", b.ToString());
    }
}
