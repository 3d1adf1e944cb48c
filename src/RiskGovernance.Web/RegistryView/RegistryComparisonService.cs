using System.Text;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.RegistryView;

/// <summary>Where the approved set of a version comes from.</summary>
/// <param name="Description">What it is, in words ("proposal …", "genesis set").</param>
/// <param name="CanonicalJson">The approved canonical params.json text.</param>
/// <param name="ProposalId">The executed proposal, null for the genesis set.</param>
/// <param name="ProposalTitle">Its title.</param>
/// <param name="QueueTransaction">The queue transaction.</param>
/// <param name="ExecuteTransaction">The execute transaction.</param>
/// <param name="ApprovedAt">When it was executed (or recorded as ratified).</param>
public sealed record ApprovedSet(
    string Description, string CanonicalJson, Hash32? ProposalId, string? ProposalTitle,
    Hash32? QueueTransaction, Hash32? ExecuteTransaction, DateTimeOffset? ApprovedAt);

/// <summary>A registry version decoded and checked against what the committee approved.</summary>
/// <param name="Governance">The registry's own committee, threshold and guardian.</param>
/// <param name="CommitteeNames">Display names of committee addresses known to the portal.</param>
/// <param name="OnChain">The version as stored.</param>
/// <param name="Approved">The approved set, or null when the portal knows none for this version.</param>
/// <param name="Comparison">Field by field and hash comparison, or null without an approved set.</param>
/// <param name="DecodedJson">The on-chain values decoded into the engine's params.json (indented), or null.</param>
/// <param name="DecodeProblem">Why the engine refuses the on-chain values, or null.</param>
public sealed record RegistryVersionView(
    RegistryGovernance Governance,
    IReadOnlyDictionary<Address, string> CommitteeNames,
    OnChainVersion OnChain,
    ApprovedSet? Approved,
    ParameterComparison? Comparison,
    string? DecodedJson,
    string? DecodeProblem)
{
    /// <summary>"match", "mismatch" or "unknown" (no approved set).</summary>
    public string HashCheck => Comparison is null ? "unknown" : Comparison.HashMatches ? "match" : "mismatch";

    /// <summary>True when the approved proposal is the one the registry recorded for this version.</summary>
    public bool ProposalMatches => Approved?.ProposalId is not { } id ? OnChain.ProposalId == Hash32.Zero : id == OnChain.ProposalId;
}

/// <summary>
/// The Registry page's service: decodes a version from the registry and compares it, field by field
/// and by hash, with the set the committee approved (the Executed proposal whose executed version is
/// that version; version 1 is the genesis set recorded as ratified).
/// </summary>
public sealed class RegistryComparisonService(
    RegistryReader registry,
    IProposalRepository proposals,
    IRatifiedHistory ratified,
    GovernanceService committee)
{
    /// <summary>
    /// The view of <paramref name="version"/> (the current version when null). A version outside
    /// 1..current is an <see cref="InputValidationException"/> on "version"; an unreachable chain
    /// surfaces as <see cref="ChainUnavailableException"/>.
    /// </summary>
    public async Task<RegistryVersionView> GetAsync(long? version, CancellationToken cancellationToken)
    {
        var governance = await registry.GetGovernanceAsync(cancellationToken);
        var wanted = version ?? governance.CurrentVersion;
        if (wanted < 1 || wanted > governance.CurrentVersion)
        {
            throw new InputValidationException("version", $"must be between 1 and {governance.CurrentVersion} (the registry's current version); was {wanted}");
        }

        var onChain = await registry.GetVersionAsync(wanted, cancellationToken);
        var approved = await FindApprovedAsync(wanted, cancellationToken);
        var names = (await committee.GetCommitteeAsync(cancellationToken)).Members.ToDictionary(m => m.Address, m => m.DisplayName);
        var (decoded, problem) = Decode(onChain);
        ParameterComparison? comparison = null;
        if (approved is not null)
        {
            comparison = ParameterComparison.Of(approved.CanonicalJson, onChain.Parameters);
        }

        return new RegistryVersionView(governance, names, onChain, approved, comparison, decoded, problem);
    }

    /// <summary>The set the committee approved for <paramref name="version"/>, or null.</summary>
    public async Task<ApprovedSet?> FindApprovedAsync(long version, CancellationToken cancellationToken)
    {
        var executed = (await proposals.ListAsync(ProposalState.Executed, cancellationToken))
            .FirstOrDefault(p => p.ExecutedVersion == version && p.ParamsJson is not null);
        if (executed is not null)
        {
            var at = executed.Timeline.LastOrDefault(t => t.To == ProposalState.Executed)?.At;
            return new ApprovedSet($"proposal \u201c{executed.Title}\u201d", executed.ParamsJson!, executed.Id, executed.Title,
                executed.QueueTransactionHash, executed.ExecuteTransactionHash, at);
        }

        var record = await ratified.FindAsync(version, cancellationToken);
        return record is null ? null
            : new ApprovedSet(version == 1 ? "genesis set (ratified with the registry's deployment)" : $"ratified set of version {version}",
                record.ParamsJson, null, null, null, null, record.RecordedAt);
    }

    private static (string? Json, string? Problem) Decode(OnChainVersion version)
    {
        try
        {
            var set = OnChainParameterCodec.FromOnChain(version.Parameters);
            return (Encoding.UTF8.GetString(ParameterSetJson.ToUtf8Bytes(set, indented: true)), null);
        }
        catch (InputValidationException e)
        {
            return (null, string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}")));
        }
    }
}
