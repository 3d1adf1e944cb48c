namespace RiskGovernance.Engine.Pricing;

/// <summary>The complementary error function from IEEE-754 additions, multiplications and divisions
/// and <see cref="PortableMath.Exp"/> only, so that option values, like the Monte Carlo draws, are
/// the same bits on every machine. Below 0.5 a Taylor series of erf (truncation below 2e-21);
/// from 0.5 to 27.5 erfc(y) = exp(-y^2) g(y) with g in Chebyshev pieces fitted at 60 digits
/// (truncation below 1.1e-19, see ErrorFunction.Coefficients.cs); exp(-y^2) is taken as
/// exp(-yh^2) exp(-yl (y + yh)) with yh^2 exact, so the square loses nothing. Relative accuracy
/// about 1e-15 over the whole range (checked in the tests against 50-digit values).</summary>
internal static partial class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>Below this erfc is computed as 1 - erf from the Taylor series.</summary>
    private const double SeriesLimit = 0.5;

    /// <summary>Above this erfc underflows to 0.</summary>
    private const double UnderflowLimit = 27.5;

    /// <summary>Clears the 27 low mantissa bits: the high part has 26 significant bits and an exact square.</summary>
    private const long HighPartMask = ~((1L << 27) - 1);

    public static double Erfc(double y)
    {
        if (double.IsNaN(y))
        {
            return y;
        }
        if (y < 0)
        {
            return 2.0 - Erfc(-y);
        }
        if (y < SeriesLimit)
        {
            return 1.0 - Erf(y);
        }
        if (y >= UnderflowLimit)
        {
            return 0.0;
        }
        var edges = Edges;
        var piece = 0;
        while (y >= edges[piece + 1])
        {
            piece++;
        }
        var a = edges[piece];
        var b = edges[piece + 1];
        var u = ((2.0 * y) - a - b) / (b - a);
        var c = Chebyshev[Starts[piece]..Starts[piece + 1]];
        // Clenshaw: b_k = c_k + 2u b_(k+1) - b_(k+2); g = c_0 + u b_1 - b_2.
        double b1 = 0, b2 = 0;
        var twoU = 2.0 * u;
        for (var k = c.Length - 1; k >= 1; k--)
        {
            var bk = c[k] + (twoU * b1) - b2;
            b2 = b1;
            b1 = bk;
        }
        var g = c[0] + (u * b1) - b2;
        // y^2 = high^2 + low (y + high) with high^2 exact; |t| = low (y + high) <= 2^-25 2 y^2 < 5e-5,
        // so exp(-t) by its cubic Taylor polynomial (remainder t^4 / 24 < 3e-19).
        var high = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) & HighPartMask);
        var t = (y - high) * (y + high);
        var expMinusT = 1.0 - (t * (1.0 - (t * (0.5 - (t / 6.0)))));
        return PortableMath.Exp(-(high * high)) * expMinusT * g;
    }

    /// <summary>erf(y) for |y| &lt; 0.5 by its Taylor series.</summary>
    private static double Erf(double y)
    {
        var z = y * y;
        var t = Taylor;
        var sum = t[^1];
        for (var n = t.Length - 2; n >= 0; n--)
        {
            sum = t[n] + (z * sum);
        }
        return TwoOverSqrtPi * y * sum;
    }
}
