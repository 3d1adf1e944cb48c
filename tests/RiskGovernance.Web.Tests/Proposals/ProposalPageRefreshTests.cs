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
    private readonly DemoPortalFixture _demo;

    public ProposalPageRefreshTests(DemoPortalFixture demo)
    {
        _demo = demo;
        demo.AddTo(this, new SwitchableAuthenticationStateProvider());
        UseServerRenderer();
    }

    [Fact]
    public async Task OpenPage_VoteCastElsewhere_ShownWithinTheRefreshInterval()
    {
        var services = _demo.Portal.Services;
        var active = (await services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var cut = Render<ProposalPage>(p => p.Add(c => c.Id, active.Id.ToString()));
        cut.WaitForElement("[data-testid=vote-list]", TimeSpan.FromSeconds(30));
        Assert.Equal(2, cut.FindAll("[data-testid^=vote-verified-]").Count);

        // Chen (weight 2) votes through the governance service, as another member's browser would.
        var governance = services.GetRequiredService<GovernanceService>();
        var chen = DemoCommittee.Members[2].Address;
        var ballot = new Ballot(active.Id, active.ParamsHash, BallotSupport.For);
        await governance.CastVoteAsync(new SignedBallot(active.Id, active.ParamsHash, BallotSupport.For, chen,
            services.GetRequiredService<DevelopmentWallet>().SignBallot(chen, governance.BallotDomain, ballot), null), CancellationToken.None);

        // Poll the rendered markup (not render notifications: the table's rows re-render as a child).
        var deadline = DateTime.UtcNow + ProposalPage.RefreshInterval * 6;
        while (cut.FindAll("[data-testid^=vote-verified-]").Count != 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(3, cut.FindAll("[data-testid^=vote-verified-]").Count);
        Assert.Equal("4", cut.Find("[data-testid=tally-for]").TextContent);
    }
}
