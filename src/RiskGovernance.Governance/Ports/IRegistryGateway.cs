using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>Where the registry holds a proposal (Expired is computed by the registry, never stored).</summary>
public enum RegistryProposalState
{
    /// <summary>The registry does not know the id.</summary>
    None = 0,

    /// <summary>Queued, waiting for its timelock or its execution.</summary>
    Queued = 1,

    /// <summary>Executed.</summary>
    Executed = 2,

    /// <summary>Vetoed by the guardian.</summary>
    Vetoed = 3,

    /// <summary>Queued, but its grace period is over.</summary>
    Expired = 4,
}

/// <summary>A proposal as the registry reports it.</summary>
/// <param name="State">Where the registry holds it.</param>
/// <param name="Kind">What it changes.</param>
/// <param name="Eta">Earliest execution time; null when never queued.</param>
/// <param name="ParamsHash">The hash its ballots approved.</param>
/// <param name="ExecutedVersion">The parameter version its execution created; 0 for none (membership, or not executed).</param>
public sealed record RegistryProposal(RegistryProposalState State, ProposalKind Kind, DateTimeOffset? Eta, Hash32 ParamsHash, long ExecutedVersion);

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

    /// <summary>The grace period ran out before execution.</summary>
    Expired,
}

/// <summary>The result of a push.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ProposalId">Proposal id.</param>
/// <param name="Eta">Earliest execution time; null when never queued.</param>
/// <param name="Version">Registry version holding the set (Executed / AlreadyExecuted parameter proposals), else 0.</param>
/// <param name="QueueTransaction">The queue transaction, when the journal holds one.</param>
/// <param name="ExecuteTransaction">The execute transaction, when the journal holds one.</param>
public sealed record PushResult(PushOutcome Outcome, Hash32 ProposalId, DateTimeOffset? Eta, long Version, Hash32? QueueTransaction, Hash32? ExecuteTransaction)
{
    /// <summary>Where the registry holds the proposal after this push.</summary>
    public RegistryProposalState State => Outcome switch
    {
        PushOutcome.Queued => RegistryProposalState.Queued,
        PushOutcome.Executed or PushOutcome.AlreadyExecuted => RegistryProposalState.Executed,
        PushOutcome.Vetoed => RegistryProposalState.Vetoed,
        _ => RegistryProposalState.Expired,
    };
}

/// <summary>
/// The registry as the governance service uses it. The chain adapter (RiskGovernance.Contracts)
/// implements it: every transaction is journaled in an <see cref="IPushJournal"/> before it is
/// broadcast, so that a push is never sent twice.
/// </summary>
public interface IRegistryGateway
{
    /// <summary>Queues a parameter set with its For ballots and executes it when due.</summary>
    Task<PushResult> PushParametersAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken);

    /// <summary>Queues a committee change (members, weights, threshold) and executes it when due.</summary>
    Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken);

    /// <summary>The registry's view of a proposal.</summary>
    Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>Vetoes a queued proposal with the guardian's key; returns the transaction hash.</summary>
    Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>The push journal's record of a proposal (its queue and execute transactions), or null.</summary>
    Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken);
}
