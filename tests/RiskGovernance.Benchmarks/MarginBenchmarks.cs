using BenchmarkDotNet.Attributes;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Benchmarks;

/// <summary>The three methods on a generated 10,000-account book with the ten-asset inputs:
/// grid, Monte Carlo (10,000 scenarios, ES 99 %) and historical (730 days).</summary>
[MemoryDiagnoser]
public class MarginBenchmarks
{
    private readonly MarginEngine _engine = new();
    private MarginInputs _inputs = null!;

    [Params(MarginMethod.Grid, MarginMethod.MonteCarlo, MarginMethod.Historical)]
    public MarginMethod Method { get; set; }

    [GlobalSetup]
    public void Setup() => _inputs = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.With(Method));

    [Benchmark]
    public MarginResult Margin10kAccounts() => _engine.Margin(_inputs);
}

/// <summary>Impact of a proposed grid set (scan ranges +20 %, correlation stress 0.25) on the
/// 10,000-account book: two grid runs and the comparison.</summary>
[MemoryDiagnoser]
public class ImpactBenchmarks
{
    private readonly MarginEngine _engine = new();
    private MarginInputs _current = null!;
    private ParameterSet _proposed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _current = BenchmarkInputs.Inputs(10_000, BenchmarkInputs.Grid);
        _proposed = BenchmarkInputs.ProposedGrid();
    }

    [Benchmark]
    public ImpactResult GridImpact10kAccounts() => _engine.Impact(_current, _proposed);
}

/// <summary>Scaling of the grid method with the number of accounts.</summary>
[MemoryDiagnoser]
public class GridScalingBenchmarks
{
    private readonly MarginEngine _engine = new();
    private MarginInputs _inputs = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup() => _inputs = BenchmarkInputs.Inputs(Accounts, BenchmarkInputs.Grid);

    [Benchmark]
    public MarginResult Grid() => _engine.Margin(_inputs);
}

/// <summary>Scaling of Monte Carlo with accounts and scenarios.</summary>
[MemoryDiagnoser]
public class MonteCarloScalingBenchmarks
{
    private readonly MarginEngine _engine = new();
    private MarginInputs _inputs = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Accounts { get; set; }

    [Params(1_000, 10_000)]
    public int Scenarios { get; set; }

    [GlobalSetup]
    public void Setup() => _inputs = BenchmarkInputs.Inputs(Accounts, BenchmarkInputs.With(MarginMethod.MonteCarlo, Scenarios));

    [Benchmark]
    public MarginResult MonteCarlo() => _engine.Margin(_inputs);
}

/// <summary>Generating the benchmark book itself (not part of a margin run).</summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    [Benchmark]
    public Book Generate10kAccounts() =>
        Engine.Generation.BookGenerator.Generate(BenchmarkInputs.Market, BenchmarkInputs.Grid, 10_000, 7);
}
