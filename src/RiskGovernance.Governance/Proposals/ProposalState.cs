using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Proposals;

/// <summary>Where a proposal stands. Draft -&gt; Active -&gt; Succeeded | Defeated; Succeeded -&gt; Queued -&gt; Executed;
/// Canceled, Vetoed and Expired end it early.</summary>
public enum ProposalState
{
    /// <summary>Being written; the author may change the simulation or cancel.</summary>
    Draft = 0,

    /// <summary>Open for votes until the deadline.</summary>
    Active = 1,

    /// <summary>Voting ended with quorum and the majority.</summary>
    Succeeded = 2,

    /// <summary>Voting ended without quorum or majority.</summary>
    Defeated = 3,

    /// <summary>Queued in the registry; waiting for the timelock.</summary>
    Queued = 4,

    /// <summary>Executed in the registry.</summary>
    Executed = 5,

    /// <summary>Canceled by the author (Draft) or a guardian.</summary>
    Canceled = 6,

    /// <summary>Vetoed by a guardian while queued.</summary>
    Vetoed = 7,

    /// <summary>Not executed within the grace period.</summary>
    Expired = 8,
}

/// <summary>One field of the proposed set that differs from the ratified set (values as the registry holds them, 18-decimal text).</summary>
/// <param name="Field">FORMATS.md path, e.g. assets.BTC.scanRange.</param>
/// <param name="Old">Ratified value, or "(absent)".</param>
/// <param name="New">Proposed value, or "(absent)".</param>
/// <param name="ExceedsStepBound">True when this change is beyond its step bound (the proposal needs the supermajority).</param>
public sealed record ParameterChange(string Field, string Old, string New, bool ExceedsStepBound);

/// <summary>One entry of a proposal's timeline.</summary>
/// <param name="From">Previous state; null for the creation.</param>
/// <param name="To">New state.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who: a 0x address, or "system" / "chain".</param>
/// <param name="Action">What, e.g. "queue".</param>
/// <param name="TransactionHash">The registry transaction, when there was one.</param>
public sealed record ProposalTransition(ProposalState? From, ProposalState To, DateTimeOffset At, string Actor, string Action, Hash32? TransactionHash);

/// <summary>
/// The weights of a proposal's votes and what they decide (pure arithmetic): quorum counts For +
/// Abstain against the snapshot's total weight; the simple majority needs For &gt; Against; the
/// supermajority needs For / (For + Against) &gt;= the fraction (and at least one For).
/// </summary>
/// <param name="For">For weight.</param>
/// <param name="Against">Against weight.</param>
/// <param name="Abstain">Abstain weight.</param>
/// <param name="TotalWeight">Snapshot total weight.</param>
/// <param name="QuorumReached">(For + Abstain) &gt;= quorum fraction x total.</param>
/// <param name="MajorityReached">The majority rule holds.</param>
public sealed record Tally(long For, long Against, long Abstain, long TotalWeight, bool QuorumReached, bool MajorityReached)
{
    /// <summary>True when the proposal would succeed now.</summary>
    public bool Passes => QuorumReached && MajorityReached;

    /// <summary>Counts <paramref name="votes"/> under <paramref name="rules"/>.</summary>
    public static Tally Count(IEnumerable<Vote> votes, long totalWeight, VotingRules rules)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(rules);
        long f = 0, a = 0, s = 0;
        foreach (var v in votes)
        {
            switch (v.Support)
            {
                case BallotSupport.For: f += v.Weight; break;
                case BallotSupport.Against: a += v.Weight; break;
                default: s += v.Weight; break;
            }
        }

        return Of(f, a, s, totalWeight, rules);
    }

    /// <summary>The tally of given weights.</summary>
    public static Tally Of(long forWeight, long against, long abstain, long totalWeight, VotingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var quorum = totalWeight > 0 && (decimal)(forWeight + abstain) >= rules.QuorumFraction * totalWeight;
        var majority = rules.Majority == MajorityRule.Simple
            ? forWeight > against
            : forWeight > 0 && (decimal)forWeight >= rules.SupermajorityFraction * (forWeight + against);
        return new Tally(forWeight, against, abstain, totalWeight, quorum, majority);
    }
}
