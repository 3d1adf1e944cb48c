using System.Text.Json;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;

namespace RiskGovernance.Cli.Registry;

/// <summary>
/// The rules-and-bounds document of <c>registry deploy --rules FILE</c> and <c>registry read --show rules</c>:
/// <code>
/// { "rules":  { "votingPeriod": 259200, "lateQuorumExtension": 43200, "timelockDelay": 86400, "gracePeriod": 604800,
///               "quorumBps": 5000, "supermajorityBps": 6667 },
///   "bounds": { "imMultiplier": { "min": "0.5", "max": "3" }, "mmRatio": {...}, "liquidationRatio": {...}, "scanRange": {...},
///               "volUp": {...}, "volDown": {...}, "haircut": {...},
///               "steps": { "imMultiplier": "0.25", "scanRange": "0.5", "volUp": "0.5", "volDown": "0.5", "haircut": "0.5", "correlation": "0.2" } } }
/// </code>
/// Periods in seconds; limits and steps as decimal numbers or strings (18 decimals at most); a field left
/// out keeps the default (<see cref="RegistryDefaults"/>); an unknown field is an error naming it.
/// </summary>
internal static class RulesFile
{
    private static readonly string[] Limits = ["imMultiplier", "mmRatio", "liquidationRatio", "scanRange", "volUp", "volDown", "haircut"];
    private static readonly string[] Steps = ["imMultiplier", "scanRange", "volUp", "volDown", "haircut", "correlation"];

    /// <summary>Reads the document; every problem is reported naming its field (<c>rules.bounds.scanRange.max</c>).</summary>
    public static (GovernanceRules Rules, RegistryBounds Bounds) Read(byte[] utf8)
    {
        var e = new ValidationErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new InputValidationException("rules", $"is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputValidationException("rules", "must be a JSON object with \"rules\" and/or \"bounds\"");
            }

            Unknown(e, root, "rules", ["rules", "bounds"]);
            var r = RegistryDefaults.Rules;
            if (root.TryGetProperty("rules", out var rules))
            {
                if (Object(e, rules, "rules.rules"))
                {
                    Unknown(e, rules, "rules.rules", ["votingPeriod", "lateQuorumExtension", "timelockDelay", "gracePeriod", "quorumBps", "supermajorityBps"]);
                    r = new GovernanceRules(
                        Seconds(e, rules, "votingPeriod", r.VotingPeriod), Seconds(e, rules, "lateQuorumExtension", r.LateQuorumExtension),
                        Seconds(e, rules, "timelockDelay", r.TimelockDelay), Seconds(e, rules, "gracePeriod", r.GracePeriod),
                        Bps(e, rules, "quorumBps", r.QuorumBps), Bps(e, rules, "supermajorityBps", r.SupermajorityBps));
                }
            }

            var fields = new Dictionary<string, string>(RegistryDefaults.Bounds.Flatten(), StringComparer.Ordinal);
            if (root.TryGetProperty("bounds", out var bounds) && Object(e, bounds, "rules.bounds"))
            {
                Unknown(e, bounds, "rules.bounds", [.. Limits, "steps"]);
                foreach (var name in Limits)
                {
                    if (bounds.TryGetProperty(name, out var limit) && Object(e, limit, $"rules.bounds.{name}"))
                    {
                        Unknown(e, limit, $"rules.bounds.{name}", ["min", "max"]);
                        Decimal(e, limit, "min", $"rules.bounds.{name}.min", fields, $"bounds.{name}.min");
                        Decimal(e, limit, "max", $"rules.bounds.{name}.max", fields, $"bounds.{name}.max");
                    }
                }

                if (bounds.TryGetProperty("steps", out var steps) && Object(e, steps, "rules.bounds.steps"))
                {
                    Unknown(e, steps, "rules.bounds.steps", Steps);
                    foreach (var name in Steps)
                    {
                        Decimal(e, steps, name, $"rules.bounds.steps.{name}", fields, $"bounds.{name}Step");
                    }
                }
            }

            e.ThrowIfAny();
            return (r, RegistryBounds.FromFlattened(fields));
        }
    }

    /// <summary>Writes the document (the format <see cref="Read"/> reads).</summary>
    public static void Write(Utf8JsonWriter w, GovernanceRules rules, RegistryBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("rules");
        w.WriteNumber("votingPeriod", (long)rules.VotingPeriod.TotalSeconds);
        w.WriteNumber("lateQuorumExtension", (long)rules.LateQuorumExtension.TotalSeconds);
        w.WriteNumber("timelockDelay", (long)rules.TimelockDelay.TotalSeconds);
        w.WriteNumber("gracePeriod", (long)rules.GracePeriod.TotalSeconds);
        w.WriteNumber("quorumBps", rules.QuorumBps);
        w.WriteNumber("supermajorityBps", rules.SupermajorityBps);
        w.WriteEndObject();
        var flat = bounds.Flatten();
        w.WriteStartObject("bounds");
        foreach (var name in Limits)
        {
            w.WriteStartObject(name);
            w.WriteString("min", flat[$"bounds.{name}.min"]);
            w.WriteString("max", flat[$"bounds.{name}.max"]);
            w.WriteEndObject();
        }

        w.WriteStartObject("steps");
        foreach (var name in Steps)
        {
            w.WriteString(name, flat[$"bounds.{name}Step"]);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static bool Object(ValidationErrors e, JsonElement element, string field)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        e.Add(field, "must be a JSON object");
        return false;
    }

    private static void Unknown(ValidationErrors e, JsonElement element, string field, IReadOnlyCollection<string> known)
    {
        foreach (var p in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            e.Add($"{field}.{p.Name}", $"is not a field (known: {string.Join(", ", known)})");
        }
    }

    private static TimeSpan Seconds(ValidationErrors e, JsonElement rules, string name, TimeSpan fallback)
    {
        if (!rules.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var s) && s is >= 0 and <= 365L * 24 * 3600)
        {
            return TimeSpan.FromSeconds(s);
        }

        e.Add($"rules.rules.{name}", $"must be a whole number of seconds in 0..31536000 (was {v.GetRawText()})");
        return fallback;
    }

    private static int Bps(ValidationErrors e, JsonElement rules, string name, int fallback)
    {
        if (!rules.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var bps) && bps is >= 0 and <= 10_000)
        {
            return bps;
        }

        e.Add($"rules.rules.{name}", $"must be a whole number of basis points in 0..10000 (was {v.GetRawText()})");
        return fallback;
    }

    private static void Decimal(ValidationErrors e, JsonElement parent, string name, string field, Dictionary<string, string> fields, string key)
    {
        if (!parent.TryGetProperty(name, out var v))
        {
            return;
        }

        var text = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString()!,
            _ => null,
        };
        try
        {
            fields[key] = FixedPoint18.Parse(text ?? throw new FormatException("not a number"), field).ToString();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            e.Add(field, $"must be a decimal number with at most 18 decimals (was {v.GetRawText()})");
        }
    }
}
