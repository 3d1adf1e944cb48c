using MathNet.Numerics;
using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Tests.Pricing;

public class ErrorFunctionTests
{
    /// <summary>Relative accuracy of the portable erfc (about 4.5 ulps).</summary>
    private const double RelativeTolerance = 1e-15;

    /// <summary>Against MathNet's independent erfc (Boost's rational approximations, platform exp),
    /// whose own error dominates: MathNet is off by 1.9e-15 relative at y = 4.16962 (50-digit value
    /// 3.7076873059635607e-09, ours 3.707687305963561e-09, MathNet 3.7076873059635537e-09) and by
    /// 5.6e-15 at y = 8.0015 (50 digits 1.0956072921484294e-29 = ours; MathNet ...356e-29), growing like
    /// y^2 ulps (1.4e-14 at y = 11.3), so the dense cross-check stops at y = 6 (|d| up to 8.5) and the
    /// far tail rests on the 50-digit points.</summary>
    private const double CrossCheckTolerance = 1e-14;

    /// <summary>Reference values: mpmath erfc at 50 digits, rounded to the nearest double.</summary>
    [Theory]
    [InlineData(-5.5, 1.9999999999999927)]
    [InlineData(-3.2, 1.9999939742388482)]
    [InlineData(-1.0, 1.8427007929497148)]
    [InlineData(-0.49, 1.511668261188523)]
    [InlineData(-0.1, 1.1124629160182848)]
    [InlineData(0.0, 1.0)]
    [InlineData(1e-08, 0.9999999887162083)]
    [InlineData(0.1, 0.887537083981715)]
    [InlineData(0.25, 0.7236736098317631)]
    [InlineData(0.4999, 0.4795880048386134)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(0.7071067811865476, 0.3173105078629141)]
    [InlineData(0.99, 0.1614919304446302)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.3, 0.06599205505934755)]
    [InlineData(1.75, 0.013328328780817557)]
    [InlineData(2.0, 0.004677734981047266)]
    [InlineData(2.5, 0.0004069520174449589)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(3.49, 7.990254204651663e-07)]
    [InlineData(3.5, 7.430983723414128e-07)]
    [InlineData(4.2, 2.8554941795921843e-09)]
    [InlineData(5.0, 1.537459794428035e-12)]
    [InlineData(5.99, 2.4300455127321346e-17)]
    [InlineData(6.5, 3.8421483271206475e-20)]
    [InlineData(7.9, 5.572718056952545e-29)]
    [InlineData(9.0, 4.13703174651381e-37)]
    [InlineData(10.5, 7.035928090177523e-50)]
    [InlineData(13.0, 1.7395573154667246e-75)]
    [InlineData(15.9, 5.690956171169625e-112)]
    [InlineData(20.0, 5.395865611607901e-176)]
    [InlineData(26.0, 5.663192408856143e-296)]
    public void Erfc_KnownPoints_MatchFiftyDigitReference(double y, double expected)
    {
        var actual = ErrorFunction.Erfc(y);

        Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * expected, $"erfc({y:R}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Erfc_DenseRange_AgreesWithMathNet()
    {
        for (var i = -40_000; i <= 46_000; i++)
        {
            var y = i * 1.3e-4; // [-5.2, 5.98]
            var expected = SpecialFunctions.Erfc(y);
            var actual = ErrorFunction.Erfc(y);
            Assert.True(Math.Abs(actual - expected) <= CrossCheckTolerance * expected, $"erfc({y:R}) = {actual:R}, MathNet {expected:R}");
        }
    }

    [Fact]
    public void Erfc_Limits_AreExact()
    {
        Assert.Equal(0.0, ErrorFunction.Erfc(27.5));
        Assert.Equal(0.0, ErrorFunction.Erfc(1e300));
        Assert.Equal(2.0, ErrorFunction.Erfc(-30));
        Assert.Equal(1.0, ErrorFunction.Erfc(0));
        Assert.True(double.IsNaN(ErrorFunction.Erfc(double.NaN)));
    }
}
