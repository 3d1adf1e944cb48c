using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Snapshots;

/// <summary>POST and GET /api/snapshots on a real portal (anvil, SQLite): only a data publisher stores a snapshot, which becomes current.</summary>
public sealed class SnapshotEndpointTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    /// <summary>The development key of the data publisher (not on the committee).</summary>
    public const int PublisherKey = 8;

    private static readonly Uri Snapshots = new("/api/snapshots", UriKind.Relative);

    /// <summary>Settings that make development key <see cref="PublisherKey"/> the only data publisher.</summary>
    public static Dictionary<string, string?> PublisherSettings() => new()
    {
        ["Portal:DataPublishers:0"] = DevelopmentKeys.Key(PublisherKey).Address.ToString(),
    };

    /// <summary>A new book of the first <paramref name="accounts"/> accounts of the current one, with its market.</summary>
    public static async Task<(string MarketJson, string BookJson, Hash32 MarketHash, Hash32 BookHash)> SmallerBookAsync(PortalFactory portal, int accounts)
    {
        var current = (await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var book = Book.Create(current.Book.Accounts.Take(accounts));
        var bookBytes = BookJson.ToUtf8Bytes(book, indented: true);
        var marketBytes = MarketSnapshotJson.ToUtf8Bytes(MarketSnapshotJson.Read(current.MarketJson), indented: true);
        return (Encoding.UTF8.GetString(marketBytes), Encoding.UTF8.GetString(bookBytes),
            Hash32.Keccak(MarketSnapshotJson.ToUtf8Bytes(MarketSnapshotJson.Read(current.MarketJson), indented: false)),
            Hash32.Keccak(BookJson.ToUtf8Bytes(book, indented: false)));
    }

    private static StringContent Body(string marketJson, string bookJson)
        => new($"{{\"market\": {marketJson}, \"book\": {bookJson}}}", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    [Fact]
    public async Task Publish_ByPublisher_StoredWithProvenanceAndBecomesWhatProposalsAreSimulatedOn()
    {
        await using var portal = new PortalFactory(node, settings: PublisherSettings());
        var client = portal.CreateClient();
        var (market, book, marketHash, bookHash) = await SmallerBookAsync(portal, 40);
        using var login = await SignIn.WithKeyAsync(client, PublisherKey);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var published = await client.PostAsync(Snapshots, Body(market, book));
        var answer = await SignIn.JsonAsync(published);
        using var listed = await client.GetAsync(Snapshots);
        var list = await SignIn.JsonAsync(listed);
        var stored = (await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var inputs = await portal.Services.GetRequiredService<ImpactSimulations>().ResolveInputsAsync(active, CancellationToken.None);
        var page = await client.GetStringAsync(new Uri("/snapshots", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(bookHash.ToString(), answer.GetProperty("bookHash").GetString());
        Assert.Equal(marketHash.ToString(), answer.GetProperty("marketHash").GetString());
        Assert.Equal(40, answer.GetProperty("accounts").GetInt32());
        var publisher = DevelopmentKeys.Key(PublisherKey).Address.ToString();
        Assert.Equal(publisher, answer.GetProperty("publisher").GetString());

        // Stored as the book whose compact JSON's keccak is the hash, with the provenance in its source.
        Assert.Equal(bookHash, stored.BookHash);
        Assert.Equal(bookHash, Hash32.Keccak(BookJson.ToUtf8Bytes(stored.Book)));
        Assert.Equal(marketHash, Hash32.Keccak(Encoding.UTF8.GetBytes(stored.MarketJson)));
        Assert.StartsWith($"upload by {publisher} at ", stored.Source, StringComparison.Ordinal);
        Assert.True(stored.Source.EndsWith("40 accounts, 12 assets", StringComparison.Ordinal), stored.Source);

        // Proposals are now simulated on it.
        Assert.Equal(bookHash, inputs.BookHash);
        Assert.Equal(marketHash, inputs.MarketHash);
        Assert.Equal(40, inputs.Inputs.Book.Accounts.Count);

        // Listed newest first: the upload (current), then the demo's book.
        Assert.Equal(2, list.GetArrayLength());
        Assert.True(list[0].GetProperty("current").GetBoolean());
        Assert.Equal(2, list[0].GetProperty("sequence").GetInt64());
        Assert.Equal(bookHash.ToString(), list[0].GetProperty("bookHash").GetString());
        Assert.Equal(stored.Source, list[0].GetProperty("source").GetString());
        Assert.False(list[1].GetProperty("current").GetBoolean());
        Assert.StartsWith("demo: 300 accounts", list[1].GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains(bookHash.ToString(), page, StringComparison.Ordinal);
        Assert.Contains(marketHash.ToString(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MemberNotPublisher403_Anonymous401_InvalidBook400NamingFields_NothingStored()
    {
        await using var portal = new PortalFactory(node, settings: PublisherSettings());
        var books = portal.Services.GetRequiredService<IBookStore>();
        var before = await books.ListAsync(10, CancellationToken.None);
        var (market, book, _, _) = await SmallerBookAsync(portal, 20);

        var anonymous = portal.CreateClient();
        using var anon = await anonymous.PostAsync(Snapshots, Body(market, book));
        var anonProblem = await SignIn.JsonAsync(anon);

        var member = portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(member, DemoCommittee.Members[0].KeyIndex))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        Assert.Equal("member", (await SignIn.MeAsync(member)).GetProperty("role").GetString());
        using var forbidden = await member.PostAsync(Snapshots, Body(market, book));
        var forbiddenProblem = await SignIn.JsonAsync(forbidden);

        var publisher = portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(publisher, PublisherKey))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var broken = JsonNode.Parse(book)!;
        broken["accounts"]![1]!.AsObject().Remove("id");
        broken["accounts"]![3]!["collateral"]!["ZZZ"] = 5;
        var brokenMarket = JsonNode.Parse(market)!;
        brokenMarket["assets"]![0]!["price"] = -1;
        using var invalidBook = await publisher.PostAsync(Snapshots, Body(market, broken.ToJsonString()));
        var bookProblem = await SignIn.JsonAsync(invalidBook);
        using var invalidBoth = await publisher.PostAsync(Snapshots, Body(brokenMarket.ToJsonString(), broken.ToJsonString()));
        var bothProblem = await SignIn.JsonAsync(invalidBoth);
        using var unknownAsset = await publisher.PostAsync(Snapshots, Body(market, JsonNode.Parse(book)!.Also(b => b["accounts"]![3]!["collateral"]!["ZZZ"] = 5)));
        var assetProblem = await SignIn.JsonAsync(unknownAsset);
        using var missing = await publisher.PostAsync(Snapshots,
            new StringContent($"{{\"book\": {book}, \"extra\": 1}}", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        var missingProblem = await SignIn.JsonAsync(missing);
        using var notJson = await publisher.PostAsync(Snapshots, new StringContent("{\"market\":", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        var notJsonProblem = await SignIn.JsonAsync(notJson);
        var after = await books.ListAsync(10, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
        Assert.StartsWith("session: only a signed-in data publisher", anonProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal($"publisher: {DemoCommittee.Members[0].Address} is not a data publisher of this portal (Portal:DataPublishers); nothing was stored.",
            forbiddenProblem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, invalidBook.StatusCode);
        var bookErrors = bookProblem.GetProperty("errors");
        Assert.True(bookErrors.TryGetProperty("book.accounts[1].id", out _), bookProblem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, invalidBoth.StatusCode);
        var bothErrors = bothProblem.GetProperty("errors");
        Assert.True(bothErrors.TryGetProperty("book.accounts[1].id", out _), bothProblem.ToString());
        Assert.True(bothErrors.TryGetProperty("market.assets[0].price", out _), bothProblem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownAsset.StatusCode);
        Assert.Contains("asset 'ZZZ' is not in the market snapshot",
            assetProblem.GetProperty("errors").GetProperty("book.accounts[3].collateral.ZZZ")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("market", out _), missingProblem.ToString());
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("extra", out _), missingProblem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("body: is not valid JSON", notJsonProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Nothing was stored by any refused request.
        Assert.Equal(before.Select(s => (s.Sequence, s.BookHash)), after.Select(s => (s.Sequence, s.BookHash)));
        Assert.Single(after);
    }

    [Fact]
    public async Task DataPublishers_NotAnAddress_StartupRefusedNamingTheKey()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?>
        {
            ["Portal:DataPublishers:0"] = DevelopmentKeys.Key(PublisherKey).Address.ToString(),
            ["Portal:DataPublishers:1"] = "0x1234",
        });

        var e = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        var messages = string.Join(" | ", Flatten(e).Select(x => x.Message));
        Assert.Contains("Portal:DataPublishers:1", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}

internal static class JsonNodeExtensions
{
    /// <summary>Applies <paramref name="change"/> and returns the JSON text.</summary>
    public static string Also(this JsonNode node, Action<JsonNode> change)
    {
        change(node);
        return node.ToJsonString();
    }
}
