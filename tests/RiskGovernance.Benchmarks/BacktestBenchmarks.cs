using BenchmarkDotNet.Attributes;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.MarketData;

namespace RiskGovernance.Benchmarks;

/// <summary>A full 2019-2024 daily backtest of the grid method (horizon 1 day, DVOL / EWMA 0.94
/// volatilities) on the generated 10,000-account book with the ten-asset inputs: every date of
/// 2019-01-01..2024-12-31 is tried; those with closes of all ten assets at t and t + 1 are tested
/// (2020-09-22..2024-09-09). Target: 30 s on this 2-core machine.</summary>
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private readonly Backtester _backtester = new();
    private BacktestInputs _inputs = null!;

    [GlobalSetup]
    public void Setup() => _inputs = Inputs();

    [Benchmark]
    public BacktestResult GridBacktest10kAccounts2019To2024() => _backtester.Run(_inputs);

    /// <summary>The benchmark's inputs (also used by <c>--quick</c>).</summary>
    public static BacktestInputs Inputs() => BacktestInputs.Create(
        BenchmarkInputs.Grid, BenchmarkInputs.Book(10_000), BenchmarkInputs.Market, new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31),
        1, 0.94, BenchmarkInputs.History, MarketDataset.LoadDvolCloses());
}
