using System.Globalization;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance.Registry;

/// <summary>One field where a parameter set and the registry's values differ.</summary>
public sealed record ParameterDifference(string Field, string Expected, string OnChain);

/// <summary>Maps the engine's parameter set to the registry's on-chain form and back (FORMATS.md
/// "On-chain encoding"), and computes the params hash: keccak-256 of the canonical JSON.</summary>
public static class OnChainParameterCodec
{
    /// <summary>keccak-256 of the canonical JSON of the parameter set (keys sorted, no whitespace).</summary>
    public static Hash32 ParamsHash(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Hash32.Keccak(ParameterSetJson.ToCanonicalJson(parameters));
    }

    /// <summary>The on-chain form of a validated parameter set. A value that 18-decimal fixed point
    /// cannot hold exactly is an <see cref="InputValidationException"/> naming the field.</summary>
    public static OnChainParameterSet ToOnChain(ParameterSet p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var e = new ValidationErrors();
        FixedPoint18 F(string field, double value)
        {
            try
            {
                return FixedPoint18.FromDouble(value, field);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                e.Add($"params.{field}", $"{value.ToString("R", CultureInfo.InvariantCulture)} cannot be stored exactly with 18 decimals");
                return FixedPoint18.Zero;
            }
        }

        var g = p.Grid;
        var grid = new OnChainGridParameters(
            FixedPoint18.FromInteger(g.Steps), F("grid.extremeMultiple", g.ExtremeMultiple), F("grid.extremeCoverage", g.ExtremeCoverage),
            F("grid.vegaPowerShort", g.VegaPowerShort), F("grid.vegaPowerLong", g.VegaPowerLong),
            F("grid.dteFloorDays", g.DteFloorDays), F("grid.volFloor", g.VolFloor));
        var s = p.Simulation;
        var simulation = new OnChainSimulationParameters(
            JsonNames.Of(s.Measure), F("simulation.confidence", s.Confidence), FixedPoint18.FromInteger(s.HorizonDays),
            FixedPoint18.FromInteger(s.Scenarios), FixedPoint18.FromInteger(s.Seed), JsonNames.Of(s.Distribution),
            F("simulation.degreesOfFreedom", s.DegreesOfFreedom), FixedPoint18.FromInteger(s.HistoryDays));
        var assets = p.RiskyAssets.Select(symbol =>
        {
            var a = p.Asset(symbol);
            return new OnChainAssetParameters(symbol, F($"assets.{symbol}.scanRange", a.ScanRange), F($"assets.{symbol}.volUp", a.VolUp),
                F($"assets.{symbol}.volDown", a.VolDown), F($"assets.{symbol}.haircut", a.Haircut));
        }).ToArray();
        var upper = new List<FixedPoint18>();
        for (var i = 0; i < p.Correlation.Size; i++)
        {
            for (var j = i + 1; j < p.Correlation.Size; j++)
            {
                upper.Add(F($"correlation.matrix[{i}][{j}]", p.Correlation[i, j]));
            }
        }
        var globals = (
            Im: F("imMultiplier", p.ImMultiplier), Mm: F("mmRatio", p.MmRatio), Lt: F("liquidationRatio", p.LiquidationRatio),
            Som: F("shortOptionMinimum", p.ShortOptionMinimum), Stress: F("correlationStress", p.CorrelationStress));
        e.ThrowIfAny();
        return new OnChainParameterSet(JsonNames.Of(p.Method), globals.Im, globals.Mm, globals.Lt, globals.Som, globals.Stress,
            grid, simulation, assets, upper, ParamsHash(p));
    }

