using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class GovernanceRulesOptionsTests
{
    private static GovernanceRulesOptions Valid() => new() { ChainId = Samples.ChainId, RegistryAddress = Samples.Registry.ToString() };

    [Fact]
    public void Validate_Defaults_WithDomain_Valid() => Assert.Empty(Valid().Validate());

    [Fact]
    public void Validate_EveryBadValue_NamesItsField()
    {
        var o = new GovernanceRulesOptions
        {
            VotingPeriod = TimeSpan.Zero,
            QuorumFraction = 1.5m,
            SupermajorityFraction = 0.5m,
            TimelockDelay = TimeSpan.FromSeconds(-1),
            GracePeriod = TimeSpan.Zero,
            LateQuorumExtension = TimeSpan.FromDays(1),
            MaxReasonLength = -1,
            ChainId = 0,
            RegistryAddress = "not an address",
            MaxNewlyLiquidatableShare = 2,
            MaxTotalImGrowth = double.NaN,
        };
        Assert.Equal(
            ["VotingPeriod", "QuorumFraction", "SupermajorityFraction", "TimelockDelay", "GracePeriod", "LateQuorumExtension", "MaxReasonLength",
             "ChainId", "RegistryAddress", "MaxNewlyLiquidatableShare", "MaxTotalImGrowth"],
            o.Validate().Select(e => e.Field["Governance:".Length..]));
    }

    [Fact]
    public void RulesFor_Supermajority_FreezesConfiguredValues()
    {
        var rules = Valid().RulesFor(requiresSupermajority: true);
        Assert.Equal(Proposals.MajorityRule.Supermajority, rules.Majority);
        Assert.Equal(TimeSpan.FromDays(3), rules.VotingPeriod);
        Assert.Equal(Samples.Domain, Valid().BallotDomain());
    }
}
