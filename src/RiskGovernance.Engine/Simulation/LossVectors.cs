using System.Numerics;
using System.Runtime.InteropServices;

namespace RiskGovernance.Engine.Simulation;

/// <summary>Element-wise loops over scenario vectors, SIMD where the hardware has it. Each element
/// is computed with the same single multiply and add as the scalar loop (no fused multiply-add), so
/// results do not depend on the vector width.</summary>
internal static class LossVectors
{
    /// <summary>target[s] = factor * source[s].</summary>
    public static void SetScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var s = MemoryMarshal.Cast<double, Vector<double>>(source[..target.Length]);
            var f = new Vector<double>(factor);
            for (var k = 0; k < t.Length; k++)
            {
                t[k] = f * s[k];
            }
            i = t.Length * Vector<double>.Count;
        }
        for (; i < target.Length; i++)
        {
            target[i] = factor * source[i];
        }
    }

    /// <summary>target[s] = first * a[s] + second * b[s] (each product rounded, then the sum): the same
    /// numbers as <see cref="SetScaled"/> followed by <see cref="AddScaled"/>, in one pass.</summary>
    public static void SetTwoScaled(Span<double> target, ReadOnlySpan<double> a, double first, ReadOnlySpan<double> b, double second)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var va = MemoryMarshal.Cast<double, Vector<double>>(a[..target.Length]);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..target.Length]);
            var f = new Vector<double>(first);
            var g = new Vector<double>(second);
            for (var k = 0; k < t.Length; k++)
            {
                var x = f * va[k];
                var y = g * vb[k];
                t[k] = x + y;
            }
            i = t.Length * Vector<double>.Count;
        }
        for (; i < target.Length; i++)
        {
            var x = first * a[i];
            var y = second * b[i];
            target[i] = x + y;
        }
    }

    /// <summary>target[s] = target[s] + factor * source[s] (the product rounded, then the sum).</summary>
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var s = MemoryMarshal.Cast<double, Vector<double>>(source[..target.Length]);
            var f = new Vector<double>(factor);
            for (var k = 0; k < t.Length; k++)
            {
                var product = f * s[k];
                t[k] += product;
            }
            i = t.Length * Vector<double>.Count;
        }
        for (; i < target.Length; i++)
        {
            var product = factor * source[i];
            target[i] += product;
        }
    }

    /// <summary>target[s] = target[s] + source[s].</summary>
    public static void Add(Span<double> target, ReadOnlySpan<double> source)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var s = MemoryMarshal.Cast<double, Vector<double>>(source[..target.Length]);
            for (var k = 0; k < t.Length; k++)
            {
                t[k] += s[k];
            }
            i = t.Length * Vector<double>.Count;
        }
        for (; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
