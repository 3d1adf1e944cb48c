namespace RiskGovernance.Governance.Proposals;

/// <summary>How the outcome is decided.</summary>
public enum MajorityRule
{
    /// <summary>For &gt; Against.</summary>
    Simple = 0,

    /// <summary>For / (For + Against) &gt;= the supermajority fraction (a step bound was exceeded).</summary>
    Supermajority = 1,
}

/// <summary>
/// The rules frozen into a proposal when it opens; later configuration changes do not affect it.
/// Persistence: an owned type (TimeSpan and decimal columns).
/// </summary>
/// <param name="VotingPeriod">How long voting lasts from opening.</param>
/// <param name="QuorumFraction">Share of the snapshot's weight that must vote For or Abstain, in (0, 1].</param>
/// <param name="Majority">Simple or supermajority.</param>
/// <param name="SupermajorityFraction">Share of For among For + Against needed under <see cref="MajorityRule.Supermajority"/>, in (0.5, 1].</param>
/// <param name="TimelockDelay">Delay between queueing and the earliest execution.</param>
/// <param name="GracePeriod">How long after the timelock the proposal can still be executed.</param>
/// <param name="LateQuorumExtension">A vote that first reaches quorum later than deadline minus this pushes the deadline to vote time plus this.</param>
public sealed record VotingRules(
    TimeSpan VotingPeriod,
    decimal QuorumFraction,
    MajorityRule Majority,
    decimal SupermajorityFraction,
    TimeSpan TimelockDelay,
    TimeSpan GracePeriod,
    TimeSpan LateQuorumExtension);
