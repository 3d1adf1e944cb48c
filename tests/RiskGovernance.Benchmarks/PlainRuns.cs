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
        var backtest = BacktestBenchmarks.Inputs();
        Time(output, "grid backtest 10k accounts 2019-2024", () => new RiskGovernance.Engine.Backtesting.Backtester().Run(backtest));
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

    /// <summary>Where the Monte Carlo time goes (10,000 accounts x 10,000 scenarios): the full
    /// book on all cores and on one, the same book without its options (option revaluation and
    /// the per-contract loss vectors), and without the isolated baseline's extra items (a book
    /// whose accounts hold a single position each, so the baseline adds nothing).</summary>
    public static int Profile(TextWriter output)
    {
        var parameters = BenchmarkInputs.With(MarginMethod.MonteCarlo);
        var book = BenchmarkInputs.Book(10_000);
        var perpsOnly = Book.Create(book.Accounts.Select(a => a with { Positions = a.Positions.OfType<PerpPosition>().ToArray() }));
        var optionsOnly = Book.Create(book.Accounts.Select(a => a with
        {
            Collateral = a.Collateral.Where(c => !parameters.IsRisky(c.Asset)).ToArray(),
            Positions = a.Positions.OfType<OptionPosition>().ToArray(),
        }));
        var all = new MarginEngine();
        var one = new MarginEngine(new MarginEngineOptions(1));
        MarginInputs Inputs(Book b) => MarginInputs.Create(BenchmarkInputs.Market, parameters, b);
        output.WriteLine($"positions: {book.Accounts.Sum(a => a.Positions.Count)} " +
                         $"(options {optionsOnly.Accounts.Sum(a => a.Positions.Count)}), cores {Environment.ProcessorCount}");
        all.Margin(Inputs(book));
        Time(output, "montecarlo 10k x 10k, all cores", () => all.Margin(Inputs(book)));
        Time(output, "montecarlo 10k x 10k, one thread", () => one.Margin(Inputs(book)));
        Time(output, "  perps and collateral only, one thread", () => one.Margin(Inputs(perpsOnly)));
        Time(output, "  options only, one thread", () => one.Margin(Inputs(optionsOnly)));
        var grid = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.Grid);
        Time(output, "grid 10k, all cores", () => all.Margin(grid));
        Time(output, "grid 10k, one thread", () => one.Margin(grid));
        Time(output, "  grid perps and collateral only, one thread", () =>
            one.Margin(MarginInputs.Create(BenchmarkInputs.Market, BenchmarkInputs.Grid, perpsOnly)));
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
