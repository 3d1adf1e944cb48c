using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.Correlation;

/// <summary>Builds parameter sets for the correlation, market-data and generation tests.</summary>
internal static class ParameterSetFactory
{
    public static GridParameters Grid { get; } = new(3, 3.0, 0.33, 0.3, 0.13, 1.0, 0.05);

    public static SimulationParameters Simulation { get; } =
        new(RiskMeasure.ExpectedShortfall, 0.99, 1, 10_000, 42, ReturnDistribution.Normal, 4, 730);

    public static AssetParameterEntry[] Assets(IReadOnlyList<string> symbols) =>
        symbols.Select(s => new AssetParameterEntry(s, new AssetRiskParameters(0.15, 0.5, 0.25, 0.05))).ToArray();

    public static ParameterSet Create(IReadOnlyList<string> symbols, IReadOnlyList<IReadOnlyList<double>> matrix) =>
        ParameterSet.Create(MarginMethod.Grid, 1.0, 0.6, 0.8, 0.01, 0.0, Grid, Simulation, Assets(symbols), symbols, matrix);
}
