using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Tests.Pricing;

public class OptionPricerTests
{
    /// <summary>Absolute tolerance on option values of order 1-100 (a few ulps after the
    /// cancellation in S N(d1) - K N(d2)).</summary>
    private const double ValueTolerance = 1e-12;

    /// <summary>Relative tolerance on the normal CDF deep in the tail (erfc keeps full relative accuracy).</summary>
    private const double TailRelativeTolerance = 1e-14;

    /// <summary>S = K = 100, sigma = 0.2, T = 365: d1 = 0.1, d2 = -0.1, call = put = 100 (2 N(0.1) - 1).
    /// Reference 100 erf(0.1 / sqrt 2) computed independently at 40 digits (mpmath, and a Decimal
    /// Taylor series of erf): 7.96556745540579673378678154...</summary>
    private const double AtTheMoneyOneYear = 7.9655674554057967337867815;

    [Theory]
    [InlineData(OptionRight.Call)]
    [InlineData(OptionRight.Put)]
    public void Value_AtTheMoneyOneYear_EqualsClosedForm(OptionRight right)
    {
        Assert.Equal(AtTheMoneyOneYear, OptionPricer.Value(right, 100, 0.2, 100, 365), ValueTolerance);
    }

    /// <summary>S = 100, K = 110, sigma = 0.5, T = 45 days; reference values by mpmath at 40 digits.</summary>
    [Theory]
    [InlineData(OptionRight.Call, 3.3974695809528876783)]
    [InlineData(OptionRight.Put, 13.397469580952887678)]
    public void Value_OutOfTheMoneyShortExpiry_MatchesHighPrecisionReference(OptionRight right, double expected)
    {
        Assert.Equal(expected, OptionPricer.Value(right, 100, 0.5, 110, 45), ValueTolerance);
    }

    [Theory]
    [InlineData(50.0)]
    [InlineData(90.0)]
    [InlineData(100.0)]
    [InlineData(125.0)]
    [InlineData(300.0)]
    public void Value_CallMinusPut_EqualsSpotMinusStrike(double strike)
    {
        const double spot = 100;
        var call = OptionPricer.Value(OptionRight.Call, spot, 0.8, strike, 90);
        var put = OptionPricer.Value(OptionRight.Put, spot, 0.8, strike, 90);
        Assert.Equal(spot - strike, call - put, ValueTolerance * 10);
    }

    [Theory]
    [InlineData(OptionRight.Call, 120.0, 100.0, 20.0)]
    [InlineData(OptionRight.Call, 80.0, 100.0, 0.0)]
    [InlineData(OptionRight.Put, 80.0, 100.0, 20.0)]
    [InlineData(OptionRight.Put, 120.0, 100.0, 0.0)]
    public void Value_ZeroExpiryOrZeroVol_IsIntrinsic(OptionRight right, double spot, double strike, double intrinsic)
    {
        Assert.Equal(intrinsic, OptionPricer.Value(right, spot, 0.9, strike, 0));
        Assert.Equal(intrinsic, OptionPricer.Value(right, spot, 0.0, strike, 30));
    }

    [Fact]
    public void Value_PositiveTimeAndVol_ExceedsIntrinsic()
    {
        Assert.True(OptionPricer.Value(OptionRight.Call, 120, 0.5, 100, 30) > 20);
        Assert.True(OptionPricer.Value(OptionRight.Put, 120, 0.5, 100, 30) > 0);
    }

    /// <summary>N(-10) = 7.6198530241605260659733e-24 and N(-5) = 2.8665157187919391167e-7 (mpmath).</summary>
    [Theory]
    [InlineData(-10.0, 7.6198530241605260659733e-24)]
    [InlineData(-5.0, 2.8665157187919391167e-7)]
    public void Cdf_DeepLowerTail_KeepsRelativeAccuracy(double x, double expected)
    {
        Assert.True(Math.Abs(NormalDistribution.Cdf(x) - expected) <= TailRelativeTolerance * expected);
    }

    [Fact]
    public void Cdf_SymmetricPoints_SumToOne()
    {
        foreach (var x in new[] { 0.0, 0.3, 1.7, 4.2 })
        {
            Assert.Equal(1.0, NormalDistribution.Cdf(x) + NormalDistribution.Cdf(-x), 1e-15);
        }
    }
}
