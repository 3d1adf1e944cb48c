using System.Collections.Concurrent;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Benchmarks;

/// <summary>The benchmark inputs: the ten-asset demo market and parameters (real data,
/// 2024-09-10), generated books (seed 1 for every size) and the embedded daily history. Built
/// once per process, outside the measured code.</summary>
internal static class BenchmarkInputs
{
    public const long BookSeed = 1;

    private static readonly ConcurrentDictionary<int, Book> Books = new();

    public static MarketSnapshot Market { get; } = DemoInputs.Market10();

    public static ParameterSet Grid { get; } = DemoInputs.Params10();

    public static PriceHistory History { get; } = MarketDataset.LoadDailyCloses();

    public static Book Book(int accounts) => Books.GetOrAdd(accounts, n => BookGenerator.Generate(Market, Grid, n, BookSeed));

    /// <summary>The demo parameters with another method and, for the simulations, another scenario count.</summary>
    public static ParameterSet With(MarginMethod method, int scenarios = 10_000)
    {
        var p = Grid;
        return ParameterSet.Create(method, p.ImMultiplier, p.MmRatio, p.LiquidationRatio, p.ShortOptionMinimum, p.CorrelationStress,
            p.Grid, p.Simulation with { Scenarios = scenarios }, p.AssetEntries, p.Correlation.Assets, p.Correlation.ToRows());
    }

    /// <summary>A proposed grid set for the impact benchmark: every scan range 20 % wider (still
    /// below 1/extremeMultiple) and correlation stress 0.25.</summary>
    public static ParameterSet ProposedGrid()
    {
        var p = Grid;
        var assets = p.AssetEntries.Select(e => e with
        {
            Parameters = e.Parameters with { ScanRange = Math.Min(Math.Round(e.Parameters.ScanRange * 1.2, 2), 0.33) },
        }).ToArray();
        return ParameterSet.Create(MarginMethod.Grid, p.ImMultiplier, p.MmRatio, p.LiquidationRatio, p.ShortOptionMinimum, 0.25,
            p.Grid, p.Simulation, assets, p.Correlation.Assets, p.Correlation.ToRows());
    }

    public static MarginInputs Inputs(int accounts, ParameterSet parameters) =>
        MarginInputs.Create(Market, parameters, Book(accounts), parameters.Method == MarginMethod.Historical ? History : null);
}
