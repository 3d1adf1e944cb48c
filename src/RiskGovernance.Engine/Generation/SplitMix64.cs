namespace RiskGovernance.Engine.Generation;

/// <summary>SplitMix64 (Steele, Lea and Flood 2014; the seeding generator of the xoshiro family):
/// a small, fast, fully specified generator, so that a seed gives the same sequence on every
/// runtime and machine (unlike <see cref="Random"/>, whose algorithm is not part of its contract).
/// Mutable: one instance per generation run, never shared.</summary>
internal sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)((NextUInt64() >> 33) % (ulong)count);
    }

    /// <summary>Uniform integer in [min, max] (both included).</summary>
    public int Between(int min, int max) => min + NextInt(max - min + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal by the Box-Muller transform (one value per call).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Pick(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Count - 1;
    }
}
