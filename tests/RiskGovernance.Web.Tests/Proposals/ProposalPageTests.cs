using RiskGovernance.Primitives;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Pages.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The whole proposal page rendered with the real demo portal's services.</summary>
public sealed class ProposalPageTests : PortalComponentTest, IClassFixture<DemoPortalFixture>
{
    private readonly SwitchableAuthenticationStateProvider _auth = new();

    public ProposalPageTests(DemoPortalFixture demo)
    {
        demo.AddTo(this, _auth);
        UseServerRenderer();
    }

    [Fact]
    public async Task Render_GuardianOnActive_StateVoteCancelTimeTravelAndReproducedImpact()
    {
        _auth.Principal = Viewers.Principal(DemoCommittee.Guardian.Address);
        var active = (await Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();

        var cut = Render<ProposalPage>(p => p.Add(c => c.Id, active.Id.ToString()));

        cut.WaitForElement("[data-testid=impact-ready]", TimeSpan.FromSeconds(30));
        Assert.Equal("Active", cut.Find("[data-testid=proposal-state]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=impact-reproduced]"));
        Assert.NotNull(cut.Find("[data-testid=vote-for]"));
        Assert.NotNull(cut.Find("[data-testid=cancel]"));
        Assert.NotNull(cut.Find("[data-testid=time-travel-eta]"));
        Assert.Empty(cut.FindAll("[data-testid=finalize]"));
        Assert.Equal(2, cut.FindAll("[data-testid^=vote-verified-]").Count);
        Assert.Equal("2", cut.Find("[data-testid=tally-for]").TextContent);
        Assert.Contains("assets.SOL.haircut", cut.Find("[data-testid=parameter-diff]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-hash", "is not a proposal id")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000001", "There is no proposal")]
    public void Render_BadOrUnknownId_PlainMessage(string id, string expected)
    {
        var cut = Render<ProposalPage>(p => p.Add(c => c.Id, id));

        Assert.Contains(expected, cut.Find("[data-testid=proposal-not-found]").TextContent, StringComparison.Ordinal);
    }
}
