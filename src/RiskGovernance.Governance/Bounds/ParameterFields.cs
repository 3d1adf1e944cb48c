using RiskGovernance.Engine.Model;

namespace RiskGovernance.Governance.Bounds;

/// <summary>The numeric fields of a parameter set by FORMATS.md path, named as
/// <see cref="Registry.OnChainParameterCodec.Flatten"/> names them (<c>assets.BTC.scanRange</c>,
/// <c>correlation.BTC.ETH</c> for the upper triangle).</summary>
public static class ParameterFields
{
    /// <summary>Field path to value, in a fixed order.</summary>
    public static IReadOnlyDictionary<string, double> Numeric(ParameterSet p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var d = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["imMultiplier"] = p.ImMultiplier,
            ["mmRatio"] = p.MmRatio,
            ["liquidationRatio"] = p.LiquidationRatio,
            ["shortOptionMinimum"] = p.ShortOptionMinimum,
            ["correlationStress"] = p.CorrelationStress,
            ["grid.steps"] = p.Grid.Steps,
            ["grid.extremeMultiple"] = p.Grid.ExtremeMultiple,
            ["grid.extremeCoverage"] = p.Grid.ExtremeCoverage,
            ["grid.vegaPowerShort"] = p.Grid.VegaPowerShort,
            ["grid.vegaPowerLong"] = p.Grid.VegaPowerLong,
            ["grid.dteFloorDays"] = p.Grid.DteFloorDays,
            ["grid.volFloor"] = p.Grid.VolFloor,
            ["simulation.confidence"] = p.Simulation.Confidence,
            ["simulation.horizonDays"] = p.Simulation.HorizonDays,
            ["simulation.scenarios"] = p.Simulation.Scenarios,
            ["simulation.seed"] = p.Simulation.Seed,
            ["simulation.degreesOfFreedom"] = p.Simulation.DegreesOfFreedom,
            ["simulation.historyDays"] = p.Simulation.HistoryDays,
        };
        foreach (var symbol in p.RiskyAssets)
        {
            var a = p.Asset(symbol);
            d[$"assets.{symbol}.scanRange"] = a.ScanRange;
            d[$"assets.{symbol}.volUp"] = a.VolUp;
            d[$"assets.{symbol}.volDown"] = a.VolDown;
            d[$"assets.{symbol}.haircut"] = a.Haircut;
        }

        var assets = p.Correlation.Assets;
        for (var i = 0; i < assets.Count; i++)
        {
            for (var j = i + 1; j < assets.Count; j++)
            {
                d[$"correlation.{assets[i]}.{assets[j]}"] = p.Correlation[i, j];
            }
        }

        return d;
    }
}
