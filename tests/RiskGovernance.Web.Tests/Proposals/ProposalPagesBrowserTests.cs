using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>
/// The proposals list and a proposal page in Debian's chromium (anonymous visitor): the list opens
/// the proposal, the impact simulation finishes and is reproduced, no action is offered; screenshots
/// at 1280x800 and at a narrow width are saved under the test output (proposals-*.png).
/// </summary>
public sealed class ProposalPagesBrowserTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Anonymous_ListThenProposal_ImpactReadyNoActions()
    {
        Assert.True(File.Exists(Chromium), "chromium is required: apt-get install -y chromium");
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var baseAddress = portal.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });

        await page.GotoAsync(new Uri(baseAddress, "proposals").ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.ClickAsync("[data-testid=state-filter-Active]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid^=proposal-row-]').length === 1");
        Assert.Contains("Tighten SOL haircut", await page.InnerTextAsync("[data-testid=proposal-row-0]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proposals-list.png"), FullPage = true });
        await page.ClickAsync("[data-testid=proposal-row-0]");

        await page.WaitForSelectorAsync("[data-testid=impact-ready]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync("[data-testid=impact-reproduced]");
        Assert.Equal("Active", (await page.InnerTextAsync("[data-testid=proposal-state]")).Trim());
        Assert.Equal(0, await page.Locator("[data-testid=vote-for]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=finalize]").CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid^=vote-verified-]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proposals-page-1280.png"), FullPage = true });

        await page.SetViewportSizeAsync(420, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proposals-page-narrow.png"), FullPage = true });
        await page.Locator("[data-testid=impact]").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("proposals-impact-narrow.png") });
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the proposal page scrolls sideways at 420 px");
    }

    private static string Shot(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
