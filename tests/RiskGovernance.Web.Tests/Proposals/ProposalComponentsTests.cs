using Bunit;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The parameter diff table and the tally panel (which shows the registry's tally as given).</summary>
public sealed class ProposalComponentsTests : PortalComponentTest
{
    private static readonly GovernanceRules Rules = new(TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 5000, 6667);

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
        Assert.NotNull(cut.Find("[data-testid='parameter-diff']"));
        Assert.Contains("exceeded", cut.Find("[data-testid='parameter-diff-bound-assets.SOL.haircut']").TextContent, StringComparison.Ordinal);
        Assert.Contains("within", cut.Find("[data-testid='parameter-diff-bound-correlation.BTC.SOL']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=needs-supermajority]"));
        Assert.Empty(cut.FindAll("[data-testid^='diff-conflict-']"));
        Assert.Equal(["Field", "Now", "Proposed", "Step bound"], cut.FindAll("th").Select(h => h.TextContent.Trim()));
    }

    [Fact]
    public void Diff_OtherTestIdAndConflict_PrefixesCellsAndFlagsTheConflict()
    {
        IReadOnlyList<ParameterChange> changes =
        [
            new("assets.ETH.haircut", "0.1", "0.12", false, Conflict: true),
            new("imMultiplier", "1", "1.1", false),
        ];

        var cut = Render<ParameterDiffTable>(p => p.Add(c => c.Changes, changes).Add(c => c.TestId, "diff-in-force").Add(c => c.OldHeader, "Version 2"));

        Assert.NotNull(cut.Find("[data-testid='diff-in-force']"));
        Assert.Empty(cut.FindAll("[data-testid='parameter-diff']"));
        Assert.Contains("within", cut.Find("[data-testid='diff-in-force-bound-imMultiplier']").TextContent, StringComparison.Ordinal);
        Assert.Contains("this proposal's value kept", cut.Find("[data-testid='diff-conflict-assets.ETH.haircut']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='diff-conflict-imMultiplier']"));
        Assert.Equal(["Field", "Version 2", "Proposed", "Step bound"], cut.FindAll("th").Select(h => h.TextContent.Trim()));
    }

    [Fact]
    public void Diff_NoSupermajority_NoWarningChip()
    {
        var cut = Render<ParameterDiffTable>(p => p.Add(c => c.Changes, [new ParameterChange("imMultiplier", "1", "1.1", false)]));

        Assert.Empty(cut.FindAll("[data-testid=needs-supermajority]"));
    }

    [Fact]
    public void Tally_QuorumNotReached_ShowsTheChainVerdictAndShares()
    {
        // As the registry reports the demo's active proposal before Ada votes: For 2, Against 2 of 10, quorum weight 5.
        var tally = new RegistryTally(2, 2, 0, 10, 5, QuorumReached: false, MajorityReached: false, Passes: false, ForNeeded: 3, Unvoted: 6);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, Rules).Add(c => c.Epoch, 1L));

        Assert.Equal("2", cut.Find("[data-testid=tally-for]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=tally-against]").TextContent);
        Assert.Equal("not reached", cut.Find("[data-testid=tally-quorum]").TextContent);
        Assert.Equal("not reached", cut.Find("[data-testid=tally-majority]").TextContent);
        Assert.Equal("passes on chain: no: needs 3 more weight For", cut.Find("[data-testid=tally-verdict]").TextContent.Trim());
        Assert.Contains("committee epoch 1", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=tally-cannot-pass]"));
        Assert.Equal(0.4, cut.Instance.QuorumShare, 12);
        Assert.Equal(0.5, cut.Instance.ForShare, 12);
    }

    [Fact]
    public void Tally_Passes_VerdictYesAndSupermajorityNamed()
    {
        var tally = new RegistryTally(5, 2, 0, 10, 5, QuorumReached: true, MajorityReached: true, Passes: true, ForNeeded: 0, Unvoted: 3);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, Rules).Add(c => c.Supermajority, true));

        Assert.Equal("reached", cut.Find("[data-testid=tally-quorum]").TextContent);
        Assert.Equal("reached", cut.Find("[data-testid=tally-majority]").TextContent);
        Assert.Equal("passes on chain: yes", cut.Find("[data-testid=tally-verdict]").TextContent.Trim());
        Assert.Contains("supermajority", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("66.67 %", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(1.0, cut.Instance.QuorumShare, 12);
    }

    [Fact]
    public void Tally_CannotPassAnyMore_SaysSo()
    {
        // For 2, Against 6, 2 weight left: even all of it For cannot pass.
        var tally = new RegistryTally(2, 6, 0, 10, 5, QuorumReached: false, MajorityReached: false, Passes: false, ForNeeded: 5, Unvoted: 2);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, Rules));

        Assert.False(tally.CanStillPass);
        Assert.Contains("The 2 weight that has not voted cannot make it pass.", cut.Find("[data-testid=tally-cannot-pass]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_Unreadable_SaysTheRegistryCouldNotBeRead()
    {
        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, null).Add(c => c.Rules, Rules).Add(c => c.Unavailable, "connection refused"));

        Assert.Contains("connection refused", cut.Find("[data-testid=tally-unavailable]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=tally-none]"));
    }

    [Fact]
    public void Tally_Draft_SaysVotingNotOpen()
    {
        var identity = new ProposalIdentity(Hash32.Keccak("draft"), Hash32.Keccak("{}"), Hash32.Keccak("payload"));
        var draft = Proposal.DraftParameters(
            identity, Hash32.Keccak("salt"), "Raise the IM multiplier", "More buffer.", DevelopmentKeys.Key(1).Address, "{}",
            2, Hash32.Keccak("v2"), [new ParameterChange("imMultiplier", "1", "1.1", false)], false, null, DateTimeOffset.UnixEpoch);

        // As the proposal page passes them: a Draft has neither a chain tally nor the registry's rules yet.
        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, null).Add(c => c.Rules, draft.Rules));

        Assert.Equal(ProposalState.Draft, draft.State);
        Assert.Null(draft.Rules);
        Assert.Equal("Voting has not opened yet.", cut.Find("[data-testid=tally-none]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=tally]"));
        Assert.DoesNotContain("Quorum", cut.Markup, StringComparison.Ordinal);
        Assert.Equal((0.0, 0.0), (cut.Instance.QuorumShare, cut.Instance.ForShare));
    }
}
