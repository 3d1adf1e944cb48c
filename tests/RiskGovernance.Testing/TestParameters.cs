using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Testing;

/// <summary>The example params.json (copied from the spec) and variants of it, read by the engine and
/// mapped by the governance codec, so that each set carries the real params hash.</summary>
public static class TestParameters
{
    public static JsonObject ExampleJson() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.TestData("params.json")))!.AsObject();

    public static OnChainParameterSet Example() => FromJson(ExampleJson());

    /// <summary>A second ratified set: BTC scan range 0.20, extreme coverage 0.5, IM multiplier 1.2.</summary>
    public static OnChainParameterSet Revised()
    {
        var json = ExampleJson();
        json["imMultiplier"] = 1.2;
        json["grid"]!["extremeCoverage"] = 0.5;
        json["assets"]!["BTC"]!["scanRange"] = 0.20;
        json["correlation"]!["matrix"] = JsonNode.Parse("[[1.0, 0.8, 0.7], [0.8, 1.0, 0.75], [0.7, 0.75, 1.0]]");
        return FromJson(json);
    }

    /// <summary>params.json through the engine's reader and the on-chain codec (hash = keccak of the canonical JSON).</summary>
    public static OnChainParameterSet FromJson(JsonObject json)
        => OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(json.ToJsonString()));

    /// <summary>
    /// The example set with one field (a FORMATS.md path such as "mmRatio", "grid.steps" or
    /// "assets.ETH.scanRange") set to a value the engine would refuse, built directly in the on-chain
    /// form to exercise the registry's own validation. Its params hash is a label, not a canonical JSON hash.
    /// </summary>
    public static OnChainParameterSet WithOnChainValue(string field, double value)
    {
        var s = Example();
        var replaced = 0;
        FixedPoint18 V(string name, FixedPoint18 current)
        {
            if (name != field)
            {
                return current;
            }

            replaced++;
            return FixedPoint18.FromDouble(value, field);
        }

        var g = s.Grid;
        var m = s.Simulation;
        var set = new OnChainParameterSet(
            s.Method,
            V("imMultiplier", s.ImMultiplier),
            V("mmRatio", s.MmRatio),
            V("liquidationRatio", s.LiquidationRatio),
            V("shortOptionMinimum", s.ShortOptionMinimum),
            V("correlationStress", s.CorrelationStress),
            new OnChainGridParameters(
                V("grid.steps", g.Steps), V("grid.extremeMultiple", g.ExtremeMultiple), V("grid.extremeCoverage", g.ExtremeCoverage),
                V("grid.vegaPowerShort", g.VegaPowerShort), V("grid.vegaPowerLong", g.VegaPowerLong),
                V("grid.dteFloorDays", g.DteFloorDays), V("grid.volFloor", g.VolFloor)),
            new OnChainSimulationParameters(
                m.Measure, V("simulation.confidence", m.Confidence), V("simulation.horizonDays", m.HorizonDays),
                V("simulation.scenarios", m.Scenarios), V("simulation.seed", m.Seed), m.Distribution,
                V("simulation.degreesOfFreedom", m.DegreesOfFreedom), V("simulation.historyDays", m.HistoryDays)),
            [.. s.Assets.Select(a => new OnChainAssetParameters(
                a.Symbol, V($"assets.{a.Symbol}.scanRange", a.ScanRange), V($"assets.{a.Symbol}.volUp", a.VolUp),
                V($"assets.{a.Symbol}.volDown", a.VolDown), V($"assets.{a.Symbol}.haircut", a.Haircut)))],
            s.CorrelationUpper,
            Hash32.Keccak($"not a canonical params.json: {field} = {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        return replaced == 1 ? set : throw new ArgumentException($"'{field}' is not a numeric field of the on-chain set.", nameof(field));
    }
}
