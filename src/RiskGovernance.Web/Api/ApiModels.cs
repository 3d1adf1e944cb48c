using System.Text.Json;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Simulation;

namespace RiskGovernance.Web.Api;

/// <summary>GET /api/parameters/current.</summary>
/// <param name="Version">Registry version of the ratified set.</param>
/// <param name="ParamsHash">keccak of the canonical params JSON.</param>
/// <param name="Params">The canonical params JSON as an object.</param>
/// <param name="RatifiedAt">When the proposal that set this version executed; null for the initial set.</param>
/// <param name="ProposalId">That proposal's id; null for the initial set.</param>
public sealed record CurrentParametersResponse(long Version, string ParamsHash, JsonElement Params, DateTimeOffset? RatifiedAt, string? ProposalId);

/// <summary>A proposal's tally, as the registry counts it (<c>tally(id)</c>).</summary>
/// <param name="For">For weight.</param>
/// <param name="Against">Against weight.</param>
/// <param name="Abstain">Abstain weight.</param>
/// <param name="TotalWeight">Weight of the proposal's committee epoch.</param>
/// <param name="QuorumWeight">For + Abstain weight the quorum needs.</param>
/// <param name="QuorumReached">Quorum reached.</param>
/// <param name="MajorityReached">Majority (or supermajority) reached.</param>
/// <param name="Passes">Quorum and majority both hold: the registry accepts the queue once voting has ended.</param>
/// <param name="ForNeeded">More For weight it takes to pass; 0 when it passes.</param>
/// <param name="Verdict">"passes on chain: yes", or "passes on chain: no: needs N more weight For".</param>
public sealed record TallyResponse(
    long For, long Against, long Abstain, long TotalWeight, long QuorumWeight, bool QuorumReached, bool MajorityReached, bool Passes, long ForNeeded, string Verdict)
{
    /// <summary>The response of a tally, or null.</summary>
    public static TallyResponse? Of(RegistryTally? t)
        => t is null ? null : new(t.For, t.Against, t.Abstain, t.TotalWeight, t.QuorumWeight, t.QuorumReached, t.MajorityReached, t.Passes, t.ForNeeded, t.Verdict);
}

/// <summary>One entry of GET /api/proposals.</summary>
/// <param name="Id">Proposal id (0x, 32 bytes).</param>
/// <param name="Title">Title.</param>
/// <param name="Kind">parameters or membership.</param>
/// <param name="State">State name.</param>
/// <param name="Author">Author address.</param>
/// <param name="Created">Creation time.</param>
/// <param name="VotingEndsAt">End of voting, once open.</param>
/// <param name="Eta">Earliest execution, once queued.</param>
/// <param name="Tally">The registry's tally, once open (null when the chain could not be read).</param>
public sealed record ProposalSummaryResponse(
    string Id, string Title, string Kind, string State, string Author, DateTimeOffset Created, DateTimeOffset? VotingEndsAt,
    DateTimeOffset? Eta, TallyResponse? Tally)
{
    /// <summary>The summary of <paramref name="p"/> with the registry's tally.</summary>
    public static ProposalSummaryResponse Of(Proposal p, RegistryTally? tally)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id.ToString(), p.Title, p.Kind.ToString().ToLowerInvariant(), p.State.ToString(), p.Author.ToString(), p.CreatedAt,
            p.VotingEndsAt, p.Eta, TallyResponse.Of(tally));
    }
}

/// <summary>One changed field of a proposal (values as the registry holds them).</summary>
/// <param name="Field">FORMATS.md path.</param>
/// <param name="Old">Ratified value.</param>
/// <param name="New">Proposed value.</param>
/// <param name="ExceedsStepBound">Needs the supermajority.</param>
/// <param name="Conflict">Rebased proposals: changed both here and in the versions since its base (this proposal's value kept).</param>
public sealed record ParameterChangeResponse(string Field, string Old, string New, bool ExceedsStepBound, bool Conflict);

/// <summary>A proposal's simulation record.</summary>
/// <param name="MarketHash">keccak of the market snapshot JSON.</param>
/// <param name="BookHash">keccak of the book JSON.</param>
/// <param name="CurrentParamsHash">Ratified params hash.</param>
/// <param name="ProposedParamsHash">Proposed params hash.</param>
/// <param name="EngineVersion">Engine version.</param>
/// <param name="Seed">Monte Carlo seed.</param>
/// <param name="ResultHash">keccak of the compact impact JSON.</param>
/// <param name="Summary">Totals and status counts before and after.</param>
/// <param name="Warnings">Risk-limit warnings.</param>
/// <param name="RanAt">When it ran.</param>
public sealed record SimulationResponse(
    string MarketHash, string BookHash, string CurrentParamsHash, string ProposedParamsHash, string EngineVersion, long Seed,
    string ResultHash, ImpactSummary Summary, IReadOnlyList<string> Warnings, DateTimeOffset RanAt)
{
    /// <summary>The response of a record, or null.</summary>
    public static SimulationResponse? Of(SimulationRecord? r)
        => r is null ? null : new(r.MarketHash.ToString(), r.BookHash.ToString(), r.CurrentParamsHash.ToString(), r.ProposedParamsHash.ToString(),
            r.EngineVersion, r.Seed, r.ResultHash.ToString(), r.Summary, r.Warnings, r.RanAt);
}

