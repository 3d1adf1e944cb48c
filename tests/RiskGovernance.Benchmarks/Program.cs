using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RiskGovernance.Benchmarks;

// dotnet run -c Release --project tests/RiskGovernance.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project tests/RiskGovernance.Benchmarks -- --peak-memory  (one Monte Carlo run, peak working set)
// dotnet run -c Release --project tests/RiskGovernance.Benchmarks -- --quick        (one stopwatch run of every case)
// dotnet run -c Release --project tests/RiskGovernance.Benchmarks -- --profile      (where the Monte Carlo and grid time goes)
// dotnet run -c Release --project tests/RiskGovernance.Benchmarks -- --large-book ingest|load|file DIR [ACCOUNTS]
//   (a 1,000,000-account snapshot through the snapshot store: ingest, load for a simulation, book.json file ingest)
if (args.Contains("--large-book"))
{
    return await LargeBookRuns.RunAsync(args, Console.Out);
}
if (args.Contains("--peak-memory"))
{
    return PlainRuns.PeakMemory(Console.Out);
}
if (args.Contains("--profile"))
{
    return PlainRuns.Profile(Console.Out);
}
if (args.Contains("--quick"))
{
    return PlainRuns.Quick(Console.Out);
}

// A short job (1 warm-up, 3 measured iterations of one invocation each, in process) so that the
// whole suite runs in a few minutes; the runs take 0.1-60 s each, so the statistics are coarse.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(1)
    .WithIterationCount(3)
    .WithInvocationCount(1)
    .WithUnrollFactor(1);
var config = ManualConfig.CreateMinimumViable()
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkInputs).Assembly).Run(args, config);
return 0;
