using System.Numerics;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Simulation;

/// <summary>VaR and ES of a loss vector from its m largest values (METHODOLOGY section 5): with
/// losses sorted so that loss[1] &gt;= loss[2] &gt;= ..., VaR = loss[m] and ES = mean(loss[1..m]),
/// m = max(1, floor((1 - confidence) N + 1e-9)). Only the m largest are kept (a bounded min-heap),
/// never a sorted copy of the whole vector.</summary>
internal sealed class TailMeasure
{
    /// <summary>Absorbs binary rounding in (1 - confidence) N.</summary>
    public const double TailCountSlack = 1e-9;

    private readonly double[] _heap;

    public TailMeasure(RiskMeasure measure, double confidence, int scenarios)
    {
        Measure = measure;
        TailCount = TailCountOf(confidence, scenarios);
        _heap = new double[TailCount];
    }

    public RiskMeasure Measure { get; }

    /// <summary>m, the number of worst scenarios the measure uses.</summary>
    public int TailCount { get; }

    public static int TailCountOf(double confidence, int scenarios) =>
        Math.Max(1, (int)Math.Floor(((1 - confidence) * scenarios) + TailCountSlack));

    /// <summary>VaR or ES of <paramref name="losses"/> (not clamped). Uses this instance's scratch heap:
    /// one instance per thread.</summary>
    public double Of(ReadOnlySpan<double> losses) => Of(losses, []);

    /// <summary>VaR or ES of <paramref name="losses"/> (not clamped), adding the losses into
    /// <paramref name="accumulate"/> on the same pass when it is not empty (accumulate[s] += losses[s]).</summary>
    public double Of(ReadOnlySpan<double> losses, Span<double> accumulate)
    {
        var m = TailCount;
        var heap = _heap;
        if (losses.Length < m)
        {
            throw new ArgumentException($"needs at least {m} scenarios", nameof(losses));
        }
        var add = !accumulate.IsEmpty;
        if (add && accumulate.Length != losses.Length)
        {
            throw new ArgumentException("must be as long as the losses", nameof(accumulate));
        }
        losses[..m].CopyTo(heap);
        if (add)
        {
            LossVectors.Add(accumulate[..m], losses[..m]);
        }
        for (var i = (m / 2) - 1; i >= 0; i--)
        {
            SiftDown(heap, i, m);
        }
        var floor = heap[0];
        var next = m;
        var width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            // Skip whole vectors that cannot enter the tail; the order of insertion is unchanged.
            for (; next + width <= losses.Length; next += width)
            {
                var chunk = new Vector<double>(losses.Slice(next, width));
                if (add)
                {
                    var target = accumulate.Slice(next, width);
                    (new Vector<double>(target) + chunk).CopyTo(target);
                }
                if (!Vector.GreaterThanAny(chunk, new Vector<double>(floor)))
                {
                    continue;
                }
                for (var k = next; k < next + width; k++)
                {
                    var x = losses[k];
                    if (x > floor)
                    {
                        heap[0] = x;
                        SiftDown(heap, 0, m);
                        floor = heap[0];
                    }
                }
            }
        }
        for (; next < losses.Length; next++)
        {
            var x = losses[next];
            if (add)
            {
                accumulate[next] += x;
            }
            if (x > floor)
            {
                heap[0] = x;
                SiftDown(heap, 0, m);
                floor = heap[0];
            }
        }
        if (Measure == RiskMeasure.ValueAtRisk)
        {
            return floor;
        }
        double sum = 0;
        for (var i = 0; i < m; i++)
        {
            sum += heap[i];
        }
        return sum / m;
    }

    private static void SiftDown(double[] heap, int i, int n)
    {
        var x = heap[i];
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && heap[child + 1] < heap[child])
            {
                child++;
            }
            if (heap[child] >= x)
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }
}
