using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Components.Pages.NewProposal;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>
/// /proposals/new/rules on a real demo portal (its own anvil and SQLite): the form starts from the
/// rules and bounds the registry holds, a member's submission drafts and opens a Rules proposal that
/// the registry registers (always with the supermajority), and the registry's refusal is shown.
/// </summary>
public sealed class NewRulesProposalPageTests(DraftingPortal portal) : PortalComponentTest, IClassFixture<DraftingPortal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Member_QuorumRaisedTo60Percent_DraftsAndOpensARulesProposalTheRegistryRegistersWithTheSupermajority()
    {
        var before = await portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None);
        var cut = RenderAs(DemoCommittee.Members[0].Address);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='field-rules.quorumBps']")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=read-only]"));
        // The form starts from what the registry enforces (the deployment defaults: 3 days, 50 %, 66.67 %).
        Assert.Equal("50", cut.Find("[data-testid='field-rules.quorumBps']").GetAttribute("value"));
        Assert.Equal("72", cut.Find("[data-testid='field-rules.votingPeriod']").GetAttribute("value"));
        Assert.Equal("66.67", cut.Find("[data-testid='field-rules.supermajorityBps']").GetAttribute("value"));

        cut.Find("[data-testid='field-rules.quorumBps']").Input("60");
        cut.Find("[data-testid='title']").Change("Raise the quorum to 60 %");
        cut.Find("[data-testid='rationale']").Change("Two members decide too much on their own.");
        cut.Find("[data-testid=submit]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.StartsWith("http://localhost/proposals/0x", navigation.Uri, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid=submit-error]"));
        var id = Hash32.Parse(navigation.Uri["http://localhost/proposals/".Length..]);
        var stored = (await portal.Get<IProposalRepository>().GetAsync(id, CancellationToken.None))!;
        Assert.DoesNotContain(before, p => p.Id == id);
        Assert.Equal(ProposalKind.Rules, stored.Kind);
        Assert.Equal(ProposalState.Active, stored.State);
        Assert.Equal("Raise the quorum to 60 %", stored.Title);
        Assert.True(stored.RequiresSupermajority);
        Assert.Equal(RegistryDefaults.Rules with { QuorumBps = 6000 }, stored.ProposedRules);
        Assert.Equal(RegistryDefaults.Bounds, stored.ProposedBounds);

        // The registry holds it as a Rules proposal needing the supermajority, under today's rules.
        var chain = await portal.Get<IRegistryGateway>().GetProposalAsync(id, CancellationToken.None);
        Assert.Equal((ProposalKind.Rules, RegistryProposalState.Active, true), (chain.Kind, chain.State, chain.Supermajority));
        Assert.Equal(stored.PayloadHash, chain.PayloadHash);
        Assert.Equal(5000, chain.QuorumBps);
        Assert.Equal(RegistryDefaults.Rules, await portal.Get<GovernanceService>().GetRulesAsync(CancellationToken.None));
    }

    /// <summary>Unanimity as the supermajority passes the form's own checks; the registry refuses it, and nothing is stored.</summary>
    [Fact]
    public async Task Member_SupermajorityOfUnanimity_TheRegistrysRefusalIsShownAndNothingIsStored()
    {
        var before = await portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None);
        var cut = RenderAs(DemoCommittee.Members[0].Address);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='field-rules.supermajorityBps']")), Wait);

        cut.Find("[data-testid='field-rules.supermajorityBps']").Input("100");
        cut.Find("[data-testid='title']").Change("Unanimity");
        cut.Find("[data-testid='rationale']").Change("Every change needs everyone.");
        cut.Find("[data-testid=submit]").Click();

        // The registry's checkProposal refuses it (InvalidRule), in plain words naming the field.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=submit-errors]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=submit-error]"));
        Assert.Equal("rules.supermajorityBps: must be in 5001..9999 basis points (unanimity would let one member block every later change)",
            cut.Find("[data-testid=submit-errors]").TextContent.Trim());
        Assert.StartsWith("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.DoesNotContain("/proposals/0x", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(before.Count, (await portal.Get<IProposalRepository>().ListAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public void Anonymous_ReadsTheRulesInForceButCannotSubmit()
    {
        var cut = RenderAs(null);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=read-only]")), Wait);

        Assert.True(cut.Find("[data-testid=submit]").HasAttribute("disabled"));
        Assert.Equal("50", cut.Find("[data-testid='field-rules.quorumBps']").GetAttribute("value"));
    }

    private IRenderedComponent<NewRulesProposalPage> RenderAs(Address? viewer)
    {
        var user = portal.UserAs(viewer);
        Services.AddSingleton(user);
        Services.AddSingleton(new RulesDrafting(user, portal.Get<GovernanceService>()));
        UseServerRenderer();
        return Render<NewRulesProposalPage>();
    }
}
