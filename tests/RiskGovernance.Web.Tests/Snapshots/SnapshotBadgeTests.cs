using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Util;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence;
using RiskGovernance.Testing;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.Snapshots;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Snapshots;

/// <summary>
/// Every page's header names the snapshot its figures are computed on: the real portal (anvil,
/// SQLite) rendered over HTTP shows the demo snapshot's as-of date, source and the keccak hashes of
/// the stored texts, and a page rendered after a new snapshot is stored shows the new one.
/// </summary>
public sealed class SnapshotBadgeTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly HtmlParser Parser = new();

    /// <summary>keccak-256 of the text's UTF-8 bytes, with Nethereum's hasher directly (not the portal's Hash32).</summary>
    private static string Keccak(string text)
        => "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text)));

    private static async Task<IDocument> PageAsync(HttpClient client, string path)
        => await Parser.ParseDocumentAsync(await client.GetStringAsync(new Uri(path, UriKind.Relative)));

    private static IElement Single(IDocument page, string testId)
    {
        var found = page.QuerySelectorAll($"[data-testid='snapshot-banner'] [data-testid='{testId}']");
        Assert.True(found.Length == 1, $"{testId}: {found.Length} elements in the banner");
        return found[0];
    }

    [Fact]
    public async Task EveryPage_NamesTheCurrentSnapshot_AndAPageRenderedAfterANewOneNamesTheNewOne()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();
        var books = portal.Services.GetRequiredService<IBookStore>();
        var view = portal.Services.GetRequiredService<CurrentSnapshotView>();
        var demo = (await books.GetCurrentAsync(CancellationToken.None))!;

        foreach (var path in new[] { "/", "/proposals", "/snapshots" })
        {
            var page = await PageAsync(client, path);
            Assert.Equal(DemoInputs.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Single(page, "snapshot-asof").TextContent.Trim());
            Assert.StartsWith("demo: ", demo.Source, StringComparison.Ordinal);
            Assert.Equal(demo.Source, Single(page, "snapshot-source").TextContent.Trim());
            Assert.Equal(demo.Source, Single(page, "snapshot-source").GetAttribute("title"));
            var book = Single(page, "snapshot-book-hash");
            var market = Single(page, "snapshot-market-hash");
            Assert.Equal(demo.BookHash.ToString(), book.GetAttribute("title"));
            Assert.Equal(demo.MarketHash.ToString(), market.GetAttribute("title"));
            Assert.Equal($"{demo.BookHash.ToString()[..6]}…{demo.BookHash.ToString()[^4..]}", book.TextContent.Trim());
            Assert.Equal($"{demo.MarketHash.ToString()[..6]}…{demo.MarketHash.ToString()[^4..]}", market.TextContent.Trim());
            Assert.Equal("/snapshots", Single(page, "snapshot-link").GetAttribute("href"));
        }

        // Three pages rendered, the texts hashed once.
        Assert.Equal(1, view.HashCount);

        var (marketJson, bookJson, marketHash, bookHash) = await SnapshotEndpointTests.SmallerBookAsync(portal, 25);
        await books.SetCurrentAsync(new NewBookSnapshot(DemoInputs.AsOf.AddDays(1), MarketSnapshotJson.Read(marketJson), BookJson.Read(bookJson), "test: 25 accounts of the demo book",
            DateTimeOffset.UtcNow), CancellationToken.None);
        var after = await PageAsync(client, "/proposals");
        var again = await PageAsync(client, "/");

        Assert.NotEqual(demo.BookHash.ToString(), bookHash.ToString());
        foreach (var page in new[] { after, again })
        {
            Assert.Equal(bookHash.ToString(), Single(page, "snapshot-book-hash").GetAttribute("title"));
            Assert.Equal(marketHash.ToString(), Single(page, "snapshot-market-hash").GetAttribute("title"));
            Assert.Equal("test: 25 accounts of the demo book", Single(page, "snapshot-source").TextContent.Trim());
            Assert.Equal(DemoInputs.AsOf.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Single(page, "snapshot-asof").TextContent.Trim());
        }

        Assert.Equal(2, view.HashCount);
    }
}

/// <summary>The banner component before the first snapshot (a real, freshly migrated SQLite file): it says there is none, with the link to the list.</summary>
public sealed class SnapshotBadgeEmptyTests : PortalComponentTest
{
    [Fact]
    public async Task NoSnapshotYet_SaysSo()
    {
        var data = Directory.CreateTempSubdirectory("riskgov-empty-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data })
            .Build();
        Services.AddPersistence(configuration);
        Services.AddSingleton<CurrentSnapshotView>();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        UseServerRenderer();
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        var badge = Render<SnapshotBadge>();

        badge.WaitForAssertion(() => Assert.Contains("no snapshot stored yet", badge.Find("[data-testid='snapshot-none']").TextContent, StringComparison.Ordinal));
        Assert.Empty(badge.FindAll("[data-testid='snapshot-book-hash']"));
        Assert.Equal("/snapshots", badge.Find("[data-testid='snapshot-link']").GetAttribute("href"));
    }
}
