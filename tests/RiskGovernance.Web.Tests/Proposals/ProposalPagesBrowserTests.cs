using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>
/// The proposals list and a proposal page in Debian's chromium (anonymous visitor): the list opens
/// the proposal, the impact simulation finishes and is reproduced, no action is offered, on a phone the tally comes before the diff; screenshots
/// at 1280x800, at a narrow width and at 390 px are saved under the test output (proposals-*.png).
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

        // On a phone (390 px) the tally and the vote panel come before the diff and the impact; at 1280 px beside them.
        await page.SetViewportSizeAsync(390, 844);
        var tally = await Top(page, "[data-testid=tally]");
        var diff = await Top(page, "[data-testid=parameter-diff]");
        var impact = await Top(page, "[data-testid=impact]");
        Assert.True(tally < diff && diff < impact, $"at 390 px: tally at {tally}, diff at {diff}, impact at {impact}");
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the proposal page scrolls sideways at 390 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proposals-page-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        var wideTally = await page.Locator("[data-testid=tally]").BoundingBoxAsync();
        var wideDiff = await page.Locator("[data-testid=parameter-diff]").BoundingBoxAsync();
        Assert.True(wideTally!.X > wideDiff!.X + wideDiff.Width - 1, "at 1280 px the tally is right of the diff");
    }

    private static async Task<double> Top(IPage page, string selector)
        => (await page.Locator(selector).First.BoundingBoxAsync())?.Y ?? throw new InvalidOperationException(selector + " is not shown");

    private static string Shot(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
