using RiskGovernance.Primitives;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.Components.Pages.Registry;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Registry;

/// <summary>The Registry page rendered (bUnit) over the real demo portal's services.</summary>
public sealed class RegistryPageTests(AnvilFixture node) : PortalComponentTest, IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task Render_CurrentVersion_ShowsMatchTransactionsTheContractsCommitteeRulesAndBounds()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        Services.AddSingleton(portal.Services.GetRequiredService<RegistryComparisonService>());
        UseServerRenderer();

        var page = Render<RegistryPage>();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=registry-version]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Equal("match", page.Find("[data-testid=registry-hash-check]").TextContent.Trim());
        Assert.StartsWith("0x", page.Find("[data-testid=registry-execute-tx]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("0x", page.Find("[data-testid=registry-queue-tx]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("31337", page.Find("[data-testid=registry-chain-id]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=registry-threshold]"));
        Assert.Equal("1 (total weight 10)", page.Find("[data-testid=registry-epoch]").TextContent.Trim());
        var quorum = page.Find("[data-testid=registry-quorum]").TextContent;
        Assert.Contains("50 % of the committee's weight (5000 bps)", quorum, StringComparison.Ordinal);
        var majority = page.Find("[data-testid=registry-majority]").TextContent;
        Assert.Contains("66.67 % of For + Against (6667 bps)", majority, StringComparison.Ordinal);
        Assert.StartsWith("3 d;", page.Find("[data-testid=registry-voting]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("12 h more", page.Find("[data-testid=registry-voting]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("1 d · 7 d", page.Find("[data-testid=registry-timelock]").TextContent.Trim(), StringComparison.Ordinal);
        var bounds = page.Find("[data-testid=registry-bounds]");
        var scanRange = bounds.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("scanRange (per asset)", StringComparison.Ordinal)).TextContent;
        Assert.Contains("[0.01, 1]", scanRange, StringComparison.Ordinal);
        Assert.Contains("50.00 %", scanRange, StringComparison.Ordinal);
        var correlation = bounds.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("correlation", StringComparison.Ordinal)).TextContent;
        Assert.Contains("±0.2", correlation, StringComparison.Ordinal);
        var committee = page.Find("[data-testid=registry-committee]").TextContent;
        Assert.All(DemoCommittee.Members, m => Assert.Contains(m.DisplayName, committee, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("tr[data-match=mismatch]"));
    }

    [Fact]
    public async Task Render_ChainUnreachable_ShowsAPlainMessage()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var options = new ChainOptions { RpcUrl = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        using var chain = new ChainClient(options);
        var sender = new TransactionSender(chain);
        Services.AddSingleton(new RegistryComparisonService(
            new RegistryReader(new RiskParameterRegistryService(sender, DemoCommittee.Members[0].Address)),
            portal.Services.GetRequiredService<IProposalRepository>(),
            portal.Services.GetRequiredService<IRatifiedHistory>(),
            portal.Services.GetRequiredService<GovernanceService>()));
        UseServerRenderer();

        var page = Render<RegistryPage>();

        page.WaitForAssertion(() => Assert.StartsWith("The registry could not be read from the chain:",
            page.Find("[data-testid=registry-error]").TextContent.Trim(), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("   at ", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=registry-hash-check]"));
    }
}
