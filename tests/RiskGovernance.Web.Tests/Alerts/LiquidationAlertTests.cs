using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Snapshots;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Alerts;

/// <summary>
/// Liquidation alerts on a real portal (anvil, SQLite): a published snapshot is re-margined in the
/// background under the ratified set, and exactly the accounts that crossed into liquidatable, as the
/// engine run directly on both books says, are listed by GET /api/alerts and /alerts.
/// </summary>
public sealed class LiquidationAlertTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly Uri Snapshots = new("/api/snapshots", UriKind.Relative);
    private static readonly Uri Alerts = new("/api/alerts", UriKind.Relative);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task PriceMovesAgainstAccounts_ExactlyTheAccountsThatBecameLiquidatableAreListed_ThenASnapshotWhereNobodyCrossesListsNone()
    {
        await using var portal = new PortalFactory(node, settings: SnapshotEndpointTests.PublisherSettings());
        var client = portal.CreateClient();
        using (var login = await SignIn.WithKeyAsync(client, SnapshotEndpointTests.PublisherKey))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var current = (await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await portal.Services.GetRequiredService<GovernanceService>().GetInForceAsync(CancellationToken.None))!;
        var parameters = ParameterSetJson.Read(ratified.ParamsJson);
        var book = current.Book;
        var before = Margin(MarketSnapshotJson.Read(current.MarketJson), parameters, book);

        // The engine run directly: the first asset price move that makes some (not all) accounts cross.
        var (movedMarket, after, expected) = FindMove(current.MarketJson, parameters, book, before);
        Assert.NotEmpty(expected);

        using var published = await client.PostAsync(Snapshots, Body(movedMarket, Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(current.Book))));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var answer = await SignIn.JsonAsync(published);

        var view = await WaitForComputedAsync(client, sequence: 2);
        var entry = view.GetProperty("snapshots")[0];
        Assert.Equal(ratified.ParamsHash.ToString(), view.GetProperty("paramsHash").GetString());
        Assert.Equal(answer.GetProperty("bookHash").GetString(), entry.GetProperty("snapshot").GetProperty("bookHash").GetString());
        Assert.Equal(answer.GetProperty("marketHash").GetString(), entry.GetProperty("snapshot").GetProperty("marketHash").GetString());
        Assert.Equal(1, entry.GetProperty("previous").GetProperty("sequence").GetInt64());
        Assert.Equal(Hash32.Keccak(BookJson.ToUtf8Bytes(current.Book)).ToString(), entry.GetProperty("previous").GetProperty("bookHash").GetString());
        Assert.Equal("first", view.GetProperty("snapshots")[1].GetProperty("state").GetString());

        var listed = entry.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(expected.Select(a => a.Id).Order(StringComparer.Ordinal), listed.Select(a => a.GetProperty("account").GetString()!).Order(StringComparer.Ordinal));
        var beforeById = before.Accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var a in listed)
        {
            var engine = expected.Single(e => e.Id == a.GetProperty("account").GetString());
            Assert.Equal(engine.Equity, a.GetProperty("equity").GetDouble(), 9);
            Assert.Equal(engine.MaintenanceMargin, a.GetProperty("maintenanceMargin").GetDouble(), 9);
            Assert.Equal(engine.LiquidationThreshold, a.GetProperty("liquidationThreshold").GetDouble(), 9);
            Assert.Equal(engine.MaintenanceMargin - engine.Equity, a.GetProperty("shortfall").GetDouble(), 6);
            Assert.True(engine.Equity < engine.LiquidationThreshold, engine.Id);
            Assert.Equal(JsonNames.Of(beforeById[engine.Id].Status), a.GetProperty("previousStatus").GetString());
        }

        var page = await client.GetStringAsync(new Uri("/alerts", UriKind.Relative));
        foreach (var e in expected)
        {
            Assert.Contains(e.Id, page, StringComparison.Ordinal);
        }

        Assert.Contains(answer.GetProperty("bookHash").GetString()!, page, StringComparison.Ordinal);

        // Same market, the first 40 accounts of the same book: nobody crosses (the engine agrees), and none are listed.
        var smaller = Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(Book.Create(book.Accounts.Take(40)), indented: false));
        var third = Margin(MarketSnapshotJson.Read(movedMarket), parameters, BookJson.Read(smaller));
        Assert.Empty(Crossed(after, third));
        using var again = await client.PostAsync(Snapshots, Body(movedMarket, smaller));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);

        var next = await WaitForComputedAsync(client, sequence: 3);
        Assert.Equal(0, next.GetProperty("snapshots")[0].GetProperty("accounts").GetArrayLength());
        Assert.Equal(2, next.GetProperty("snapshots")[0].GetProperty("previous").GetProperty("sequence").GetInt64());

        // The second snapshot's alerts are kept, still tied to its hashes.
        Assert.Equal(listed.Count, next.GetProperty("snapshots")[1].GetProperty("accounts").GetArrayLength());
        Assert.Equal(answer.GetProperty("bookHash").GetString(), next.GetProperty("snapshots")[1].GetProperty("snapshot").GetProperty("bookHash").GetString());
    }

    [Fact]
    public async Task Get_BadCount_ProblemNamingTheField()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/alerts?count=abc", UriKind.Relative));
        var problem = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("count", problem.GetRawText(), StringComparison.Ordinal);
    }

    private static MarginResult Margin(MarketSnapshot market, ParameterSet parameters, Book book)
        => new MarginEngine().Margin(MarginInputs.Create(market, parameters, book));

    private static List<AccountMargin> Crossed(MarginResult before, MarginResult after)
    {
        var was = before.Accounts.ToDictionary(a => a.Id, a => a.Status, StringComparer.Ordinal);
        return [.. after.Accounts.Where(a => a.Status == MarginStatus.Liquidatable && (!was.TryGetValue(a.Id, out var s) || s != MarginStatus.Liquidatable))];
    }

    private static (string Market, MarginResult After, List<AccountMargin> Crossed) FindMove(string marketJson, ParameterSet parameters, Book book, MarginResult before)
    {
        var assets = JsonNode.Parse(marketJson)!["assets"]!.AsArray().Count;
        foreach (var factor in new[] { 0.8, 1.25, 0.7, 1.4, 0.6, 1.6, 0.5, 2.0 })
        {
            for (var i = 0; i < assets; i++)
            {
                var moved = JsonNode.Parse(marketJson)!;
                var asset = moved["assets"]![i]!;
                asset["price"] = asset["price"]!.GetValue<double>() * factor;
                var text = moved.ToJsonString();
                var after = Margin(MarketSnapshotJson.Read(text), parameters, book);
                var crossed = Crossed(before, after);
                if (crossed.Count > 0 && crossed.Count < book.Accounts.Count / 2)
                {
                    return (text, after, crossed);
                }
            }
        }

        throw new InvalidOperationException("no single-asset price move makes some accounts liquidatable");
    }

    private static StringContent Body(string marketJson, string bookJson)
        => new($"{{\"market\": {marketJson}, \"book\": {bookJson}}}", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static async Task<JsonElement> WaitForComputedAsync(HttpClient client, long sequence)
    {
        JsonElement view = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(Alerts);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            view = await SignIn.JsonAsync(response);
            var newest = view.GetProperty("snapshots")[0];
            return newest.GetProperty("snapshot").GetProperty("sequence").GetInt64() == sequence
                   && newest.GetProperty("state").GetString() == "computed";
        }, Patience, $"the alerts of snapshot {sequence} were never computed");
        return view;
    }
}
