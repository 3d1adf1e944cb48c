using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Proposals;

/// <summary>Where a proposal stands. Draft -&gt; Active -&gt; Succeeded | Defeated; Succeeded -&gt; Queued -&gt; Executed;
/// Canceled, Vetoed and Expired end it early. Every state after Draft is the registry's.</summary>
public enum ProposalState
{
    /// <summary>Being written; the author may change the simulation or cancel.</summary>
    Draft = 0,

    /// <summary>Open for votes until the deadline.</summary>
    Active = 1,

    /// <summary>Voting ended with quorum and the majority, on a base version still in force: the registry accepts the queue.</summary>
    Succeeded = 2,

    /// <summary>Voting ended without quorum or majority.</summary>
    Defeated = 3,

    /// <summary>Queued in the registry; waiting for the timelock.</summary>
    Queued = 4,

    /// <summary>Executed in the registry.</summary>
    Executed = 5,

    /// <summary>Canceled by the author (Draft), the guardian, or because its base version was replaced.</summary>
    Canceled = 6,

    /// <summary>Vetoed by a guardian while queued.</summary>
    Vetoed = 7,

    /// <summary>Not queued, or not executed, within the grace period.</summary>
    Expired = 8,
}

/// <summary>One field of the proposal that differs from what is in force (values as the registry holds them, 18-decimal text).</summary>
/// <param name="Field">FORMATS.md path, e.g. assets.BTC.scanRange (rules.quorumBps, bounds.scanRange.max for rules proposals).</param>
/// <param name="Old">The value in force at drafting, or "(absent)".</param>
/// <param name="New">Proposed value, or "(absent)".</param>
/// <param name="ExceedsStepBound">True when this change is beyond its step bound (the proposal needs the supermajority).</param>
/// <param name="Conflict">True (rebased proposals) when both this proposal and the versions executed since its base changed the field; the proposal's value was kept.</param>
public sealed record ParameterChange(string Field, string Old, string New, bool ExceedsStepBound, bool Conflict = false);

/// <summary>One entry of a proposal's timeline.</summary>
/// <param name="From">Previous state; null for the creation.</param>
/// <param name="To">New state.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who: the signed-in member's 0x address, or "chain" for what the registry reported without one.</param>
/// <param name="Action">What, e.g. "queue".</param>
/// <param name="TransactionHash">The registry transaction, when there was one.</param>
public sealed record ProposalTransition(ProposalState? From, ProposalState To, DateTimeOffset At, string Actor, string Action, Hash32? TransactionHash);
