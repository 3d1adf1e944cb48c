using RiskGovernance.Primitives;
using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Pages.NewProposal;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>The New proposal page wired to the real portal's services: a member edits, previews and submits.</summary>
[Collection(DraftingPortalCollection.Name)]
public sealed class NewProposalPageTests : PortalComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DraftingPortal _portal;

    /// <summary>Signs the page in as the committee's first member.</summary>
    public NewProposalPageTests(DraftingPortal portal)
    {
        _portal = portal ?? throw new ArgumentNullException(nameof(portal));
        var user = portal.UserAs(DemoCommittee.Members[0].Address);
        Services.AddSingleton(user);
        Services.AddSingleton(portal.DraftingAs(user));
    }

    [Fact]
    public async Task Member_EditPreviewSubmit_NavigatesToActiveProposal()
    {
        var ratified = ParameterSetJson.Read((await _portal.Get<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!.ParamsJson);
        var cut = Render<NewProposalPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='param-assets.BTC.scanRange']")), Wait);
        Assert.Empty(cut.FindAll("[data-testid='read-only-reason']"));

        cut.Find("[data-testid='title']").Input("Widen BTC scan range");
        cut.Find("[data-testid='rationale']").Input("Realised BTC volatility rose in the last quarter.");
        var scan = Math.Round(ratified.Asset("BTC").ScanRange * 1.1, 6).ToString("R", CultureInfo.InvariantCulture);
        cut.Find("[data-testid='param-assets.BTC.scanRange']").Input(scan);
        Assert.True(cut.Find("[data-testid='submit-proposal']").HasAttribute("disabled"));

        cut.Find("[data-testid='preview-impact']").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='preview-ready']")), Wait);
        Assert.Contains("300 accounts", cut.Find("[data-testid='preview-ready']").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid='submit-proposal']").HasAttribute("disabled"));

        cut.Find("[data-testid='submit-proposal']").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.StartsWith("http://localhost/proposals/0x", navigation.Uri, StringComparison.Ordinal), Wait);
        var id = Hash32.Parse(navigation.Uri["http://localhost/proposals/".Length..]);
        var stored = await _portal.Get<IProposalRepository>().GetAsync(id, CancellationToken.None);
        Assert.Equal(ProposalState.Active, stored!.State);
        Assert.Equal("Widen BTC scan range", stored.Title);
        Assert.Equal("assets.BTC.scanRange", Assert.Single(stored.Changes).Field);
        Assert.NotNull(stored.Simulation);
    }
}
