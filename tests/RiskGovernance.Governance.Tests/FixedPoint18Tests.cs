using System.Numerics;
using RiskGovernance.Governance.Registry;

namespace RiskGovernance.Governance.Tests;

public sealed class FixedPoint18Tests
{
    [Theory]
    [InlineData(0.15, "150000000000000000")]
    [InlineData(3.0, "3000000000000000000")]
    [InlineData(-0.85, "-850000000000000000")]
    [InlineData(18547.23, "18547230000000000000000")]
    [InlineData(1e-18, "1")]
    [InlineData(0.33, "330000000000000000")]
    public void FromDouble_ValueWithAtMost18Decimals_IsExact(double value, string raw)
    {
        var fixedPoint = FixedPoint18.FromDouble(value, "field");

        Assert.Equal(BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), fixedPoint.Raw);
        Assert.Equal(value, fixedPoint.ToDouble());
    }

    [Fact]
    public void FromDouble_MoreThan18Decimals_RejectsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => FixedPoint18.FromDouble(1e-19, "assets.BTC.haircut"));

        Assert.Contains("assets.BTC.haircut", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDouble_RepeatingFraction_RejectedNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => FixedPoint18.FromDouble(1.0 / 3.0 / 1000.0, "grid.volFloor"));

        Assert.StartsWith("grid.volFloor:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDouble_NaN_Rejected()
        => Assert.Throws<ArgumentException>(() => FixedPoint18.FromDouble(double.NaN, "mmRatio"));

    [Fact]
    public void FromRaw_OutsideInt256_Rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint18.FromRaw(BigInteger.One << 255, "seed"));

    [Fact]
    public void ToDecimal_FractionalValue_IsExact()
        => Assert.Equal(13354.0056m, FixedPoint18.Parse("13354.0056", "x").ToDecimal());

    [Fact]
    public void Parse_ExponentForm_MatchesPlainForm()
        => Assert.Equal(FixedPoint18.Parse("0.000015", "x"), FixedPoint18.Parse("1.5E-05", "x"));

    [Fact]
    public void ToString_NegativeFraction_PrintsExactText()
        => Assert.Equal("-0.05", FixedPoint18.FromRaw(-50_000_000_000_000_000).ToString());
}
