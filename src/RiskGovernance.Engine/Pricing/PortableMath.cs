namespace RiskGovernance.Engine.Pricing;

/// <summary>exp and log from IEEE-754 additions, multiplications and divisions only, so that they give
/// the same bits on every machine and runtime (Math.Exp and Math.Log call the platform's C library,
/// whose last bit may differ between systems). Used for the Monte Carlo draws and scenario prices,
/// where a single differing bit could flip an acceptance test of the gamma sampler.
/// Accuracy: within a few ulps (checked against Math and 50-digit references in the tests).</summary>
internal static class PortableMath
{
    /// <summary>ln 2 split so that k * Ln2High is exact for |k| &lt; 2^21 (31 significant bits).</summary>
    private const double Ln2High = 0.6931471803691238;

    private const double Ln2Low = 1.9082149292705877e-10;

    private const double InverseLn2 = 1.4426950408889634;

    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Above this exp overflows; below <see cref="ExpUnderflow"/> it is 0.</summary>
    private const double ExpOverflow = 709.782712893384;

    private const double ExpUnderflow = -745.1332191019412;

    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>2^54, to bring a subnormal into the normal range.</summary>
    private const double TwoPow54 = 18014398509481984.0;

    /// <summary>e^x: x = k ln 2 + r with |r| &lt;= ln 2 / 2, e^r by its Taylor polynomial of degree 14
    /// (remainder below 2e-19), then scaled by 2^k exactly.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        if (x > ExpOverflow)
        {
            return double.PositiveInfinity;
        }
        if (x < ExpUnderflow)
        {
            return 0.0;
        }
        var k = Math.Round(x * InverseLn2, MidpointRounding.ToEven);
        var r = (x - (k * Ln2High)) - (k * Ln2Low);
        var p = 1.0 / 87178291200.0;
        p = (1.0 / 6227020800.0) + (r * p);
        p = (1.0 / 479001600.0) + (r * p);
        p = (1.0 / 39916800.0) + (r * p);
        p = (1.0 / 3628800.0) + (r * p);
        p = (1.0 / 362880.0) + (r * p);
        p = (1.0 / 40320.0) + (r * p);
        p = (1.0 / 5040.0) + (r * p);
        p = (1.0 / 720.0) + (r * p);
        p = (1.0 / 120.0) + (r * p);
        p = (1.0 / 24.0) + (r * p);
        p = (1.0 / 6.0) + (r * p);
        p = 0.5 + (r * p);
        // e^r = 1 + r + r^2 p: the leading 1 is added last to keep r's bits.
        var expm1 = r + (r * r * p);
        return Math.ScaleB(1.0 + expm1, (int)k);
    }

    /// <summary>ln x: x = 2^e m with m in [sqrt(1/2), sqrt 2), f = m - 1 (exact), s = f / (2 + f) and
    /// ln m = 2 atanh s = f - s (f - 2 sum_{n&gt;=1} s^(2n+1) / (2n+1) / s) to s^23 (remainder below 1e-18).</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0)
        {
            return double.NaN;
        }
        if (x == 0)
        {
            return double.NegativeInfinity;
        }
        if (double.IsPositiveInfinity(x))
        {
            return x;
        }
        var e = 0;
        if (x < SmallestNormal)
        {
            // Subnormal: scale into the normal range first (exact).
            x *= TwoPow54;
            e = -54;
        }
        var bits = BitConverter.DoubleToInt64Bits(x);
        e += (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m >= Sqrt2)
        {
            m *= 0.5;
            e++;
        }
        var f = m - 1.0;
        var s = f / (2.0 + f);
        var z = s * s;
        var q = 1.0 / 23.0;
        q = (1.0 / 21.0) + (z * q);
        q = (1.0 / 19.0) + (z * q);
        q = (1.0 / 17.0) + (z * q);
        q = (1.0 / 15.0) + (z * q);
        q = (1.0 / 13.0) + (z * q);
        q = (1.0 / 11.0) + (z * q);
        q = (1.0 / 9.0) + (z * q);
        q = (1.0 / 7.0) + (z * q);
        q = (1.0 / 5.0) + (z * q);
        q = (1.0 / 3.0) + (z * q);
        // 2 atanh s = 2s + 2s z q, and 2s = f - s f, so ln m = f - s (f - 2 z q).
        var logM = f - (s * (f - (2.0 * z * q)));
        return (e * Ln2High) + ((e * Ln2Low) + logM);
    }
}
