using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Tests;

/// <summary>The example params.json (copied from the spec) and variants of it, with a canonical JSON hash.</summary>
internal static class TestParameters
{
    public static JsonObject ExampleJson() => JsonNode.Parse(File.ReadAllText(ContractsToolchain.TestData("params.json")))!.AsObject();

    /// <summary>keccak-256 of the JSON with keys sorted and no whitespace (a stand-in for the governance layer's hash).</summary>
    public static Hash32 CanonicalHash(JsonNode json) => Hash32.Keccak(Encoding.UTF8.GetBytes(Canonical(json)));

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

    public static OnChainParameterSet FromJson(JsonObject json)
        => ParamsJsonReader.Read(json.ToJsonString(), CanonicalHash(json));

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
