using RiskGovernance.Primitives;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Components.Pages.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>An open proposal page shows a vote cast elsewhere without being reloaded (its own portal: the test votes).</summary>
public sealed class ProposalPageRefreshTests : PortalComponentTest, IClassFixture<DemoPortalFixture>
{
    /// <summary>
    /// How long the test waits for the page to load and then for it to refresh by itself. The refresh
    /// comes within one <see cref="ProposalPage.RefreshInterval"/> (5 s) on an idle machine; the bound
    /// is generous so that a busy 2-core CI machine never fails the test, and only a page that does
    /// not refresh at all does.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>How often the test looks at the rendered markup while it waits.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    private readonly DemoPortalFixture _demo;

    public ProposalPageRefreshTests(DemoPortalFixture demo)
    {
        _demo = demo;
        demo.AddTo(this, new SwitchableAuthenticationStateProvider());
        UseServerRenderer();
    }

    [Fact]
    public async Task OpenPage_VoteCastElsewhere_ShownWithoutAReload()
    {
        var services = _demo.Portal.Services;
        var proposals = services.GetRequiredService<IProposalRepository>();
        var active = (await proposals.ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var cut = Render<ProposalPage>(p => p.Add(c => c.Id, active.Id.ToString()));
        cut.WaitForElement("[data-testid=vote-list]", Bound);
        var page = cut.Instance;
        var shownRevision = page.View!.Proposal.Revision;
        Assert.Equal(2, await VerifiedVotesAsync(cut));
        Assert.Equal("2", await TextAsync(cut, "[data-testid=tally-for]"));

        // Chen (weight 2) votes through the governance service, as another member's browser would.
        var governance = services.GetRequiredService<GovernanceService>();
        var chen = DemoCommittee.Members[2].Address;
        var ballot = new Ballot(active.Id, active.ParamsHash, BallotSupport.For);
        await governance.CastVoteAsync(new SignedBallot(active.Id, active.ParamsHash, BallotSupport.For, chen,
            services.GetRequiredService<DevelopmentWallet>().SignBallot(chen, governance.BallotDomain, ballot), null), CancellationToken.None);
        Assert.Equal(3, (await proposals.GetAsync(active.Id, CancellationToken.None))!.Votes.Count);

        // The test renders nothing again: only the page's own periodic check can bring the vote in.
        // Poll the rendered markup (not render notifications: the table's rows re-render as a child).
        var deadline = DateTime.UtcNow + Bound;
        while (await VerifiedVotesAsync(cut) != 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollEvery);
        }

        Assert.Equal(3, await VerifiedVotesAsync(cut));
        Assert.Equal("4", await TextAsync(cut, "[data-testid=tally-for]"));
        Assert.Same(page, cut.Instance);
        Assert.NotEqual(shownRevision, cut.Instance.View!.Proposal.Revision);
    }

    /// <summary>Reads the markup on the renderer's dispatcher, where the page's refresh writes it.</summary>
    private static Task<int> VerifiedVotesAsync(IRenderedComponent<ProposalPage> cut) =>
        cut.InvokeAsync(() => cut.FindAll("[data-testid^=vote-verified-]").Count);

    private static Task<string> TextAsync(IRenderedComponent<ProposalPage> cut, string selector) =>
        cut.InvokeAsync(() => cut.Find(selector).TextContent);
}
