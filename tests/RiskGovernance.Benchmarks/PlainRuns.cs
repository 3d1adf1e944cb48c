using System.Diagnostics;
using System.Globalization;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Benchmarks;

/// <summary>Measurements outside BenchmarkDotNet: <c>--peak-memory</c> runs one Monte Carlo margin
/// (10,000 accounts, 10,000 scenarios) in this process and prints its wall time and the process's
/// peak working set; <c>--quick</c> times one run of every benchmark case with a stopwatch (a
/// smoke check, not a measurement).</summary>
internal static class PlainRuns
{
    public static int PeakMemory(TextWriter output)
    {
        var baseline = Process.GetCurrentProcess();
        baseline.Refresh();
        var before = baseline.PeakWorkingSet64;
        var inputs = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.With(MarginMethod.MonteCarlo));
        var prepared = Process.GetCurrentProcess();
        prepared.Refresh();
        var afterInputs = prepared.PeakWorkingSet64;
        var sw = Stopwatch.StartNew();
        var result = new MarginEngine().Margin(inputs);
        sw.Stop();
        var done = Process.GetCurrentProcess();
        done.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"montecarlo 10k accounts x {inputs.Parameters.Simulation.Scenarios} scenarios: {sw.Elapsed.TotalSeconds:F2} s, " +
            $"{result.Accounts.Count} accounts, total IM {result.Totals.InitialMargin:F0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set: at start {Mb(before)} MB, after building inputs {Mb(afterInputs)} MB, after the run {Mb(done.PeakWorkingSet64)} MB " +
            $"(GC total allocated {Mb(GC.GetTotalAllocatedBytes())} MB; {Environment.ProcessorCount} cores)"));
        return 0;
    }

    public static int Quick(TextWriter output)
    {
        var engine = new MarginEngine();
        Time(output, "generate 10k accounts", () => BenchmarkInputs.Book(10_000));
        Time(output, "generate 100k accounts", () => BenchmarkInputs.Book(100_000));
        foreach (var method in new[] { MarginMethod.Grid, MarginMethod.MonteCarlo, MarginMethod.Historical })
        {
            var inputs = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.With(method));
            Time(output, $"{method} 10k accounts", () => engine.Margin(inputs));
        }
        var current = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.Grid);
        var proposed = BenchmarkInputs.ProposedGrid();
        Time(output, "grid impact 10k accounts", () => engine.Impact(current, proposed));
        foreach (var n in new[] { 1_000, 10_000, 100_000 })
        {
            var grid = BenchmarkInputs.Inputs(n, BenchmarkInputs.Grid);
            Time(output, $"grid {n} accounts", () => engine.Margin(grid));
            foreach (var s in new[] { 1_000, 10_000 })
            {
                var mc = BenchmarkInputs.Inputs(n, BenchmarkInputs.With(MarginMethod.MonteCarlo, s));
                Time(output, $"montecarlo {n} accounts x {s} scenarios", () => engine.Margin(mc));
            }
        }
        return 0;
    }

    private static void Time(TextWriter output, string name, Func<object> run)
    {
        var sw = Stopwatch.StartNew();
        run();
        sw.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-45} {sw.Elapsed.TotalMilliseconds,10:F0} ms"));
        output.Flush();
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
