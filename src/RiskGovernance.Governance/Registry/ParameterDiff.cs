using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Registry;

/// <summary>The result of rebasing a proposal's changes onto the version in force.</summary>
/// <param name="Merged">The merged set (its params hash is a placeholder: recompute it from the canonical JSON).</param>
/// <param name="Conflicts">Fields both the proposal and the versions since its base changed (the proposal's value kept).</param>
public sealed record RebasedSet(OnChainParameterSet Merged, IReadOnlySet<string> Conflicts);

/// <summary>Field-by-field comparison and three-way merge of parameter sets in the registry's form
/// (field paths as <see cref="OnChainParameterCodec.Flatten"/> names them).</summary>
public static class ParameterDiff
{
    private const string Absent = "(absent)";
    private const string AssetsKey = "correlation.assets";

    /// <summary>
    /// The fields of <paramref name="proposed"/> that differ from <paramref name="inForce"/> (all of
    /// them without one), each flagged when it is in <paramref name="exceeding"/> (beyond its step
    /// bound) or in <paramref name="conflicts"/>.
    /// </summary>
    public static IReadOnlyList<ParameterChange> Between(
        OnChainParameterSet? inForce, OnChainParameterSet proposed, IEnumerable<string>? exceeding = null, IEnumerable<string>? conflicts = null)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var beyond = (exceeding ?? []).ToHashSet(StringComparer.Ordinal);
        var conflicting = (conflicts ?? []).ToHashSet(StringComparer.Ordinal);
        var want = Fields(proposed);
        var have = inForce is null ? new Dictionary<string, string>(StringComparer.Ordinal) : Fields(inForce);
        var changes = new List<ParameterChange>();
        foreach (var (field, value) in want)
        {
            var old = Get(have, field) ?? Absent;
            if (old != value)
            {
                changes.Add(new ParameterChange(field, old, value, beyond.Contains(field), conflicting.Contains(field)));
            }
        }

        changes.AddRange(have.Keys.Where(f => Get(want, f) is null).Select(f => new ParameterChange(f, have[f], Absent, false, conflicting.Contains(f))));
        return changes;
    }

    /// <summary>
    /// Applies the changes <paramref name="proposed"/> made to <paramref name="baseSet"/> onto
    /// <paramref name="current"/>: a field the proposal did not change takes the current value; a
    /// field only the proposal changed takes the proposal's; a field both changed differently keeps
    /// the proposal's and is reported as a conflict. Refused (field "rebase") when both changed the
    /// asset list differently.
    /// </summary>
    public static RebasedSet Rebase(OnChainParameterSet baseSet, OnChainParameterSet proposed, OnChainParameterSet current)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(current);
        var b = Fields(baseSet);
        var p = Fields(proposed);
        var c = Fields(current);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        string? Merge(string field)
        {
            var (bv, pv, cv) = (Get(b, field), Get(p, field), Get(c, field));
            if (pv == bv)
            {
                return cv ?? pv;
            }

            if (cv == bv || cv == pv)
            {
                return pv;
            }

            conflicts.Add(field);
            return pv ?? cv;
        }

        var assetsText = Merge(AssetsKey)!;
        if (conflicts.Contains(AssetsKey))
        {
            throw new InputValidationException("rebase",
                $"both this proposal ({p[AssetsKey]}) and the version in force ({c[AssetsKey]}) changed the asset list of the base ({b[AssetsKey]}); draft the proposal again");
        }

        var symbols = assetsText.Split(',');
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in p.Keys.Concat(c.Keys).Distinct(StringComparer.Ordinal))
        {
            if (field == AssetsKey || field.StartsWith("assets.", StringComparison.Ordinal) || field.StartsWith("correlation.", StringComparison.Ordinal))
            {
                continue;
            }

            merged[field] = Merge(field)!;
        }

        foreach (var s in symbols)
        {
            foreach (var f in new[] { "scanRange", "volUp", "volDown", "haircut" })
            {
                merged[$"assets.{s}.{f}"] = Merge($"assets.{s}.{f}")!;
            }
        }

        for (var i = 0; i < symbols.Length; i++)
        {
            for (var j = i + 1; j < symbols.Length; j++)
            {
                var field = $"correlation.{symbols[i]}.{symbols[j]}";
                merged[field] = Merge(field)!;
            }
        }

        merged["correlation.assets"] = string.Join(",", symbols);
        return new RebasedSet(OnChainParameterCodec.Unflatten(merged, Hash32.Keccak("rebased: params hash to be computed from the canonical JSON")), conflicts);
    }

    private static Dictionary<string, string> Fields(OnChainParameterSet set)
    {
        var d = new Dictionary<string, string>(OnChainParameterCodec.Flatten(set), StringComparer.Ordinal);
        d.Remove("paramsHash");
        return d;
    }

    /// <summary>A field's value; a correlation pair is found in either order.</summary>
    private static string? Get(IReadOnlyDictionary<string, string> fields, string field)
    {
        if (fields.TryGetValue(field, out var v))
        {
            return v;
        }

        var parts = field.Split('.');
        return parts.Length == 3 && parts[0] == "correlation" && fields.TryGetValue($"correlation.{parts[2]}.{parts[1]}", out v) ? v : null;
    }
}
