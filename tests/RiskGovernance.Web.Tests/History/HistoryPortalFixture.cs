using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.History;

/// <summary>One real portal (anvil, SQLite, the demo seeded with 300 accounts) shared by the history tests.</summary>
public sealed class HistoryPortalFixture : SeededPortal
{
    /// <summary>The analysis service of the portal.</summary>
    public ProposalRiskAnalysis Analysis => Portal.Services.GetRequiredService<ProposalRiskAnalysis>();

    /// <summary>The demo proposal with <paramref name="title"/>.</summary>
    public async Task<Proposal> ProposalAsync(string title) =>
        (await Get<IProposalRepository>().ListAsync(null, CancellationToken.None)).Single(p => p.Title == title);

    /// <summary>The demo's active proposal.</summary>
    public Task<Proposal> ActiveAsync() => ProposalAsync(DemoSeeder.ActiveTitle);
}
