using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

/// <summary>The registry's rules as the portal shows them, the diff of a rules proposal, and the registry's tally verdict.</summary>
public sealed class GovernanceRulesTests
{
    private static readonly GovernanceRules Rules = RegistryDefaults.Rules;
    private static readonly RegistryBounds Bounds = RegistryDefaults.Bounds;

    [Fact]
    public void RulesDiff_SameRulesAndBounds_Empty() => Assert.Empty(RulesDiff.Between(Rules, Bounds, Rules with { }, Bounds with { }));

    [Fact]
    public void RulesDiff_QuorumVotingPeriodAndABound_OneRowEachWithOldAndNew()
    {
        var changes = RulesDiff.Between(
            Rules, Bounds,
            Rules with { QuorumBps = 6_000, VotingPeriod = TimeSpan.FromDays(5) },
            Bounds with { Haircut = new ValueLimit(Bounds.Haircut.Min, FixedPoint18.Parse("0.8", "max")), CorrelationStep = FixedPoint18.Parse("0.1", "step") });

        Assert.Equal(
            [
                new ParameterChange("rules.votingPeriod", "259200 s", "432000 s", false),
                new ParameterChange("rules.quorumBps", "5000", "6000", false),
                new ParameterChange("bounds.haircut.max", "0.9", "0.8", false),
                new ParameterChange("bounds.correlationStep", "0.2", "0.1", false),
            ],
            changes);
    }

    [Fact]
    public void Flatten_EveryRule_InSecondsAndBasisPoints()
        => Assert.Equal(
            new Dictionary<string, string>
            {
                ["rules.votingPeriod"] = "259200 s",
                ["rules.lateQuorumExtension"] = "43200 s",
                ["rules.timelockDelay"] = "86400 s",
                ["rules.gracePeriod"] = "604800 s",
                ["rules.quorumBps"] = "5000",
                ["rules.supermajorityBps"] = "6667",
            },
            Rules.Flatten());

    [Fact]
    public void Describe_DefaultRules_OneSentenceAsTheChainEnforcesThem()
        => Assert.Equal(
            "voting 3 d; quorum 50 % of the committee's weight voting For or Abstain; For above Against, or at least 66.67 % of For + Against " +
            "beyond a step bound; late quorum keeps voting open 12 h; timelock 1 d; grace 7 d",
            Rules.Describe());

    [Theory]
    [InlineData(0, "none")]
    [InlineData(90, "1 min 30 s")]
    [InlineData(3600, "1 h")]
    [InlineData(108_000, "1 d 6 h")]
    [InlineData(1, "1 s")]
    public void Duration_Seconds_DaysHoursMinutesSeconds(int seconds, string expected)
        => Assert.Equal(expected, GovernanceRules.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(5_000, "50 %")]
    [InlineData(6_667, "66.67 %")]
    [InlineData(10_000, "100 %")]
    public void Percent_BasisPoints(int bps, string expected) => Assert.Equal(expected, GovernanceRules.Percent(bps));

    [Fact]
    public void Tally_Passing_VerdictYes()
    {
        var t = new RegistryTally(5, 2, 0, 10, 5, true, true, true, 0, 3);
        Assert.Equal("passes on chain: yes", t.Verdict);
        Assert.True(t.CanStillPass);
    }

    [Fact]
    public void Tally_Failing_VerdictNamesTheWeightForNeeded()
    {
        var t = new RegistryTally(2, 2, 0, 10, 5, false, false, false, 3, 6);
        Assert.Equal("passes on chain: no: needs 3 more weight For", t.Verdict);
        Assert.True(t.CanStillPass);
    }

    [Fact]
    public void Tally_MoreNeededThanUnvoted_CanNoLongerPass()
    {
        var t = new RegistryTally(6, 4, 0, 10, 5, true, false, false, 2, 0);
        Assert.False(t.CanStillPass);
        Assert.Equal("passes on chain: no: needs 2 more weight For", t.Verdict);
    }
}
