using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Oracles;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Live;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Live;

/// <summary>A demo portal with the live chain follower on (driven by its ticks; its own timer waits an hour) and the feeder driven step by step.</summary>
public sealed class LivePortal : IAsyncLifetime
{
    /// <summary>The settings of a live demo portal.</summary>
    public static Dictionary<string, string?> Settings(string? dataDirectory = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Demo:BookOnChain"] = "true",
            ["Live:Follow"] = "true",
            ["Live:PollInterval"] = "01:00:00",
            ["Live:Feeder:AutoRun"] = "false",
        };
        if (dataDirectory is not null)
        {
            settings["Persistence:DataDirectory"] = dataDirectory;
        }
        return settings;
    }

    /// <summary>The node.</summary>
    public AnvilFixture Node { get; } = new();

    /// <summary>The portal.</summary>
    public PortalFactory Portal { get; private set; } = null!;

    /// <summary>A service of the portal.</summary>
    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Portal = new PortalFactory(Node, settings: Settings());
        Portal.Start();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Node.DisposeAsync();
    }
}

/// <summary>The demo feeder replays the embedded history into the feeds; the follower turns each change into a new snapshot.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveFeederTests(LivePortal live)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pausing_stops_new_rounds_on_the_feeds_and_resuming_continues()
    {
        var feeder = live.Get<PriceFeeder>();
        var feed = live.Get<IOptions<LiveOptions>>().Value.Feeds[0];
        using var chain = live.Node.CreateClient();
        var reader = new AggregatorV3Reader(chain, Address.Parse(feed.Address));
        var before = await reader.GetLatestRoundAsync(None);

        var stepped = await feeder.StepAsync(None);
        var after = await reader.GetLatestRoundAsync(None);
        Assert.Equal(before.RoundId + 1, after.RoundId);
        var day = stepped.DayReplayed!.Value.DayNumber - stepped.From.DayNumber;
        Assert.Equal(DemoChain.ToAnswer(DemoChain.FeedPrice(feeder.PriceOn(feed.Asset, day), feed.Asset, day, 0)), after.Answer);

        var paused = await feeder.PauseAsync(None);
        Assert.True(paused.Paused);
        await feeder.StepAsync(None);
        await feeder.StepAsync(None);
        Assert.Equal(after.RoundId, (await reader.GetLatestRoundAsync(None)).RoundId);

        var resumed = await feeder.ResumeAsync(None);
        Assert.False(resumed.Paused);
        await feeder.StepAsync(None);
        Assert.Equal(after.RoundId + 1, (await reader.GetLatestRoundAsync(None)).RoundId);
    }

    [Fact]
    public async Task Book_health_moves_while_the_feeder_replays_the_FTX_collapse()
    {
        var feeder = live.Get<PriceFeeder>();
        var follower = live.Get<ChainFollower>();
        var health = live.Get<BookHealthService>();
        var books = live.Get<IBookStore>();
        await follower.TickAsync(None);
        var first = (await books.GetCurrentAsync(None))!;
        Assert.StartsWith("chain: MarginAccounts ", first.Source, StringComparison.Ordinal);
        Assert.Equal(300, first.Book.Accounts.Count);
        // The market carries its oracle provenance (every feed's round), and the snapshot's market hash, which every
        // simulation record takes, covers both: not the bare market.json.
        Assert.NotNull(first.MarketProvenance);
        Assert.Contains("roundId", first.MarketProvenance, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(OracleMarketHash.Of(Encoding.UTF8.GetBytes(first.MarketJson), Encoding.UTF8.GetBytes(first.MarketProvenance)), first.MarketHash);
        Assert.NotEqual(Hash32.Keccak(Encoding.UTF8.GetBytes(first.MarketJson)), first.MarketHash);
        var start = await CountsAsync(health);

        var seen = new List<int> { start };
        var previous = first;
        for (var step = 0; step < 12; step++)
        {
            await feeder.StepAsync(None);
            Assert.True(await follower.TickAsync(None), "a new round must make a new snapshot");
            var current = (await books.GetCurrentAsync(None))!;
            Assert.StartsWith("chain: MarginAccounts ", current.Source, StringComparison.Ordinal);
            Assert.NotEqual(previous.MarketHash, current.MarketHash);
            if (current.AsOf == previous.AsOf)
            {
                // Only the prices moved: the same book (options' expiries count from the valuation date), one stored book file.
                Assert.Equal(previous.BookHash, current.BookHash);
            }
            previous = current;
            seen.Add(await CountsAsync(health));
        }

        Assert.True(seen.Distinct().Count() > 1, $"liquidatable + margin-call accounts stayed at {start} through the replay: {string.Join(", ", seen)}");
        Assert.False(await follower.TickAsync(None), "nothing changed: no new snapshot");
    }

    [Fact]
    public async Task The_feeder_api_is_for_signed_in_members_only()
    {
        using var anonymous = live.Portal.CreateClient();
        using var refused = await anonymous.GetAsync(new Uri("/api/feeder", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var outsider = live.Portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(outsider, 8))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        using var forbidden = await outsider.PostAsJsonAsync(new Uri("/api/feeder/pause", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.False(live.Get<PriceFeeder>().Status.Paused);

        using var member = live.Portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(member, DemoCommittee.Members[0].KeyIndex))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        using var pause = await member.PostAsJsonAsync(new Uri("/api/feeder/pause", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        using (var json = JsonDocument.Parse(await member.GetStringAsync(new Uri("/api/feeder", UriKind.Relative))))
        {
            Assert.True(json.RootElement.GetProperty("paused").GetBoolean());
            Assert.Equal("2022-11-01", json.RootElement.GetProperty("from").GetString());
        }
        using var resume = await member.PostAsJsonAsync(new Uri("/api/feeder/resume", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.False(live.Get<PriceFeeder>().Status.Paused);
    }

    [Fact]
    public async Task The_live_page_shows_the_follower_and_the_feeder_to_members_only()
    {
        using var anonymous = live.Portal.CreateClient();
        var outside = await anonymous.GetStringAsync(new Uri("/live", UriKind.Relative));
        Assert.Contains("data-testid=\"live-members-only\"", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"live-feeder\"", outside, StringComparison.Ordinal);

        using var member = live.Portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(member, DemoCommittee.Members[1].KeyIndex))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        var inside = await member.GetStringAsync(new Uri("/live", UriKind.Relative));
        Assert.Contains("data-testid=\"live-follower\"", inside, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"live-feeder\"", inside, StringComparison.Ordinal);
        Assert.Contains(live.Get<ChainFollower>().Contract.ToString(), inside, StringComparison.Ordinal);
        Assert.Contains("replaying 2022-11-01..2022-11-30", inside, StringComparison.Ordinal);
    }

    private static async Task<int> CountsAsync(BookHealthService health)
    {
        var h = (await health.GetAsync(None))!;
        return h.ByStatus.Liquidatable + h.ByStatus.MarginCall;
    }
}

/// <summary>The live tests share one portal and run one after another (they step the same feeder).</summary>
[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LivePortal>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Live demo portal";
}
