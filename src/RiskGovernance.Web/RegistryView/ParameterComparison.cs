using System.Text;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Engine.Json;

namespace RiskGovernance.Web.RegistryView;

/// <summary>One field of a parameter set as approved and as the registry holds it (18-decimal registry text).</summary>
/// <param name="Field">FORMATS.md path, e.g. <c>assets.BTC.scanRange</c>.</param>
/// <param name="Approved">The approved value, or "(absent)".</param>
/// <param name="OnChain">The registry's value, or "(absent)".</param>
/// <param name="Matches">True when both are the same.</param>
public sealed record ComparisonRow(string Field, string Approved, string OnChain, bool Matches);

/// <summary>
/// An approved parameter set compared field by field with the registry's values
/// (<see cref="OnChainParameterCodec.Compare"/> over <see cref="OnChainParameterCodec.Flatten"/>),
/// and the hash check: keccak-256 of the approved canonical JSON against the params hash stored on chain.
/// </summary>
/// <param name="Rows">Every field, in the registry's order; fields only one side has come last.</param>
/// <param name="ApprovedHash">keccak-256 of the approved canonical JSON text (UTF-8).</param>
/// <param name="OnChainHash">The params hash the registry stores beside the version.</param>
public sealed record ParameterComparison(IReadOnlyList<ComparisonRow> Rows, Hash32 ApprovedHash, Hash32 OnChainHash)
{
    /// <summary>True when the hash of the approved JSON is the one on chain.</summary>
    public bool HashMatches => ApprovedHash == OnChainHash;

    /// <summary>The fields that differ.</summary>
    public IReadOnlyList<ComparisonRow> Mismatches => [.. Rows.Where(r => !r.Matches)];

    /// <summary>True when every field and the hash match.</summary>
    public bool Matches => HashMatches && Rows.All(r => r.Matches);

    /// <summary>
    /// Compares the approved set (canonical params.json text) with the registry's values. An approved
    /// text the engine refuses is an <see cref="Engine.Validation.InputValidationException"/> naming the field.
    /// </summary>
    public static ParameterComparison Of(string approvedCanonicalJson, OnChainParameterSet onChain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approvedCanonicalJson);
        ArgumentNullException.ThrowIfNull(onChain);
        var approved = ParameterSetJson.Read(approvedCanonicalJson);
        var differing = OnChainParameterCodec.Compare(approved, onChain).Select(d => d.Field).ToHashSet(StringComparer.Ordinal);
        var want = OnChainParameterCodec.Flatten(OnChainParameterCodec.ToOnChain(approved));
        var have = OnChainParameterCodec.Flatten(onChain);
        var rows = new List<ComparisonRow>(Math.Max(want.Count, have.Count));
        foreach (var (field, value) in have)
        {
            var expected = want.TryGetValue(field, out var v) ? v : Absent;
            rows.Add(new ComparisonRow(field, expected, value, !differing.Contains(field) && expected == value));
        }

        rows.AddRange(want.Keys.Where(f => !have.ContainsKey(f)).Select(f => new ComparisonRow(f, want[f], Absent, false)));
        return new ParameterComparison(rows, Hash32.Keccak(Encoding.UTF8.GetBytes(approvedCanonicalJson)), onChain.ParamsHash);
    }

    /// <summary>How a value missing on one side is shown.</summary>
    public const string Absent = "(absent)";
}
