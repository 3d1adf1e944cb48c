using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Tests.Pricing;

public class PortableMathTests
{
    /// <summary>About 4.5 ulps: the bound on the relative difference from the platform's libm
    /// (itself within an ulp of the exact value).</summary>
    private const double RelativeTolerance = 1e-15;

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= RelativeTolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Exp_AcrossTheRange_MatchesPlatformWithinUlps()
    {
        for (var i = -200_000; i <= 200_000; i++)
        {
            var x = i * 0.0035; // [-700, 700]
            Close(Math.Exp(x), PortableMath.Exp(x));
        }
        for (var i = -50_000; i <= 50_000; i++)
        {
            var x = i * 1.3e-5; // dense near 0, where scenario returns live
            Close(Math.Exp(x), PortableMath.Exp(x));
        }
    }

    [Fact]
    public void Log_AcrossTheRange_MatchesPlatformWithinUlps()
    {
        for (var i = 1; i <= 200_000; i++)
        {
            var x = i * 1.7e-3;
            Close(Math.Log(x), PortableMath.Log(x));
            var near = 1 + ((i - 100_000) * 3e-9); // near 1, where the result is small
            if (near != 1)
            {
                Close(Math.Log(near), PortableMath.Log(near));
            }
        }
        foreach (var x in new[] { 1e-310, 5e-324, 1e-300, 1e-20, 0.7071067811865476, 1.4142135623730951, 1e20, 1.7e308 })
        {
            Close(Math.Log(x), PortableMath.Log(x));
        }
    }

    /// <summary>Nearest doubles to e, ln 10, e^-10 and ln 0.3 (mpmath at 50 digits).</summary>
    [Fact]
    public void ExpAndLog_KnownValues_WithinUlps()
    {
        Close(2.718281828459045, PortableMath.Exp(1));
        Close(4.5399929762484854e-05, PortableMath.Exp(-10));
        Close(2.302585092994046, PortableMath.Log(10));
        Close(-1.2039728043259361, PortableMath.Log(0.3));
    }

    [Fact]
    public void ExpAndLog_SpecialValues_FollowIeee()
    {
        Assert.Equal(1.0, PortableMath.Exp(0));
        Assert.Equal(0.0, PortableMath.Log(1));
        Assert.Equal(double.PositiveInfinity, PortableMath.Exp(800));
        Assert.Equal(0.0, PortableMath.Exp(-800));
        Assert.Equal(double.NegativeInfinity, PortableMath.Log(0));
        Assert.True(double.IsNaN(PortableMath.Log(-1)));
        Assert.True(double.IsNaN(PortableMath.Exp(double.NaN)));
    }
}
