using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// The rules and bounds a registry is deployed with unless told otherwise (<c>riskgov registry
/// deploy</c>, the demo). Only the deployment uses them: from then on the registry holds its rules
/// and bounds, and only a Rules proposal executed by the registry changes them.
/// </summary>
public static class RegistryDefaults
{
    /// <summary>
    /// Voting 3 days; quorum 50 % of the committee's weight voting For or Abstain; For above Against,
    /// or at least 66.67 % of For + Against beyond a step bound (and for committee and rules
    /// changes); late quorum keeps voting open 12 hours; timelock 1 day; grace 7 days.
    /// </summary>
    public static GovernanceRules Rules { get; } = new(
        VotingPeriod: TimeSpan.FromDays(3), LateQuorumExtension: TimeSpan.FromHours(12), TimelockDelay: TimeSpan.FromDays(1),
        GracePeriod: TimeSpan.FromDays(7), QuorumBps: 5000, SupermajorityBps: 6667);

    /// <summary>
    /// Hard limits imMultiplier [0.5, 3], mmRatio [0.3, 0.95], liquidationRatio [0.3, 0.99], scanRange
    /// [0.01, 1], volUp [0, 3], volDown [0, 1], haircut [0, 0.9]; step bounds 25 % for imMultiplier,
    /// 50 % for the per-asset values, 0.2 (absolute) for a correlation.
    /// </summary>
    public static RegistryBounds Bounds { get; } = new(
        Limit("0.5", "3"), Limit("0.3", "0.95"), Limit("0.3", "0.99"), Limit("0.01", "1"), Limit("0", "3"), Limit("0", "1"), Limit("0", "0.9"),
        Fixed("0.25"), Fixed("0.5"), Fixed("0.5"), Fixed("0.5"), Fixed("0.5"), Fixed("0.2"));

    private static ValueLimit Limit(string min, string max) => new(Fixed(min), Fixed(max));

    private static FixedPoint18 Fixed(string text) => FixedPoint18.Parse(text, "bounds");
}
