using System.Text;
using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;

namespace RiskGovernance.Web.Tests.Registry;

/// <summary>Parameter sets for the comparison tests: the demo's ten-asset set and edited copies.</summary>
internal static class ComparisonFixtures
{
    /// <summary>The demo's genesis set as canonical JSON.</summary>
    public static string GenesisJson() => Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(DemoInputs.Params10()));

    /// <summary><paramref name="json"/> with one numeric field moved by <paramref name="delta"/>, re-canonicalised.</summary>
    public static string WithBump(string json, string path, double delta)
    {
        var root = JsonNode.Parse(json)!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(root, (n, p) => n[p]!);
        parent[parts[^1]] = Math.Round(parent[parts[^1]]!.GetValue<double>() + delta, 6);
        return Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(root.ToJsonString())));
    }
}
