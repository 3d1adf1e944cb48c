namespace RiskGovernance.Engine.Pricing;

/// <summary>The standard normal distribution, computed through the complementary error function so
/// that both tails keep full relative accuracy (about 1e-15), from portable arithmetic only
/// (<see cref="ErrorFunction"/>), so that it gives the same bits on every machine.</summary>
internal static class NormalDistribution
{
    private const double InverseSqrt2 = 0.70710678118654752440084436210485;
    private const double InverseSqrt2Pi = 0.39894228040143267793994605993438;

    /// <summary>N(x) = erfc(-x / sqrt 2) / 2.</summary>
    public static double Cdf(double x) => 0.5 * ErrorFunction.Erfc(-x * InverseSqrt2);

    /// <summary>phi(x) = exp(-x^2 / 2) / sqrt(2 pi).</summary>
    public static double Density(double x) => InverseSqrt2Pi * PortableMath.Exp(-0.5 * x * x);
}