    /// <summary>The engine's parameter set from the registry's values, validated like any other
    /// input (a registry may hold values that the engine refuses).</summary>
    public static ParameterSet FromOnChain(OnChainParameterSet s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var n = s.Assets.Length;
        var matrix = new double[n][];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            matrix[i] = new double[n];
            matrix[i][i] = 1.0;
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                matrix[i][j] = matrix[j][i] = s.CorrelationUpper[k++].ToDouble();
            }
        }
        var g = s.Grid;
        var sim = s.Simulation;
        return ParameterSet.Create(
            JsonNames.ParseMethod(s.Method),
            s.ImMultiplier.ToDouble(), s.MmRatio.ToDouble(), s.LiquidationRatio.ToDouble(), s.ShortOptionMinimum.ToDouble(),
            s.CorrelationStress.ToDouble(),
            new GridParameters((int)g.Steps.ToInteger("grid.steps"), g.ExtremeMultiple.ToDouble(), g.ExtremeCoverage.ToDouble(),
                g.VegaPowerShort.ToDouble(), g.VegaPowerLong.ToDouble(), g.DteFloorDays.ToDouble(), g.VolFloor.ToDouble()),
            new SimulationParameters(JsonNames.ParseMeasure(sim.Measure), sim.Confidence.ToDouble(),
                (int)sim.HorizonDays.ToInteger("simulation.horizonDays"), (int)sim.Scenarios.ToInteger("simulation.scenarios"),
                (long)sim.Seed.ToInteger("simulation.seed"), JsonNames.ParseDistribution(sim.Distribution),
                sim.DegreesOfFreedom.ToDouble(), (int)sim.HistoryDays.ToInteger("simulation.historyDays")),
            s.Assets.Select(a => new AssetParameterEntry(a.Symbol,
                new AssetRiskParameters(a.ScanRange.ToDouble(), a.VolUp.ToDouble(), a.VolDown.ToDouble(), a.Haircut.ToDouble()))).ToArray(),
            s.Assets.Select(a => a.Symbol).ToArray(),
            matrix);
    }

    /// <summary>Every field where the registry's values differ from the expected parameter set,
    /// including the params hash; empty when the chain holds exactly that set.</summary>
    public static IReadOnlyList<ParameterDifference> Compare(ParameterSet expected, OnChainParameterSet onChain)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(onChain);
        var want = Flatten(ToOnChain(expected));
        var have = Flatten(onChain);
        var differences = new List<ParameterDifference>();
        foreach (var (field, value) in want)
        {
            var actual = have.TryGetValue(field, out var v) ? v : "(absent)";
            if (actual != value)
            {
                differences.Add(new ParameterDifference(field, value, actual));
            }
        }
        differences.AddRange(have.Keys.Where(f => !want.ContainsKey(f)).Select(f => new ParameterDifference(f, "(absent)", have[f])));
        return differences;
    }

    /// <summary>
    /// The inverse of <see cref="Flatten"/>: a set from its field texts (the asset list from
    /// "correlation.assets", every field of each asset and pair present), labelled with <paramref name="paramsHash"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    public static OnChainParameterSet Unflatten(IReadOnlyDictionary<string, string> fields, Hash32 paramsHash)
    {
        ArgumentNullException.ThrowIfNull(fields);
        FixedPoint18 F(string field) => FixedPoint18.Parse(fields[field], field);
        var symbols = fields["correlation.assets"].Split(',');
        var upper = new List<FixedPoint18>();
        for (var i = 0; i < symbols.Length; i++)
        {
            for (var j = i + 1; j < symbols.Length; j++)
            {
                upper.Add(F($"correlation.{symbols[i]}.{symbols[j]}"));
            }
        }

        return new OnChainParameterSet(
            fields["method"], F("imMultiplier"), F("mmRatio"), F("liquidationRatio"), F("shortOptionMinimum"), F("correlationStress"),
            new OnChainGridParameters(F("grid.steps"), F("grid.extremeMultiple"), F("grid.extremeCoverage"), F("grid.vegaPowerShort"),
                F("grid.vegaPowerLong"), F("grid.dteFloorDays"), F("grid.volFloor")),
            new OnChainSimulationParameters(fields["simulation.measure"], F("simulation.confidence"), F("simulation.horizonDays"), F("simulation.scenarios"),
                F("simulation.seed"), fields["simulation.distribution"], F("simulation.degreesOfFreedom"), F("simulation.historyDays")),
            symbols.Select(s => new OnChainAssetParameters(s, F($"assets.{s}.scanRange"), F($"assets.{s}.volUp"), F($"assets.{s}.volDown"), F($"assets.{s}.haircut"))),
            upper,
            paramsHash);
    }

    /// <summary>Field name (FORMATS.md path) to value text, in a fixed order.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(OnChainParameterSet s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["paramsHash"] = s.ParamsHash.ToString(),
            ["method"] = s.Method,
            ["imMultiplier"] = s.ImMultiplier.ToString(),
            ["mmRatio"] = s.MmRatio.ToString(),
            ["liquidationRatio"] = s.LiquidationRatio.ToString(),
            ["shortOptionMinimum"] = s.ShortOptionMinimum.ToString(),
            ["correlationStress"] = s.CorrelationStress.ToString(),
            ["grid.steps"] = s.Grid.Steps.ToString(),
            ["grid.extremeMultiple"] = s.Grid.ExtremeMultiple.ToString(),
            ["grid.extremeCoverage"] = s.Grid.ExtremeCoverage.ToString(),
            ["grid.vegaPowerShort"] = s.Grid.VegaPowerShort.ToString(),
            ["grid.vegaPowerLong"] = s.Grid.VegaPowerLong.ToString(),
            ["grid.dteFloorDays"] = s.Grid.DteFloorDays.ToString(),
            ["grid.volFloor"] = s.Grid.VolFloor.ToString(),
            ["simulation.measure"] = s.Simulation.Measure,
            ["simulation.confidence"] = s.Simulation.Confidence.ToString(),
            ["simulation.horizonDays"] = s.Simulation.HorizonDays.ToString(),
            ["simulation.scenarios"] = s.Simulation.Scenarios.ToString(),
            ["simulation.seed"] = s.Simulation.Seed.ToString(),
            ["simulation.distribution"] = s.Simulation.Distribution,
            ["simulation.degreesOfFreedom"] = s.Simulation.DegreesOfFreedom.ToString(),
            ["simulation.historyDays"] = s.Simulation.HistoryDays.ToString(),
            ["correlation.assets"] = string.Join(",", s.Assets.Select(a => a.Symbol)),
        };
        foreach (var a in s.Assets)
        {
            d[$"assets.{a.Symbol}.scanRange"] = a.ScanRange.ToString();
            d[$"assets.{a.Symbol}.volUp"] = a.VolUp.ToString();
            d[$"assets.{a.Symbol}.volDown"] = a.VolDown.ToString();
            d[$"assets.{a.Symbol}.haircut"] = a.Haircut.ToString();
        }
        var k = 0;
        for (var i = 0; i < s.Assets.Length; i++)
        {
            for (var j = i + 1; j < s.Assets.Length; j++)
            {
                d[$"correlation.{s.Assets[i].Symbol}.{s.Assets[j].Symbol}"] = s.CorrelationUpper[k++].ToString();
            }
        }
        return d;
    }
}
