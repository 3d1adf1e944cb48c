using RiskGovernance.Primitives;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The vote panel and the actions panel against the real demo portal: roles decide the buttons; a dev-wallet vote is stored and verified.</summary>
public sealed class VotePanelTests : PortalComponentTest, IClassFixture<DemoPortalFixture>
{
    private readonly DemoPortalFixture _demo;
    private readonly SwitchableAuthenticationStateProvider _auth = new();

    public VotePanelTests(DemoPortalFixture demo)
    {
        _demo = demo;
        demo.AddTo(this, _auth);
        UseServerRenderer();
    }

    private async Task<ProposalView> ViewAsAsync(Address? viewer, string wallet = PortalClaims.DevelopmentWallet)
    {
        _auth.Principal = Viewers.Principal(viewer, wallet);
        var active = (await Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        return (await Services.GetRequiredService<ProposalPageService>().GetAsync(active.Id, CancellationToken.None))!;
    }

    [Fact]
    public async Task Render_Anonymous_NoVoteButtonsAndAskedToSignIn()
    {
        var view = await ViewAsAsync(null);

        var cut = Render<VotePanel>(p => p.Add(c => c.View, view));

        Assert.Empty(cut.FindAll("[data-testid=vote-for]"));
        Assert.Contains("Sign in", cut.Find("[data-testid=vote-unavailable]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Holder_NoVoteButtonsOnlyMembersVote()
    {
        var view = await ViewAsAsync(DevelopmentKeys.Key(8).Address);

        var cut = Render<VotePanel>(p => p.Add(c => c.View, view));

        Assert.Empty(cut.FindAll("[data-testid=vote-for]"));
        Assert.Contains("Only committee members vote", cut.Find("[data-testid=vote-unavailable]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_MemberWhoVoted_ShowsTheirVerifiedVoteNoButtons()
    {
        var view = await ViewAsAsync(DemoCommittee.Members[1].Address);

        var cut = Render<VotePanel>(p => p.Add(c => c.View, view));

        Assert.Empty(cut.FindAll("[data-testid=vote-for]"));
        Assert.Contains("You voted For", cut.Find("[data-testid=my-vote]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=my-vote-verified]"));
    }

    [Fact]
    public async Task Render_MemberNotVoted_ThreeVoteButtons()
    {
        var view = await ViewAsAsync(DemoCommittee.Members[2].Address);

        var cut = Render<VotePanel>(p => p.Add(c => c.View, view));

        Assert.NotNull(cut.Find("[data-testid=vote-for]"));
        Assert.NotNull(cut.Find("[data-testid=vote-against]"));
        Assert.NotNull(cut.Find("[data-testid=vote-abstain]"));
        Assert.Contains("development wallet", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClickFor_DevelopmentWalletMember_StoresTheVoteAndShowsItVerified()
    {
        var ada = DemoCommittee.Members[0];
        var view = await ViewAsAsync(ada.Address);
        var voted = false;
        var cut = Render<VotePanel>(p => p.Add(c => c.View, view).Add(c => c.OnVoted, () => voted = true));

        cut.Find("textarea").Change("The impact is acceptable.");
        await cut.Find("[data-testid=vote-for]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.True(voted), TimeSpan.FromSeconds(60));
        var reloaded = await ViewAsAsync(ada.Address);
        cut.Render(p => p.Add(c => c.View, reloaded));

        Assert.Empty(cut.FindAll("[data-testid=vote-error]"));
        Assert.NotNull(cut.Find("[data-testid=my-vote-verified]"));
        var stored = reloaded.Proposal.Votes.Single(v => v.Voter == ada.Address);
        Assert.Equal("The impact is acceptable.", stored.Reason);
        Assert.Equal(BallotSupport.For, stored.Support);
        Assert.True(stored.Verify(new RiskGovernance.Contracts.GovernanceAdapters.Eip712BallotScheme(), Services.GetRequiredService<ProposalPageService>().BallotDomain));
    }

    [Fact]
    public async Task Actions_ByRole_OnlyAllowedButtons()
    {
        var anonymousView = await ViewAsAsync(null);
        var anonymous = Render<ProposalActions>(p => p.Add(c => c.View, anonymousView));
        Assert.Empty(anonymous.FindAll("button"));
        Assert.Contains("Sign in to act", anonymous.Find("[data-testid=no-actions]").TextContent, StringComparison.Ordinal);

        var guardianView = await ViewAsAsync(DemoCommittee.Guardian.Address);
        var guardian = Render<ProposalActions>(p => p.Add(c => c.View, guardianView));
        Assert.NotNull(guardian.Find("[data-testid=cancel]"));
        Assert.Empty(guardian.FindAll("[data-testid=veto]"));
        Assert.Empty(guardian.FindAll("[data-testid=finalize]"));

        var memberView = await ViewAsAsync(DemoCommittee.Members[2].Address);
        var member = Render<ProposalActions>(p => p.Add(c => c.View, memberView));
        Assert.Empty(member.FindAll("[data-testid=cancel]"));
    }
}
