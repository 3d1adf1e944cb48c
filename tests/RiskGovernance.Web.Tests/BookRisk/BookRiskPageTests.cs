using System.Net;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.BookRisk;
using RiskGovernance.Web.Components.Pages.BookRisk;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.BookRisk;

/// <summary>The Book risk page (bUnit) and GET /api/risk over the real demo portal's services, checked against the engine run here by hand.</summary>
public sealed class BookRiskPageTests(AnvilFixture node) : PortalComponentTest, IClassFixture<AnvilFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Render_DemoBook_ShowsTheHeadlineTheCurveByHandTheAssetsTheTopListsAndTheHistory()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        Services.AddSingleton(portal.Services.GetRequiredService<BookRiskService>());
        UseServerRenderer();
        var (snapshot, parameters) = await CurrentAsync(portal);
        var health = await portal.Services.GetRequiredService<BookHealthService>().GetAsync(CancellationToken.None);
        var expected = ByHand(snapshot, parameters, -0.30);

        var page = Render<BookRiskPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=risk-var], [data-testid=risk-error], [data-testid=risk-empty]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=risk-error], [data-testid=risk-empty]"));
        Assert.StartsWith("$", page.Find("[data-testid=risk-var]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("99.00 % confidence over 1 day", page.Find("[data-testid=risk-tail-method]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Monte Carlo", page.Find("[data-testid=risk-tail-method]").TextContent, StringComparison.Ordinal);
        Assert.Equal(Format.Usd(health!.TotalEquity), page.Find("[data-testid=risk-equity]").TextContent.Trim());
        var row = page.Find("[data-testid=risk-shock--30]");
        Assert.Equal(expected.Liquidatable.ToString(System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector("[data-col=liquidatable]")!.TextContent.Trim());
        Assert.Equal(Format.Usd(expected.BadDebt), row.QuerySelector("[data-col=bad-debt]")!.TextContent.Trim());
        Assert.Equal(13, page.FindAll("[data-testid=risk-shock-table] tbody tr").Count);
        Assert.Equal(13, page.Find("[data-testid=risk-curve-accounts] polyline").GetAttribute("points")!.Split(' ').Length);
        Assert.NotEmpty(page.FindAll("[data-testid=risk-asset-BTC]"));
        Assert.NotEmpty(page.FindAll("[data-testid=risk-asset-shock-BTC]"));
        Assert.Equal(BookRiskCalculator.TopCount, page.FindAll("[data-testid=risk-top-mm] tbody tr").Count);
        Assert.Equal(BookRiskCalculator.TopCount, page.FindAll("[data-testid=risk-top-concentration] tbody tr").Count);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=risk-history-table]")), Patience);
        var current = page.Find($"[data-testid=risk-history-{snapshot.Sequence}]");
        Assert.Equal(Format.Usd(health.TotalEquity), current.QuerySelector("[data-col=equity]")!.TextContent.Trim());
        Assert.Equal(health.ByStatus.Liquidatable.ToString(System.Globalization.CultureInfo.InvariantCulture),
            current.QuerySelector("[data-col=liquidatable]")!.TextContent.Trim());
        Assert.Equal(3, page.FindAll("[data-testid=risk-history-usd] polyline").Count);
    }

    [Fact]
    public async Task ApiRisk_AnswersComputingThenTheReport_SharedWithThePage()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        using var client = portal.CreateClient();
        var (snapshot, parameters) = await CurrentAsync(portal);
        var expected = ByHand(snapshot, parameters, 0.30);

        JsonElement body = default;
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri("/api/risk", UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"status {response.StatusCode}");
            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }
            Assert.Equal("computing", body.GetProperty("state").GetString());
            await Task.Delay(200);
        }

        Assert.Equal("computed", body.GetProperty("state").GetString());
        Assert.Equal(snapshot.Sequence, body.GetProperty("sequence").GetInt64());
        var last = body.GetProperty("uniform").GetProperty("points")[12];
        Assert.Equal(0.30, last.GetProperty("shock").GetDouble(), 12);
        Assert.Equal(expected.Liquidatable, last.GetProperty("liquidatable").GetInt32());
        Assert.Equal(expected.BadDebt, last.GetProperty("badDebt").GetDouble(), 6);
        var service = portal.Services.GetRequiredService<BookRiskService>();
        var run = await service.StartAsync(CancellationToken.None);
        Assert.Equal(body.GetProperty("key").GetString(), run!.Key.ToString());
        Assert.True(run.Report.IsCompletedSuccessfully, "the page reuses the report the API computed");
        Assert.Contains(body.GetProperty("topByMaintenance")[0].GetProperty("status").GetString(), new[] { "healthy", "restricted", "margin-call", "liquidatable" });
    }

    private static async Task<(BookSnapshot Snapshot, ParameterSet Parameters)> CurrentAsync(PortalFactory portal)
    {
        var snapshot = await portal.Services.GetRequiredService<IBookStore>().GetCurrentAsync(CancellationToken.None);
        var ratified = await portal.Services.GetRequiredService<GovernanceService>().GetInForceAsync(CancellationToken.None);
        return (snapshot!, ParameterSetJson.Read(ratified!.ParamsJson));
    }

    private static (int Liquidatable, double BadDebt) ByHand(BookSnapshot snapshot, ParameterSet parameters, double shock)
    {
        var market = MarketSnapshot.Create(snapshot.Market.AsOf,
            snapshot.Market.Assets.Select(q => parameters.IsRisky(q.Symbol) ? q with { Price = q.Price * (1 + shock) } : q));
        var result = new MarginEngine().Margin(MarginInputs.Create(market, parameters, snapshot.Book));
        return (result.Accounts.Count(a => a.Status == MarginStatus.Liquidatable), result.Accounts.Where(a => a.Equity < 0).Sum(a => -a.Equity));
    }
}
