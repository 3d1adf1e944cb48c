using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.History;

/// <summary>One real portal (anvil, SQLite, the demo seeded with 300 accounts) shared by the history tests.</summary>
public sealed class HistoryPortalFixture : IAsyncLifetime
{
    private readonly AnvilFixture _node = new();

    /// <summary>The portal.</summary>
    public PortalFactory Portal { get; private set; } = null!;

    /// <summary>The analysis service of the portal.</summary>
    public ProposalRiskAnalysis Analysis => Portal.Services.GetRequiredService<ProposalRiskAnalysis>();

    /// <summary>A service of the portal.</summary>
    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    /// <summary>The demo proposal with <paramref name="title"/>.</summary>
    public async Task<Proposal> ProposalAsync(string title) =>
        (await Get<IProposalRepository>().ListAsync(null, CancellationToken.None)).Single(p => p.Title == title);

    /// <summary>The demo's active proposal.</summary>
    public Task<Proposal> ActiveAsync() => ProposalAsync(DemoSeeder.ActiveTitle);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _node.InitializeAsync();
        Portal = new PortalFactory(_node);
        Portal.Start();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _node.DisposeAsync();
    }
}
