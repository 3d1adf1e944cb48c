using RiskGovernance.Engine.Json;

namespace RiskGovernance.Engine.Tests.Json;

public class EcmaScriptNumberTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-2.5e-5, "-0.000025")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(18547.23, "18547.23")]
    public void Format_KnownValues_MatchesJavaScript(double value, string expected) =>
        Assert.Equal(expected, EcmaScriptNumber.Format(value));

    [Fact]
    public void Format_NodeReferenceTable_MatchesEveryValue()
    {
        var mismatches = EcmaScriptNumberReference.Values
            .Select(v => (v.Text, Got: EcmaScriptNumber.Format(BitConverter.UInt64BitsToDouble(v.Bits))))
            .Where(p => p.Text != p.Got)
            .Take(10)
            .ToArray();
        Assert.True(EcmaScriptNumberReference.Values.Length > 4000);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Format_NodeReferenceTable_RoundTrips()
    {
        foreach (var (bits, text) in EcmaScriptNumberReference.Values)
        {
            var value = BitConverter.UInt64BitsToDouble(bits);
            var parsed = double.Parse(EcmaScriptNumber.Format(value), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(parsed == value, $"{text} does not round-trip");
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Format_NonFinite_Throws(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EcmaScriptNumber.Format(value));
}
