using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Browser;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The history page in a real browser at 1280x800 and 400 px wide: every panel fills in and the layout holds.</summary>
public sealed class ProposalHistoryBrowserTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task HistoryPage_ActiveProposal_FillsEveryPanelWithoutHorizontalOverflow()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var address = portal.Start();
        var repository = (Governance.Ports.IProposalRepository)portal.Services.GetService(typeof(Governance.Ports.IProposalRepository))!;
        var active = (await repository.ListAsync(null, CancellationToken.None)).Single(p => p.Title == DemoSeeder.ActiveTitle);
        var path = $"/proposals/{active.Id}/history";

        foreach (var (width, label) in new[] { (1280, "wide"), (400, "narrow") })
        {
            var page = await browser.NewPageAsync(address, width, 800);
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    errors.Add(message.Text);
                }
            };
            page.Response += (_, response) =>
            {
                // The browser's own favicon request is not the page's (the portal has no favicon yet).
                if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                {
                    errors.Add($"{response.Status} {response.Url}");
                }
            };

            await BrowserFixture.GotoInteractiveAsync(page, path);
            await page.Locator("[data-testid=history-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 180_000 });
            foreach (var id in new[] { "history-stress", "history-cascade", "history-correlation", "history-backtest", "history-estimation" })
            {
                Assert.Equal(1, await page.Locator($"[data-testid={id}]").CountAsync());
            }

            Assert.Contains("$", await page.Locator("[data-testid=stress-ftx-2022-loss-proposed]").InnerTextAsync(), StringComparison.Ordinal);
            await BrowserFixture.ScreenshotAsync(page, $"history-stress-{label}");
            foreach (var tab in new[] { "Cascade", "Backtest", "Estimation" })
            {
                await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = tab }).ClickAsync();
                await BrowserFixture.ScreenshotAsync(page, $"history-{tab.ToLowerInvariant()}-{label}");
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 1, $"the {tab} tab at {width}px overflows horizontally by {overflow}px");
            }

            Assert.True(errors.Count == 0, string.Join("\n", errors));
            await page.Context.CloseAsync();
        }
    }
}