/// <summary>One vote with its signature and the server's re-verification.</summary>
/// <param name="Voter">Member address.</param>
/// <param name="Support">For, Against or Abstain.</param>
/// <param name="Weight">Weight in the snapshot.</param>
/// <param name="Reason">Reason, if any.</param>
/// <param name="Signature">EIP-712 ballot signature.</param>
/// <param name="CastAt">When it was received.</param>
/// <param name="Verified">True when the signature recovers to the voter over the ballot in the registry's domain (recomputed now).</param>
public sealed record VoteResponse(string Voter, string Support, long Weight, string? Reason, string Signature, DateTimeOffset CastAt, bool Verified);

/// <summary>One timeline entry.</summary>
/// <param name="From">Previous state.</param>
/// <param name="To">New state.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What.</param>
/// <param name="TransactionHash">Registry transaction, if any.</param>
public sealed record TransitionResponse(string? From, string To, DateTimeOffset At, string Actor, string Action, string? TransactionHash);

/// <summary>GET /api/proposals/{id}.</summary>
/// <param name="Proposal">The summary fields.</param>
/// <param name="Rationale">Rationale text.</param>
/// <param name="ParamsHash">Hash the ballots approve.</param>
/// <param name="PayloadHash">keccak256 of the ABI-encoded payload the registry executes.</param>
/// <param name="BaseVersion">Ratified version it was drafted against.</param>
/// <param name="Stale">True when its base version is no longer the version in force (the registry will not queue or execute it; rebase it).</param>
/// <param name="Epoch">The registry's committee epoch whose members vote, once open.</param>
/// <param name="RequiresSupermajority">True when it needs the supermajority (the registry's answer).</param>
/// <param name="OpenedAt">When voting opened.</param>
/// <param name="ExecutedVersion">Registry version it created.</param>
/// <param name="QueueTransactionHash">Queue transaction.</param>
/// <param name="ExecuteTransactionHash">Execute transaction.</param>
/// <param name="Changes">Parameter diff against the ratified set.</param>
/// <param name="Simulation">Simulation record.</param>
/// <param name="Votes">Votes.</param>
/// <param name="Timeline">State changes.</param>
public sealed record ProposalDetailResponse(
    ProposalSummaryResponse Proposal, string Rationale, string ParamsHash, string PayloadHash, long BaseVersion, bool Stale, long? Epoch, bool RequiresSupermajority,
    DateTimeOffset? OpenedAt, long? ExecutedVersion, string? QueueTransactionHash, string? ExecuteTransactionHash,
    IReadOnlyList<ParameterChangeResponse> Changes, SimulationResponse? Simulation, IReadOnlyList<VoteResponse> Votes,
    IReadOnlyList<TransitionResponse> Timeline)
{
    /// <summary>The detail of <paramref name="p"/>, each vote's signature checked with <paramref name="verify"/>, with the registry's tally and current version.</summary>
    public static ProposalDetailResponse Of(Proposal p, Func<Vote, bool> verify, RegistryTally? tally, long? currentVersion)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(verify);
        return new(ProposalSummaryResponse.Of(p, tally), p.Rationale, p.ParamsHash.ToString(), p.PayloadHash.ToString(), p.BaseVersion,
            currentVersion is { } v && p.IsStale(v), p.Epoch, p.RequiresSupermajority, p.OpenedAt,
            p.ExecutedVersion, p.QueueTransactionHash?.ToString(), p.ExecuteTransactionHash?.ToString(),
            [.. p.Changes.Select(c => new ParameterChangeResponse(c.Field, c.Old, c.New, c.ExceedsStepBound, c.Conflict))],
            SimulationResponse.Of(p.Simulation),
            [.. p.Votes.Select(v => new VoteResponse(v.Voter.ToString(), v.Support.ToString(), v.Weight, v.Reason, v.Signature, v.CastAt, verify(v)))],
            [.. p.Timeline.Select(t => new TransitionResponse(t.From?.ToString(), t.To.ToString(), t.At, t.Actor, t.Action, t.TransactionHash?.ToString()))]);
    }
}

/// <summary>One committee member.</summary>
/// <param name="Address">Address.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Weight">Voting weight.</param>
/// <param name="Role">member or guardian.</param>
public sealed record CommitteeMemberResponse(string Address, string DisplayName, long Weight, string Role);

/// <summary>GET /api/committee.</summary>
/// <param name="TotalWeight">Sum of the weights.</param>
/// <param name="Members">Members in order.</param>
public sealed record CommitteeResponse(long TotalWeight, IReadOnlyList<CommitteeMemberResponse> Members)
{
    /// <summary>The response of a committee.</summary>
    public static CommitteeResponse Of(CommitteeSnapshot committee)
    {
        ArgumentNullException.ThrowIfNull(committee);
        return new(committee.TotalWeight,
            [.. committee.Members.Select(m => new CommitteeMemberResponse(m.Address.ToString(), m.DisplayName, m.Weight, m.Role.ToString().ToLowerInvariant()))]);
    }
}
