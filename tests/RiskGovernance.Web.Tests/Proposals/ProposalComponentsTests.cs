using Bunit;
using RiskGovernance.Chain;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The parameter diff table and the tally panel.</summary>
public sealed class ProposalComponentsTests : PortalComponentTest
{
    private static readonly VotingRules Simple = new(TimeSpan.FromDays(3), 0.5m, MajorityRule.Simple, 2m / 3m, TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromHours(12));

    [Fact]
    public void Diff_Changes_RowPerFieldWithValuesAndBoundFlag()
    {
        IReadOnlyList<ParameterChange> changes =
        [
            new("assets.SOL.haircut", "0.09", "0.14", true),
            new("correlation.BTC.SOL", "0.6852", "0.6352", false),
        ];

        var cut = Render<ParameterDiffTable>(p => p.Add(c => c.Changes, changes).Add(c => c.RequiresSupermajority, true));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("assets.SOL.haircut", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("0.09", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("0.14", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("exceeded", cut.Find("[data-testid='diff-bound-assets.SOL.haircut']").TextContent, StringComparison.Ordinal);
        Assert.Contains("within", cut.Find("[data-testid='diff-bound-correlation.BTC.SOL']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=needs-supermajority]"));
    }

    [Fact]
    public void Diff_NoSupermajority_NoWarningChip()
    {
        var cut = Render<ParameterDiffTable>(p => p.Add(c => c.Changes, [new ParameterChange("imMultiplier", "1", "1.1", false)]));

        Assert.Empty(cut.FindAll("[data-testid=needs-supermajority]"));
    }

    [Fact]
    public void Tally_QuorumNotReached_SharesAndFlags()
    {
        var tally = Tally.Of(2, 2, 0, 10, Simple);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, Simple));

        Assert.Equal("2", cut.Find("[data-testid=tally-for]").TextContent);
        Assert.Equal("not reached", cut.Find("[data-testid=tally-quorum]").TextContent);
        Assert.Equal("not reached", cut.Find("[data-testid=tally-majority]").TextContent);
        Assert.Equal(0.2, cut.Instance.QuorumShare, 12);
        Assert.Equal(0.5, cut.Instance.ForShare, 12);
    }

    [Fact]
    public void Tally_SupermajorityReached_BothReached()
    {
        var rules = Simple with { Majority = MajorityRule.Supermajority };
        var tally = Tally.Of(7, 2, 1, 10, rules);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, rules));

        Assert.Equal("reached", cut.Find("[data-testid=tally-quorum]").TextContent);
        Assert.Equal("reached", cut.Find("[data-testid=tally-majority]").TextContent);
        Assert.Contains("supermajority, 66.67 %", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0.8, cut.Instance.QuorumShare, 12);
    }

    [Fact]
    public void Tally_Draft_SaysVotingNotOpen()
    {
        var draft = Proposal.DraftParameters(
            Hash32.Keccak("draft"), "Raise the IM multiplier", "More buffer.", DevelopmentKeys.Key(1).Address, "{}", Hash32.Keccak("{}"),
            2, Hash32.Keccak("v2"), [new ParameterChange("imMultiplier", "1", "1.1", false)], false, DateTimeOffset.UnixEpoch);

        // As the proposal page passes them: a Draft has neither a tally nor frozen rules yet.
        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, draft.Tally).Add(c => c.Rules, draft.Rules));

        Assert.Equal(ProposalState.Draft, draft.State);
        Assert.Equal("Voting has not opened yet.", cut.Find("[data-testid=tally-none]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=tally]"));
        Assert.DoesNotContain("Quorum", cut.Markup, StringComparison.Ordinal);
        Assert.Equal((0.0, 0.0), (cut.Instance.QuorumShare, cut.Instance.ForShare));
    }
}
