using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Simulation;

/// <summary>A small deterministic generator: xoshiro256** (Blackman and Vigna) whose state is filled
/// by SplitMix64 from a key made of the seed and the scenario index, so that every scenario has its
/// own stream and scenarios can be drawn in any order or in parallel with bit-identical results.
/// Normals by the Marsaglia polar method, gamma by Marsaglia and Tsang (2000); logarithms by
/// <see cref="PortableMath"/>, so the stream is the same on every IEEE-754 machine. A mutable value
/// owned by one thread for one scenario; never shared, never static.</summary>
internal struct ScenarioRandom
{
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>The stream of scenario <paramref name="scenario"/> under <paramref name="seed"/>.</summary>
    public ScenarioRandom(long seed, long scenario)
    {
        var key = Mix((ulong)seed) ^ ((ulong)scenario * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref key);
        _s1 = SplitMix(ref key);
        _s2 = SplitMix(ref key);
        _s3 = SplitMix(ref key);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 0x9E3779B97F4A7C15UL;
        }
        _spare = 0;
        _hasSpare = false;
    }

    /// <summary>A generator with the given xoshiro256** state (not all zero), for tests against the
    /// published algorithm.</summary>
    internal static ScenarioRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var random = default(ScenarioRandom);
        random._s0 = s0;
        random._s1 = s1;
        random._s2 = s2;
        random._s3 = s3;
        return random;
    }

    /// <summary>xoshiro256** next 64-bit output.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in the open interval (0, 1), 53 random bits.</summary>
    public double NextUniform() => ((NextUInt64() >> 11) + 0.5) * TwoPowMinus53;

    /// <summary>Standard normal by the Marsaglia polar method (the second value of a pair is kept).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = (2 * NextUniform()) - 1;
            v = (2 * NextUniform()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * PortableMath.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Gamma(shape, 1) for shape &gt;= 1 by Marsaglia and Tsang's squeeze method.</summary>
    public double NextGamma(double shape)
    {
        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = NextUniform();
            var x2 = x * x;
            if (u < 1 - (0.0331 * x2 * x2) || PortableMath.Log(u) < (0.5 * x2) + (d * (1 - v + PortableMath.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Chi-square with nu degrees of freedom = 2 Gamma(nu / 2, 1); needs nu &gt;= 2.</summary>
    public double NextChiSquare(double degreesOfFreedom) => 2 * NextGamma(degreesOfFreedom / 2);

    /// <summary>SplitMix64 (Steele, Lea and Flood): advances the state and returns the next output.</summary>
    internal static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
