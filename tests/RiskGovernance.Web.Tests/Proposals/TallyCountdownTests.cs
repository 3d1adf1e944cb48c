using Bunit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The vote-breakdown bar against quorum and the passing line, and the countdowns to the voting end and the eta.</summary>
public sealed class TallyCountdownTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static string Style(IRenderedComponent<VoteBreakdownBar> cut, string part)
        => cut.Find($"[data-testid=vote-breakdown-{part}]").GetAttribute("style") ?? "";

    [Fact]
    public void Bar_NotYetPassing_SegmentsQuorumAndPassingLineAtTheirWeights()
    {
        // 2 For, 1 Abstain, 2 Against of 10; quorum 5; 3 more For would pass.
        var tally = new RegistryTally(2, 2, 1, 10, 5, QuorumReached: false, MajorityReached: false, Passes: false, ForNeeded: 3, Unvoted: 5);

        var cut = Render<VoteBreakdownBar>(p => p.Add(c => c.Tally, tally));

        Assert.StartsWith("width:20%;", Style(cut, "for"), StringComparison.Ordinal);
        Assert.StartsWith("width:10%;", Style(cut, "abstain"), StringComparison.Ordinal);
        Assert.StartsWith("width:20%;", Style(cut, "against"), StringComparison.Ordinal);
        Assert.Contains("left:50%;", Style(cut, "quorum"), StringComparison.Ordinal);
        Assert.Contains("left:50%;", Style(cut, "passing"), StringComparison.Ordinal);
        Assert.Equal(5, cut.Instance.PassingLine);
        var legend = cut.Find("[data-testid=vote-breakdown-legend]").TextContent;
        Assert.Contains("For 2", legend, StringComparison.Ordinal);
        Assert.Contains("Abstain 1", legend, StringComparison.Ordinal);
        Assert.Contains("Against 2", legend, StringComparison.Ordinal);
        Assert.Contains("not voted 5, of 10 weight", legend, StringComparison.Ordinal);
    }

    [Fact]
    public void Bar_Passing_NoPassingLine()
    {
        var tally = new RegistryTally(7, 1, 0, 10, 5, QuorumReached: true, MajorityReached: true, Passes: true, ForNeeded: 0, Unvoted: 2);

        var cut = Render<VoteBreakdownBar>(p => p.Add(c => c.Tally, tally));

        Assert.StartsWith("width:70%;", Style(cut, "for"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=vote-breakdown-passing]"));
        Assert.Null(cut.Instance.PassingLine);
    }

    [Fact]
    public void TallyPanel_ShowsTheBar()
    {
        var tally = new RegistryTally(2, 2, 1, 10, 5, QuorumReached: false, MajorityReached: false, Passes: false, ForNeeded: 3, Unvoted: 5);
        var rules = new RiskGovernance.Governance.Rules.GovernanceRules(TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 5000, 6667);

        var cut = Render<TallyPanel>(p => p.Add(c => c.Tally, tally).Add(c => c.Rules, rules));

        Assert.NotNull(cut.Find("[data-testid=vote-breakdown]"));
    }

    [Fact]
    public void Countdowns_VotingOpenAndEtaPast_TimeLeftAndSince()
    {
        UseServerRenderer();
        var cut = Render<ProposalCountdowns>(p => p.Add(c => c.Now, Now)
            .Add(c => c.VotingEndsAt, Now.AddHours(51).AddMinutes(10)).Add(c => c.Eta, Now.AddMinutes(-4)));

        Assert.Equal("Voting ends in 2d 3h", cut.Find("[data-testid=countdown-voting]").TextContent.Trim());
        Assert.Equal("Executable now (eta 4m ago)", cut.Find("[data-testid=countdown-eta]").TextContent.Trim());
    }

    [Fact]
    public void Countdowns_VotingEndedEtaAhead()
    {
        UseServerRenderer();
        var cut = Render<ProposalCountdowns>(p => p.Add(c => c.Now, Now)
            .Add(c => c.VotingEndsAt, Now.AddHours(-2)).Add(c => c.Eta, Now.AddMinutes(90)));

        Assert.Equal("Voting ended 2h 0m ago", cut.Find("[data-testid=countdown-voting]").TextContent.Trim());
        Assert.Equal("Executable in 1h 30m", cut.Find("[data-testid=countdown-eta]").TextContent.Trim());
    }

    [Fact]
    public void Countdowns_NeitherDate_NothingShown()
    {
        UseServerRenderer();
        var cut = Render<ProposalCountdowns>(p => p.Add(c => c.Now, Now));

        Assert.Empty(cut.FindAll("[data-testid=countdowns]"));
    }
}
