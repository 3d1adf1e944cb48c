using RiskGovernance.Primitives;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Application;
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
    /// <summary>The service stores the engine's own numbers: the same run gives the same doubles up to JSON round-trip.</summary>
    private const double SameEngineTolerance = 1e-12;

    /// <summary>METHODOLOGY.md: two implementations of the methodology agree to 1e-9 relative on the grid method.</summary>
    private const double MethodologyTolerance = 1e-9;

    /// <summary>
    /// A small book whose margin is worked out by hand from METHODOLOGY.md (sections 2-4), not by the
    /// engine: perps only, so that every risk unit is linear. For a unit with net quantity q at price
    /// S and scan range s the worst loss is L = |q| S s max(1, extremeCoverage extremeMultiple), the
    /// direction D = q S s, the residual L - |D|; one unit's risk is L, two units aggregate as
    /// sqrt(D_a^2 + D_b^2 + 2 R D_a D_b) + residuals, taken at the worse of R_up and R_down. Equity is
    /// USDC at 1 with no haircut, risky collateral at S (1 - haircut), and q (S - E) per perp.
    /// Collateral amounts are chosen from the hand-computed IM, MM and LT so that each status occurs.
    /// </summary>
    [Fact]
    public async Task BookHealth_SmallPerpBook_EqualsTheMethodologyWorkedByHand()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var books = portal.Services.GetRequiredService<IBookStore>();
        var demo = (await books.GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await portal.Services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        using var parameters = JsonDocument.Parse(ratified.ParamsJson);
        using var market = JsonDocument.Parse(demo.MarketJson);
        var p = parameters.RootElement;
        double Number(JsonElement e, params string[] path) => path.Aggregate(e, (x, name) => x.GetProperty(name)).GetDouble();
        double Price(string symbol) => market.RootElement.GetProperty("assets").EnumerateArray().Single(a => a.GetProperty("symbol").GetString() == symbol).GetProperty("price").GetDouble();
        var (imMultiplier, mmRatio, liquidationRatio) = (Number(p, "imMultiplier"), Number(p, "mmRatio"), Number(p, "liquidationRatio"));
        var extreme = Math.Max(1, Number(p, "grid", "extremeCoverage") * Number(p, "grid", "extremeMultiple"));
        var lambda = Number(p, "correlationStress");
        var correlationAssets = p.GetProperty("correlation").GetProperty("assets").EnumerateArray().Select(a => a.GetString()).ToList();
        var rho = p.GetProperty("correlation").GetProperty("matrix")[correlationAssets.IndexOf("BTC")][correlationAssets.IndexOf("ETH")].GetDouble();
        var (btc, eth) = (Price("BTC"), Price("ETH"));
        var (btcScan, ethScan) = (Number(p, "assets", "BTC", "scanRange"), Number(p, "assets", "ETH", "scanRange"));
        var btcHaircut = Number(p, "assets", "BTC", "haircut");

        double OneUnitIm(double quantity, double price, double scan) => imMultiplier * Math.Abs(quantity) * price * scan * extreme;
        double HedgeIm(double dBtc, double dEth)
        {
            double A(double r) => Math.Sqrt(Math.Max(0, (dBtc * dBtc) + (dEth * dEth) + (2 * r * dBtc * dEth)))
                                  + ((extreme - 1) * (Math.Abs(dBtc) + Math.Abs(dEth)));
            return imMultiplier * Math.Max(A(((1 - lambda) * rho) + lambda), A((1 - lambda) * rho));
        }

        var ethLongIm = OneUnitIm(10, eth, ethScan);
        var hedgeEthQuantity = -btc / eth; // dollar-neutral against one BTC
        var hedgeIm = HedgeIm(btc * btcScan, hedgeEthQuantity * eth * ethScan);
        var restrictedCash = (hedgeIm + (mmRatio * hedgeIm)) / 2;
        var marginCallCash = ((mmRatio * ethLongIm) + (liquidationRatio * mmRatio * ethLongIm)) / 2;
        var liquidatableCash = liquidationRatio * mmRatio * ethLongIm / 2;
        var lossEntry = eth * 1.01;
        object Perp(string asset, double quantity, double entry) => new { type = "perp", asset, quantity, entryPrice = entry };
        object[] accounts =
        [
            new { id = "healthy-eth-long", collateral = new Dictionary<string, double> { ["USDC"] = 1_000_000 }, positions = new[] { Perp("ETH", 10, lossEntry) } },
            new { id = "restricted-btc-eth-hedge", collateral = new Dictionary<string, double> { ["USDC"] = restrictedCash }, positions = new[] { Perp("BTC", 1, btc), Perp("ETH", hedgeEthQuantity, eth) } },
            new { id = "margin-call-eth-long", collateral = new Dictionary<string, double> { ["USDC"] = marginCallCash }, positions = new[] { Perp("ETH", 10, eth) } },
            new { id = "liquidatable-eth-long", collateral = new Dictionary<string, double> { ["USDC"] = liquidatableCash }, positions = new[] { Perp("ETH", 10, eth) } },
            new { id = "healthy-cash-only", collateral = new Dictionary<string, double> { ["USDC"] = 5_000 }, positions = Array.Empty<object>() },
            new { id = "healthy-btc-covered", collateral = new Dictionary<string, double> { ["BTC"] = 1 }, positions = new[] { Perp("BTC", -1, btc) } },
        ];
        await books.SetCurrentAsync(new NewBookSnapshot(demo.AsOf, demo.Market, BookJson.Read(JsonSerializer.Serialize(new { accounts })), "hand-worked test book", demo.StoredAt), CancellationToken.None);
        var expectedIm = ethLongIm + hedgeIm + ethLongIm + ethLongIm; // the cash-only and the covered BTC account need nothing
        var expectedEquity = 1_000_000 + (10 * (eth - lossEntry)) + restrictedCash + marginCallCash + liquidatableCash + 5_000 + (btc * (1 - btcHaircut));

        var health = (await portal.Services.GetRequiredService<BookHealthService>().GetAsync(CancellationToken.None))!;

        Assert.Equal(6, health.Accounts);
        Assert.Equal(new StatusCounts(Healthy: 3, Restricted: 1, MarginCall: 1, Liquidatable: 1), health.ByStatus);
        AssertClose(expectedIm, health.TotalInitialMargin, MethodologyTolerance);
        AssertClose(mmRatio * expectedIm, health.TotalMaintenanceMargin, MethodologyTolerance);
        AssertClose(expectedEquity, health.TotalEquity, MethodologyTolerance);
        Assert.Equal("hand-worked test book", health.BookSource);
    }

    /// <summary>
    /// The service margins the stored demo book under the ratified set: its numbers are those of the
    /// margin engine run on those stored inputs (the same engine; what this checks is the inputs the
    /// service picks and the store-then-reuse), and the second call reuses the stored result.
    /// </summary>
    [Fact]
    public async Task BookHealth_DemoBook_EqualsTheMarginEngineOnTheStoredBookAndRatifiedSetThenIsReused()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var service = portal.Services.GetRequiredService<BookHealthService>();
        var book = (await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await portal.Services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var engine = new MarginEngine(new MarginEngineOptions(1)).Margin(MarginInputs.Create(
            MarketSnapshotJson.Read(book.MarketJson), ParameterSetJson.Read(ratified.ParamsJson), book.Book));

        var first = (await service.GetAsync(CancellationToken.None))!;
        var second = (await service.GetAsync(CancellationToken.None))!;

        Assert.Equal(engine.Totals.ByStatus, first.ByStatus);
        Assert.Equal(engine.Totals.Accounts, first.Accounts);
        Assert.Equal(300, first.Accounts);
        Assert.Equal(first.Accounts, first.ByStatus.Healthy + first.ByStatus.Restricted + first.ByStatus.MarginCall + first.ByStatus.Liquidatable);
        AssertClose(engine.Totals.InitialMargin, first.TotalInitialMargin, SameEngineTolerance);
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

    /// <summary>
    /// The set in force is the registry's: a portal database whose cached copy claims another version
    /// (or holds other values under the same version) does not change what the overview shows.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetAsync_CachedSetDisagreesWithTheRegistry_ShowsTheRegistrysSet(bool sameVersionOtherValues)
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var store = portal.Services.GetRequiredService<ICommitteeStore>();
        var ratified = (await store.GetRatifiedAsync(CancellationToken.None))!;
        var tampered = sameVersionOtherValues
            ? ratified with { ParamsJson = WithEthScanRange(ratified.ParamsJson, 0.5), ParamsHash = Hash32.Keccak("other") }
            : ratified with { Version = 3 };
        Assert.NotEqual(ratified, tampered);
        Assert.NotEqual(sameVersionOtherValues, tampered.ParamsJson == ratified.ParamsJson);
        await store.SetRatifiedAsync(tampered, CancellationToken.None);

        var overview = await portal.Services.GetRequiredService<OverviewService>().GetAsync(CancellationToken.None);

        Assert.True(overview.Chain.InSync, overview.Chain.Message);
        Assert.Equal(2, overview.Chain.OnChainVersion);
        Assert.Equal(2, overview.Ratified!.Version);
        Assert.Equal(0.22, overview.Ratified.Assets.Single(a => a.Symbol == "ETH").ScanRange, 12);
        Assert.Equal(overview.Chain.OnChainHash, overview.Ratified.ParamsHash);
    }

    [Fact]
    public async Task GetAsync_ChainUnreachable_ReportedNotThrown()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var unreachable = new OverviewService(
            portal.Services.GetRequiredService<GovernanceService>(),
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

    private static string WithEthScanRange(string json, double value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["assets"]!["ETH"]!["scanRange"] = value;
        return node.ToJsonString();
    }

    private static RegistryReader UnreachableRegistry()
    {
        // A closed loopback port: connection refused, quickly.
        var options = new RiskGovernance.Chain.ChainOptions { RpcUrl = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        var sender = new RiskGovernance.Chain.TransactionSender(new RiskGovernance.Chain.ChainClient(options));
        return new RegistryReader(new RiskGovernance.Contracts.Registry.RiskParameterRegistryService(sender, DemoCommittee.Members[0].Address));
    }

    private static void AssertClose(double expected, double actual, double relativeTolerance) =>
        Assert.True(Math.Abs(expected - actual) <= relativeTolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
