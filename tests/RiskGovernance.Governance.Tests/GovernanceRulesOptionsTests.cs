using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The portal's own configuration: where the registry is and the portal's limits. The voting rules
/// are not configuration any more (the registry holds them), so no option can disagree with them.
/// </summary>
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
            MaxReasonLength = -1,
            AuditAnchorInterval = TimeSpan.Zero,
            ChainId = 0,
            RegistryAddress = "not an address",
            MaxNewlyLiquidatableShare = 2,
            MaxTotalImGrowth = double.NaN,
        };
        Assert.Equal(
            ["MaxReasonLength", "AuditAnchorInterval", "ChainId", "RegistryAddress", "MaxNewlyLiquidatableShare", "MaxTotalImGrowth"],
            o.Validate().Select(e => e.Field["Governance:".Length..]));
    }

    [Fact]
    public void Validate_ZeroRegistryAddress_Refused()
    {
        var o = Valid();
        o.RegistryAddress = "0x0000000000000000000000000000000000000000";
        Assert.Equal("Governance:RegistryAddress", Assert.Single(o.Validate()).Field);
    }

    [Fact]
    public void ThrowIfInvalid_Invalid_ListsEveryField()
    {
        var o = new GovernanceRulesOptions();
        var ex = Assert.Throws<Engine.Validation.InputValidationException>(o.ThrowIfInvalid);
        Assert.Equal(["Governance:ChainId", "Governance:RegistryAddress"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void BallotDomain_ChainIdAndRegistry() => Assert.Equal(Samples.Domain, Valid().BallotDomain());

    /// <summary>No voting rule is configurable: the options type has none of the old fields.</summary>
    [Fact]
    public void Options_HaveNoVotingRules()
    {
        var names = typeof(GovernanceRulesOptions).GetProperties().Select(p => p.Name).ToList();
        Assert.DoesNotContain(names, n => n.Contains("Quorum", StringComparison.Ordinal) || n.Contains("Majority", StringComparison.Ordinal)
                                          || n.Contains("Voting", StringComparison.Ordinal) || n.Contains("Timelock", StringComparison.Ordinal)
                                          || n.Contains("Grace", StringComparison.Ordinal));
    }
}
