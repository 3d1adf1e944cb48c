using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests;

/// <summary>The portal host with its demo on a real anvil node and a real SQLite file.</summary>
public sealed class PortalHostTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task Start_Demo_DeploysRegistrySeedsAndServesOverview()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();

        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var overview = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var proposals = await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(null, CancellationToken.None);
        var ratified = await portal.Services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("version 2", overview, StringComparison.Ordinal);
        Assert.Equal(2, ratified!.Version);
        Assert.Equal([ProposalState.Active, ProposalState.Executed], proposals.Select(p => p.State).Order());
        Assert.Contains(proposals, p => p.Title == DemoSeeder.ActiveTitle && p.Votes.Count == 2);
        Assert.True(File.Exists(Path.Combine(portal.DataDirectory, "riskgovernance.db")));
    }
}
