using RiskGovernance.Primitives;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The actions panel driving the real portal: finalize, then queue with the transaction shown mined.</summary>
public sealed class ProposalActionsTests : PortalComponentTest, IClassFixture<DemoPortalFixture>
{
    private readonly SwitchableAuthenticationStateProvider _auth = new();

    public ProposalActionsTests(DemoPortalFixture demo)
    {
        demo.AddTo(this, _auth);
        UseServerRenderer();
    }

    [Fact]
    public async Task FinalizeThenQueue_Holder_ShowsOutcomeAndMinedTransaction()
    {
        var active = (await Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var pages = Services.GetRequiredService<ProposalPageService>();
        foreach (var member in new[] { DemoCommittee.Members[0], DemoCommittee.Members[2] })
        {
            _auth.Principal = Viewers.Principal(member.Address);
            await pages.VoteAsync(active.Id, BallotSupport.For, null, null, CancellationToken.None);
        }

        _auth.Principal = Viewers.Principal(DemoCommittee.Members[0].Address);
        await pages.TimeTravelAsync(TimeTravelStep.ToEta, active.Id, CancellationToken.None);
        _auth.Principal = Viewers.Principal(DevelopmentKeys.Key(8).Address);
        var changed = 0;
        var before = (await pages.GetAsync(active.Id, CancellationToken.None))!;
        var cut = Render<ProposalActions>(p => p.Add(c => c.View, before).Add(c => c.OnChanged, () => changed++));

        await cut.Find("[data-testid=finalize]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Voting ended: Succeeded", cut.Find("[data-testid=action-done]").TextContent, StringComparison.Ordinal));
        var succeeded = (await pages.GetAsync(active.Id, CancellationToken.None))!;
        cut.Render(p => p.Add(c => c.View, succeeded));
        await cut.Find("[data-testid=queue]").ClickAsync(new());
        cut.WaitForElement("[data-testid=tx-mined]", TimeSpan.FromSeconds(30));

        Assert.Equal(2, changed);
        Assert.Contains("Queued; executable from", cut.Find("[data-testid=action-done]").TextContent, StringComparison.Ordinal);
        Assert.Contains("succeeded", cut.Find("[data-testid=tx-mined]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=action-error]"));
        var queued = await Services.GetRequiredService<IProposalRepository>().GetAsync(active.Id, CancellationToken.None);
        Assert.Equal(ProposalState.Queued, queued!.State);
    }

    [Fact]
    public async Task Render_ExecutedProposal_NoButtonsPlainReason()
    {
        var executed = (await Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Executed, CancellationToken.None)).Single();
        _auth.Principal = Viewers.Principal(DevelopmentKeys.Key(8).Address);
        var view = (await Services.GetRequiredService<ProposalPageService>().GetAsync(executed.Id, CancellationToken.None))!;

        var cut = Render<ProposalActions>(p => p.Add(c => c.View, view));

        Assert.Empty(cut.FindAll("button"));
        Assert.Contains("Nothing to do with your role on this proposal now (it is Executed).", cut.Find("[data-testid=no-actions]").TextContent, StringComparison.Ordinal);
    }
}
