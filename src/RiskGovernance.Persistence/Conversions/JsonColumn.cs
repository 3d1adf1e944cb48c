using System.Text.Json;
using System.Text.Json.Serialization;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Simulation;

namespace RiskGovernance.Persistence.Conversions;

/// <summary>
/// The value objects stored as one JSON column each: the registry's rules at opening, a rules
/// proposal's rules and bounds, and the simulation record (immutable; hashes as hex text, doubles round-tripped exactly).
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string RulesToJson(GovernanceRules rules) => JsonSerializer.Serialize(rules, Options);

    public static GovernanceRules RulesFromJson(string json)
        => JsonSerializer.Deserialize<GovernanceRules>(json, Options) ?? throw new InvalidDataException("stored rules are empty.");

    public static string BoundsToJson(RegistryBounds bounds) => JsonSerializer.Serialize(bounds.Flatten(), Options);

    public static RegistryBounds BoundsFromJson(string json)
        => RegistryBounds.FromFlattened(JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? throw new InvalidDataException("stored bounds are empty."));

    public static string SimulationToJson(SimulationRecord r) => JsonSerializer.Serialize(
        new StoredSimulation(
            r.MarketHash.ToString(), r.BookHash.ToString(), r.CurrentParamsHash.ToString(), r.ProposedParamsHash.ToString(),
            r.EngineVersion, r.Seed, r.Summary, r.ResultHash.ToString(), r.Warnings, r.RanAt),
        Options);

    public static SimulationRecord SimulationFromJson(string json)
    {
        var s = JsonSerializer.Deserialize<StoredSimulation>(json, Options) ?? throw new InvalidDataException("stored simulation record is empty.");
        return new SimulationRecord(
            Hash32.Parse(s.MarketHash), Hash32.Parse(s.BookHash), Hash32.Parse(s.CurrentParamsHash), Hash32.Parse(s.ProposedParamsHash),
            s.EngineVersion, s.Seed, s.Summary, Hash32.Parse(s.ResultHash), s.Warnings, s.RanAt);
    }

    private sealed record StoredSimulation(
        string MarketHash, string BookHash, string CurrentParamsHash, string ProposedParamsHash, string EngineVersion, long Seed,
        ImpactSummary Summary, string ResultHash, IReadOnlyList<string> Warnings, DateTimeOffset RanAt);
}
