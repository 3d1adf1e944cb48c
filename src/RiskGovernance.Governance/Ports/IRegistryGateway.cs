using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>Where the registry holds a proposal (numbered as the registry numbers it). Defeated, Succeeded and
/// Expired are computed by the registry from the tally and the clock.</summary>
public enum RegistryProposalState
{
    /// <summary>The registry does not know the id.</summary>
    None = 0,

    /// <summary>Voting.</summary>
    Active = 1,

    /// <summary>Voting ended without quorum or majority.</summary>
    Defeated = 2,

    /// <summary>Voting ended with quorum and majority; it may be queued within the grace period.</summary>
    Succeeded = 3,

    /// <summary>Queued, waiting for its timelock or its execution.</summary>
    Queued = 4,

    /// <summary>Executed.</summary>
    Executed = 5,

    /// <summary>Vetoed by the guardian.</summary>
    Vetoed = 6,

    /// <summary>Canceled by the guardian, or because its base version was replaced.</summary>
    Canceled = 7,

    /// <summary>Not queued, or not executed, within the grace period.</summary>
    Expired = 8,
}

/// <summary>A proposal as the registry registered it.</summary>
/// <param name="Kind">What it changes.</param>
/// <param name="State">Where the registry holds it.</param>
/// <param name="Supermajority">True when it needs the supermajority.</param>
/// <param name="BallotHash">What its ballots approve.</param>
/// <param name="PayloadHash">keccak256 of its payload.</param>
/// <param name="BaseVersion">The parameter version it was drafted from (0 for other kinds).</param>
/// <param name="Epoch">The committee epoch whose members vote.</param>
/// <param name="VotingStart">Registration time.</param>
/// <param name="VotingEnd">End of voting (moved by late quorum).</param>
/// <param name="Eta">Earliest execution; null until queued.</param>
/// <param name="ExecutedVersion">The parameter version its execution created; 0 for none.</param>
/// <param name="QuorumBps">The quorum in force at registration.</param>
/// <param name="SupermajorityBps">The supermajority in force at registration.</param>
public sealed record RegistryProposal(
    ProposalKind Kind, RegistryProposalState State, bool Supermajority, Hash32 BallotHash, Hash32 PayloadHash, long BaseVersion, long Epoch,
    DateTimeOffset VotingStart, DateTimeOffset VotingEnd, DateTimeOffset? Eta, long ExecutedVersion, int QuorumBps, int SupermajorityBps);

/// <summary>The registry's own tally of a proposal.</summary>
/// <param name="For">For weight.</param>
/// <param name="Against">Against weight.</param>
/// <param name="Abstain">Abstain weight.</param>
/// <param name="TotalWeight">The committee epoch's total weight.</param>
/// <param name="QuorumWeight">For + Abstain weight needed.</param>
/// <param name="QuorumReached">For + Abstain reaches the quorum weight.</param>
/// <param name="MajorityReached">The majority (or supermajority) holds.</param>
/// <param name="Passes">Quorum and majority both hold.</param>
/// <param name="ForNeeded">How much more For weight it takes to pass; 0 when it passes.</param>
/// <param name="Unvoted">Weight that has not voted.</param>
public sealed record RegistryTally(
    long For, long Against, long Abstain, long TotalWeight, long QuorumWeight, bool QuorumReached, bool MajorityReached, bool Passes, long ForNeeded, long Unvoted)
{
    /// <summary>True while the weight that has not voted could still make it pass.</summary>
    public bool CanStillPass => Passes || ForNeeded <= Unvoted;

    /// <summary>The plain line: "passes on chain: yes", or "no: needs 2 more weight For".</summary>
    public string Verdict => Passes ? "passes on chain: yes" : $"passes on chain: no: needs {ForNeeded} more weight For";
}

/// <summary>A committee epoch as the registry holds it.</summary>
/// <param name="Epoch">Epoch number (1 for the deployment's committee).</param>
/// <param name="Members">Members and weights.</param>
/// <param name="Guardian">The guardian now (the registry keeps one guardian, not one per epoch).</param>
public sealed record RegistryCommittee(long Epoch, IReadOnlyList<WeightedMember> Members, Address Guardian)
{
    /// <summary>Sum of the weights.</summary>
    public long TotalWeight => Members.Sum(m => m.Weight);

    /// <summary>The weight of <paramref name="address"/>, 0 for a non-member.</summary>
    public long WeightOf(Address address) => Members.FirstOrDefault(m => m.Address == address)?.Weight ?? 0;
}

/// <summary>A ballot the registry counted (from its VoteCast log).</summary>
/// <param name="Voter">The member.</param>
/// <param name="Support">For, Against or Abstain.</param>
/// <param name="Weight">The weight counted.</param>
/// <param name="Signature">The EIP-712 signature.</param>
/// <param name="TransactionHash">The transaction that relayed it.</param>
/// <param name="At">Block time.</param>
public sealed record RegistryVote(Address Voter, BallotSupport Support, long Weight, EcdsaSignature Signature, Hash32 TransactionHash, DateTimeOffset At);

