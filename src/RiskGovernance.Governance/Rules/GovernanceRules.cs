using System.Globalization;

namespace RiskGovernance.Governance.Rules;

/// <summary>
/// How the committee decides, as the registry holds it (<c>rules()</c>) and enforces it; changed
/// only by a Rules proposal. Quorum: For + Abstain weight reaches <see cref="QuorumBps"/> of the
/// committee epoch's total weight (rounded up). Majority: For above Against, or, when the change
/// exceeds a step bound (or changes the committee or the rules), For at least
/// <see cref="SupermajorityBps"/> of For + Against. A vote that first reaches quorum keeps voting
/// open at least <see cref="LateQuorumExtension"/> longer. A passing proposal is queued within
/// <see cref="GracePeriod"/> of the voting end, executed no earlier than
/// <see cref="TimelockDelay"/> after the queue and within <see cref="GracePeriod"/> of that.
/// </summary>
/// <param name="VotingPeriod">From registration to the end of voting.</param>
/// <param name="LateQuorumExtension">The minimum voting time left after quorum is first reached.</param>
/// <param name="TimelockDelay">From queue to the earliest execution.</param>
/// <param name="GracePeriod">To queue after voting ends, and to execute after the eta.</param>
/// <param name="QuorumBps">Quorum in basis points of the total weight, 1..10000.</param>
/// <param name="SupermajorityBps">The supermajority's For share of For + Against in basis points, 5001..9999 (the registry refuses unanimity).</param>
public sealed record GovernanceRules(
    TimeSpan VotingPeriod, TimeSpan LateQuorumExtension, TimeSpan TimelockDelay, TimeSpan GracePeriod, int QuorumBps, int SupermajorityBps)
{
    /// <summary>Basis points in one.</summary>
    public const int Bps = 10_000;

    /// <summary>A basis-point value as a percentage ("66.67 %").</summary>
    public static string Percent(int bps) => (bps / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>The rules in one sentence, as the README and the registry page state them.</summary>
    public string Describe() =>
        $"voting {Duration(VotingPeriod)}; quorum {Percent(QuorumBps)} of the committee's weight voting For or Abstain; " +
        $"For above Against, or at least {Percent(SupermajorityBps)} of For + Against beyond a step bound; " +
        $"late quorum keeps voting open {Duration(LateQuorumExtension)}; timelock {Duration(TimelockDelay)}; grace {Duration(GracePeriod)}";

    /// <summary>The rules by field path (<c>rules.quorumBps</c>; periods in seconds).</summary>
    public IReadOnlyDictionary<string, string> Flatten() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rules.votingPeriod"] = Seconds(VotingPeriod),
        ["rules.lateQuorumExtension"] = Seconds(LateQuorumExtension),
        ["rules.timelockDelay"] = Seconds(TimelockDelay),
        ["rules.gracePeriod"] = Seconds(GracePeriod),
        ["rules.quorumBps"] = QuorumBps.ToString(CultureInfo.InvariantCulture),
        ["rules.supermajorityBps"] = SupermajorityBps.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A duration in days, hours and minutes ("3 d", "12 h", "1 d 6 h").</summary>
    public static string Duration(TimeSpan span)
    {
        if (span == TimeSpan.Zero)
        {
            return "none";
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days} d");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours} h");
        }

        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes} min");
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{span.Seconds} s");
        }

        return string.Join(" ", parts);
    }

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
}

/// <summary>The diff of a rules proposal against the rules and bounds in force.</summary>
public static class RulesDiff
{
    /// <summary>Every rule or bound that changes, as <see cref="Proposals.ParameterChange"/> rows (<c>rules.quorumBps</c>, <c>bounds.haircut.max</c>).</summary>
    public static IReadOnlyList<Proposals.ParameterChange> Between(GovernanceRules oldRules, RegistryBounds oldBounds, GovernanceRules newRules, RegistryBounds newBounds)
    {
        ArgumentNullException.ThrowIfNull(oldRules);
        ArgumentNullException.ThrowIfNull(oldBounds);
        ArgumentNullException.ThrowIfNull(newRules);
        ArgumentNullException.ThrowIfNull(newBounds);
        var before = oldRules.Flatten().Concat(oldBounds.Flatten()).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return [.. newRules.Flatten().Concat(newBounds.Flatten())
            .Where(kv => before[kv.Key] != kv.Value)
            .Select(kv => new Proposals.ParameterChange(kv.Key, before[kv.Key], kv.Value, false))];
    }
}
