using MathNet.Numerics;

namespace RiskGovernance.Engine.Pricing;

/// <summary>The standard normal distribution, computed through the complementary error function so
/// that both tails keep full relative accuracy (about 1e-15).</summary>
internal static class NormalDistribution
{
    private const double InverseSqrt2 = 0.70710678118654752440084436210485;
    private const double InverseSqrt2Pi = 0.39894228040143267793994605993438;

    /// <summary>N(x) = erfc(-x / sqrt 2) / 2.</summary>
    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InverseSqrt2);

    /// <summary>phi(x) = exp(-x^2 / 2) / sqrt(2 pi).</summary>
    public static double Density(double x) => InverseSqrt2Pi * Math.Exp(-0.5 * x * x);
}
