using RiskGovernance.Primitives;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Overview;

/// <summary>The overview's services and page on the real demo portal (anvil, SQLite).</summary>
public sealed class OverviewServiceTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private const double RelativeTolerance = 1e-12;

    [Fact]
    public async Task BookHealth_DemoBook_EqualsAnIndependentMarginRunAndIsStoredThenReused()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var service = portal.Services.GetRequiredService<BookHealthService>();
        var book = (await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await portal.Services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var independent = new MarginEngine(new MarginEngineOptions(1)).Margin(MarginInputs.Create(
            MarketSnapshotJson.Read(book.MarketJson), ParameterSetJson.Read(ratified.ParamsJson), BookJson.Read(book.BookJson)));

        var first = (await service.GetAsync(CancellationToken.None))!;
        var second = (await service.GetAsync(CancellationToken.None))!;

        Assert.Equal(independent.Totals.ByStatus, first.ByStatus);
        Assert.Equal(independent.Totals.Accounts, first.Accounts);
        Assert.Equal(300, first.Accounts);
        Assert.Equal(first.Accounts, first.ByStatus.Healthy + first.ByStatus.Restricted + first.ByStatus.MarginCall + first.ByStatus.Liquidatable);
        Assert.Equal(independent.Totals.InitialMargin, first.TotalInitialMargin, RelativeTolerance * independent.Totals.InitialMargin);
        Assert.True(first.TotalInitialMargin > 0);
        Assert.Equal(2, first.RatifiedVersion);
        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(first.ResultKey, second.ResultKey);
        Assert.Equal(first.ByStatus, second.ByStatus);
        var stored = await portal.Services.GetRequiredService<IResultStore>().FindAsync(first.ResultKey, CancellationToken.None);
        Assert.Equal(BookHealthService.Kind, stored!.Kind);
    }

    [Fact]
    public async Task GetAsync_Demo_InSyncWithOpenProposalExecutionAndCommittee()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();

        var overview = await portal.Services.GetRequiredService<OverviewService>().GetAsync(CancellationToken.None);

        Assert.Equal(2, overview.Ratified!.Version);
        Assert.Equal(10, overview.Ratified.Assets.Count);
        Assert.Equal(0.22, overview.Ratified.Assets.Single(a => a.Symbol == "ETH").ScanRange, 12);
        Assert.True(overview.Chain.InSync, overview.Chain.Message);
        Assert.Equal(2, overview.Chain.OnChainVersion);
        var open = Assert.Single(overview.OpenProposals);
        Assert.Equal(DemoSeeder.ActiveTitle, open.Title);
        Assert.Equal(ProposalState.Active, open.State);
        Assert.Equal((2L, 2L, 0L, 10L), (open.Tally!.For, open.Tally.Against, open.Tally.Abstain, open.Tally.TotalWeight));
        Assert.NotNull(open.Deadline);
        var executed = Assert.Single(overview.RecentExecutions);
        Assert.Equal(DemoSeeder.ExecutedTitle, executed.Title);
        Assert.Equal(2, executed.Version);
        Assert.NotNull(executed.TransactionHash);
        Assert.Equal(DemoCommittee.Members.Select(m => m.DisplayName), overview.Committee.Select(m => m.DisplayName));
        Assert.Equal(DemoCommittee.Guardian.Address, overview.Committee.Single(m => m.IsGuardian).Address);
    }

    [Fact]
    public async Task GetAsync_RatifiedVersionAheadOfTheRegistry_ReportsTheMismatch()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var store = portal.Services.GetRequiredService<ICommitteeStore>();
        var ratified = (await store.GetRatifiedAsync(CancellationToken.None))!;
        await store.SetRatifiedAsync(ratified with { Version = 3 }, CancellationToken.None);

        var overview = await portal.Services.GetRequiredService<OverviewService>().GetAsync(CancellationToken.None);

        Assert.False(overview.Chain.InSync);
        Assert.Equal(2, overview.Chain.OnChainVersion);
        Assert.Equal("The registry is at version 2, the portal's ratified set is version 3.", overview.Chain.Message);
    }

    [Fact]
    public async Task GetAsync_ChainUnreachable_ReportedNotThrown()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var unreachable = new OverviewService(
            portal.Services.GetRequiredService<ICommitteeStore>(),
            portal.Services.GetRequiredService<IRatifiedHistory>(),
            portal.Services.GetRequiredService<IProposalRepository>(),
            UnreachableRegistry(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OverviewService>.Instance);

        var overview = await unreachable.GetAsync(CancellationToken.None);

        Assert.False(overview.Chain.InSync);
        Assert.Null(overview.Chain.OnChainVersion);
        Assert.StartsWith("The registry at 0x", overview.Chain.Message, StringComparison.Ordinal);
        Assert.Contains("could not be read", overview.Chain.Message, StringComparison.Ordinal);
        Assert.Equal(2, overview.Ratified!.Version);
    }

    [Fact]
    public async Task OverviewPage_Served_ShowsVersionSyncProposalsAndCommittee()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));

        Assert.Contains("Ratified parameter set: version 2", page, StringComparison.Ordinal);
        Assert.Contains("in sync with the registry", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/proposals/", page, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.ActiveTitle, page, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.ExecutedTitle, page, StringComparison.Ordinal);
        Assert.Contains(DemoCommittee.Guardian.DisplayName, page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ratified-asset-ETH\"", page, StringComparison.Ordinal);
    }

    private static RegistryReader UnreachableRegistry()
    {
        // A closed loopback port: connection refused, quickly.
        var options = new RiskGovernance.Chain.ChainOptions { RpcUrl = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        var sender = new RiskGovernance.Chain.TransactionSender(new RiskGovernance.Chain.ChainClient(options));
        return new RegistryReader(new RiskGovernance.Contracts.Registry.RiskParameterRegistryService(sender, DemoCommittee.Members[0].Address));
    }
}
