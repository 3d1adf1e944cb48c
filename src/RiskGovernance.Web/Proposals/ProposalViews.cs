using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Proposals;

/// <summary>One row of the proposals list.</summary>
/// <param name="Id">Proposal id.</param>
/// <param name="Title">Title.</param>
/// <param name="AuthorName">Author's committee name (or short address).</param>
/// <param name="Kind">Parameters or Membership.</param>
/// <param name="State">State.</param>
/// <param name="VotingEndsAt">Voting deadline (Active and later).</param>
/// <param name="Eta">Earliest execution (Queued and later).</param>
/// <param name="ForShare">For weight / snapshot weight, null while Draft.</param>
/// <param name="CreatedAt">When drafted.</param>
/// <param name="Stale">An open parameter proposal whose base version is no longer the version in force.</param>
public sealed record ProposalRow(
    Hash32 Id, string Title, string AuthorName, ProposalKind Kind, ProposalState State, DateTimeOffset? VotingEndsAt, DateTimeOffset? Eta,
    double? ForShare, DateTimeOffset CreatedAt, bool Stale = false);

/// <summary>One vote as the page shows it.</summary>
/// <param name="Vote">The vote.</param>
/// <param name="VoterName">The voter's name in the snapshot (or short address).</param>
/// <param name="Verified">The stored signature recovers to the voter over the ballot (recomputed now).</param>
public sealed record VoteRow(Vote Vote, string VoterName, bool Verified);

/// <summary>What the viewer may do on a proposal now (the server checks again on every action).</summary>
/// <param name="Open">Attach the simulation if needed and open voting (the author, a member, Draft).</param>
/// <param name="Vote">Vote (a member of the snapshot who has not voted, Active before the deadline).</param>
/// <param name="Finalize">End voting (signed in, Active after the deadline).</param>
/// <param name="Queue">Queue in the registry (signed in, Succeeded).</param>
/// <param name="Execute">Execute (signed in, Queued after the eta).</param>
/// <param name="Cancel">Cancel (the guardian before execution, the author of a Draft, any member once its base version is replaced).</param>
/// <param name="Veto">Veto (the guardian, Queued).</param>
/// <param name="Rebase">Make a new draft of this proposal's changes on the set in force (a member; its base version was replaced).</param>
/// <param name="Expire">Record that the registry's grace period ran out (signed in).</param>
public sealed record AllowedActions(bool Open, bool Vote, bool Finalize, bool Queue, bool Execute, bool Cancel, bool Veto, bool Rebase = false, bool Expire = false)
{
    /// <summary>Nothing allowed.</summary>
    public static AllowedActions None { get; } = new(false, false, false, false, false, false, false);
}

/// <summary>What the registry says about a proposal now.</summary>
/// <param name="Registration">The registry's view of the proposal (null while Draft, or when unreadable).</param>
/// <param name="Tally">The registry's tally (null while Draft, or when unreadable).</param>
/// <param name="CurrentVersion">The registry's current parameter version (null when unreadable).</param>
/// <param name="DiffInForce">For a stale parameter proposal: its diff against the set actually in force.</param>
/// <param name="Unavailable">Why the registry could not be read, if so.</param>
public sealed record ChainStanding(
    RegistryProposal? Registration, RegistryTally? Tally, long? CurrentVersion, IReadOnlyList<ParameterChange>? DiffInForce, string? Unavailable)
{
    /// <summary>Nothing read.</summary>
    public static ChainStanding Unknown { get; } = new(null, null, null, null, null);

    /// <summary>True when <paramref name="p"/> is an open parameter proposal whose base version is no longer the one in force.</summary>
    public bool IsStale(Proposal p) => CurrentVersion is { } v && p.IsStale(v);
}

/// <summary>The proposal page's model: the aggregate with names, verified votes, the viewer and their actions.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="AuthorName">Author's name.</param>
/// <param name="Votes">Votes with names and verification.</param>
/// <param name="Viewer">The viewer.</param>
/// <param name="Actions">What the viewer may do.</param>
/// <param name="Now">The portal clock's time when loaded.</param>
/// <param name="Names">Committee names by address (current committee and snapshot).</param>
/// <param name="Chain">What the registry says about it now.</param>
public sealed record ProposalView(
    Proposal Proposal, string AuthorName, IReadOnlyList<VoteRow> Votes, PortalUser Viewer, AllowedActions Actions, DateTimeOffset Now,
    IReadOnlyDictionary<Address, string> Names, ChainStanding Chain)
{
    /// <summary>The viewer's own vote, if any.</summary>
    public VoteRow? ViewerVote => Viewer.Address is { } a ? Votes.FirstOrDefault(v => v.Vote.Voter == a) : null;

    /// <summary>A name for an address or a timeline actor ("chain", 0x…).</summary>
    public string NameOf(string actor)
        => Address.TryParse(actor, out var a) && Names.TryGetValue(a, out var name) ? name : actor.StartsWith("0x", StringComparison.Ordinal) ? Components.Shared.Format.Short(actor) : actor;
}

/// <summary>The status of a transaction the page sent: pending, then mined with its block and confirmations.</summary>
/// <param name="Hash">Transaction hash.</param>
/// <param name="Mined">True once a receipt exists.</param>
/// <param name="Succeeded">The receipt's status.</param>
/// <param name="BlockNumber">Block it was mined in.</param>
/// <param name="Confirmations">Latest block - its block + 1.</param>
public sealed record TransactionStatus(Hash32 Hash, bool Mined, bool Succeeded, long BlockNumber, long Confirmations);

/// <summary>A development time-travel step.</summary>
public enum TimeTravelStep
{
    /// <summary>One hour.</summary>
    Hour,

    /// <summary>One day.</summary>
    Day,

    /// <summary>Three days (a voting period).</summary>
    ThreeDays,

    /// <summary>Just past the proposal's voting end or eta.</summary>
    ToEta,
}