/// <summary>The audit log head an account anchored on chain.</summary>
/// <param name="Anchorer">The account that anchored it.</param>
/// <param name="Head">Hash of the last anchored entry.</param>
/// <param name="Entries">Number of entries anchored.</param>
/// <param name="AnchoredAt">Block time of the anchor.</param>
public sealed record AuditAnchor(Address Anchorer, Hash32 Head, long Entries, DateTimeOffset AnchoredAt);

/// <summary>How a push to the registry ended.</summary>
public enum PushOutcome
{
    /// <summary>Queued on chain; the timelock has not elapsed yet (push again after <see cref="PushResult.Eta"/>).</summary>
    Queued,

    /// <summary>This push executed the proposal; <see cref="PushResult.Version"/> is the new version (parameter proposals).</summary>
    Executed,

    /// <summary>The proposal had already been executed (by an earlier push or by anyone); nothing was sent.</summary>
    AlreadyExecuted,

    /// <summary>The guardian vetoed the proposal.</summary>
    Vetoed,

    /// <summary>The grace period ran out.</summary>
    Expired,

    /// <summary>The proposal was canceled on chain.</summary>
    Canceled,
}

/// <summary>The result of a push.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ProposalId">Proposal id.</param>
/// <param name="Eta">Earliest execution time; null when never queued.</param>
/// <param name="Version">Registry version holding the set (Executed / AlreadyExecuted parameter proposals), else 0.</param>
/// <param name="QueueTransaction">The queue transaction, when the journal holds one.</param>
/// <param name="ExecuteTransaction">The execute transaction, when the journal holds one.</param>
public sealed record PushResult(PushOutcome Outcome, Hash32 ProposalId, DateTimeOffset? Eta, long Version, Hash32? QueueTransaction, Hash32? ExecuteTransaction);

/// <summary>
/// The registry as the governance service uses it: the only source of the rules, the bounds, the
/// committee, the tally and the ratified versions. The chain adapter (RiskGovernance.Contracts)
/// implements it. A refusal by the contract is a <see cref="RegistryRefusedException"/> in plain
/// words; queue and execute are journaled in an <see cref="IPushJournal"/> before broadcast, so a
/// push is never sent twice.
/// </summary>
public interface IRegistryGateway
{
    /// <summary>The latest parameter version (0 before any).</summary>
    Task<long> GetCurrentVersionAsync(CancellationToken cancellationToken);

    /// <summary>The parameter set of a version.</summary>
    Task<OnChainParameterSet> GetParametersAsync(long version, CancellationToken cancellationToken);

    /// <summary>The rules in force.</summary>
    Task<GovernanceRules> GetRulesAsync(CancellationToken cancellationToken);

    /// <summary>The bounds in force.</summary>
    Task<RegistryBounds> GetBoundsAsync(CancellationToken cancellationToken);

    /// <summary>A committee epoch (the current one when <paramref name="epoch"/> is null).</summary>
    Task<RegistryCommittee> GetCommitteeAsync(long? epoch, CancellationToken cancellationToken);

    /// <summary>The latest block's time: the clock the registry decides by.</summary>
    Task<DateTimeOffset> GetChainTimeAsync(CancellationToken cancellationToken);

    /// <summary>What <c>propose</c> would decide now, without registering: throws the refusal, else returns whether the supermajority applies.</summary>
    Task<bool> CheckProposalAsync(ProposalPayload payload, Hash32 ballotHash, long baseVersion, CancellationToken cancellationToken);

    /// <summary>Registers a proposal and opens its vote; returns the transaction hash. An id already registered is not sent again.</summary>
    Task<Hash32?> ProposeAsync(ProposalPayload payload, Hash32 ballotHash, long baseVersion, Hash32 salt, CancellationToken cancellationToken);

    /// <summary>The registry's view of a proposal (state None when unknown).</summary>
    Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>The registry's tally of a registered proposal.</summary>
    Task<RegistryTally> GetTallyAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>The ballots the registry counted for a proposal, in order.</summary>
    Task<IReadOnlyList<RegistryVote>> GetVotesAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>Relays a member's signed ballot; returns the transaction hash.</summary>
    Task<Hash32> CastVoteAsync(Hash32 proposalId, Address voter, BallotSupport support, EcdsaSignature signature, CancellationToken cancellationToken);

    /// <summary>Queues a passed proposal and, when its timelock has elapsed, executes it with its payload (journaled).</summary>
    Task<PushResult> PushAsync(Hash32 proposalId, ProposalPayload payload, CancellationToken cancellationToken);

    /// <summary>The guardian vetoes a queued proposal; returns the transaction hash.</summary>
    Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>Cancels a proposal on chain: with the guardian's key, or (a stale parameter proposal) with the relayer's; returns the transaction hash.</summary>
    Task<Hash32> CancelAsync(Hash32 proposalId, bool asGuardian, CancellationToken cancellationToken);

    /// <summary>The push journal's record of a proposal (its queue and execute transactions), or null.</summary>
    Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>Anchors the audit log's head and entry count on chain with the portal's key; returns the transaction hash.</summary>
    Task<Hash32> AnchorAuditAsync(Hash32 head, long entries, CancellationToken cancellationToken);

    /// <summary>The portal key's latest audit anchor, or null before the first.</summary>
    Task<AuditAnchor?> GetAuditAnchorAsync(CancellationToken cancellationToken);
}
