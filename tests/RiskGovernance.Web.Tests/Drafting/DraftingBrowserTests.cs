using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>
/// The New proposal and What-if pages in Debian's chromium over the real portal on a loopback
/// port: the what-if flow for an anonymous visitor, and the read-only form, with screenshots at
/// 1280x800 and at a narrow width under the test output (screenshots/drafting-*.png).
/// </summary>
public sealed class DraftingBrowserTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, Uri url, int width, int height)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(url.ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task WhatIf_Anonymous_BadInputNamedThenMarginUnderBothSets()
    {
        Require.ChromiumInstalled();
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var root = portal.Start();
        var (playwright, browser) = await LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await OpenAsync(browser, new Uri(root, "what-if"), 1280, 800);
                await page.FillAsync("[data-testid='position-0-quantity']", "abc");
                await page.ClickAsync("[data-testid='what-if-run']");
                var error = await page.WaitForSelectorAsync("[data-testid='error-positions[0].quantity']");
                Assert.Equal("positions[0].quantity: 'abc' is not a number (use a dot for decimals)", (await error!.TextContentAsync())!.Trim());

                await page.FillAsync("[data-testid='position-0-quantity']", "2");
                await page.SelectOptionAsync("[data-testid='position-0-kind']", "option");
                await page.SelectOptionAsync("[data-testid='position-0-right']", "put");
                await page.FillAsync("[data-testid='position-0-strike']", "60000");
                await page.FillAsync("[data-testid='position-0-expiryDays']", "30");
                await page.FillAsync("[data-testid='position-0-quantity']", "-3");
                await page.ClickAsync("[data-testid='what-if-run']");
                await page.WaitForSelectorAsync("[data-testid='what-if-results']");

                Assert.Equal(1, await page.Locator("[data-testid='what-if-ratified']").CountAsync());
                Assert.Equal(1, await page.Locator("[data-testid='what-if-proposed']").CountAsync());
                Directory.CreateDirectory(Shots);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "drafting-what-if-1280.png"), FullPage = true });
                await page.SetViewportSizeAsync(390, 800);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "drafting-what-if-390.png"), FullPage = true });
            }
        }
    }

    [Fact]
    public async Task NewProposal_Anonymous_ReadOnlyWithPsdBadge()
    {
        Require.ChromiumInstalled();
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var root = portal.Start();
        var (playwright, browser) = await LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await OpenAsync(browser, new Uri(root, "proposals/new"), 1280, 800);

                Assert.True(await page.Locator("[data-testid='param-assets.BTC.scanRange']").IsDisabledAsync());
                Assert.True(await page.Locator("[data-testid='corr-cell-0-1']").IsDisabledAsync());
                Assert.True(await page.Locator("[data-testid='submit-proposal']").IsDisabledAsync());
                Assert.Equal("true", await page.Locator("[data-testid='psd-status']").GetAttributeAsync("data-psd"));
                Assert.Contains("only committee members can propose", await page.Locator("[data-testid='read-only-reason']").TextContentAsync(), StringComparison.Ordinal);
                Directory.CreateDirectory(Shots);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "drafting-new-1280.png") });
                await page.Locator("[data-testid='correlation-editor']").ScrollIntoViewIfNeededAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "drafting-heatmap-1280.png") });
                await page.SetViewportSizeAsync(390, 800);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "drafting-new-390.png"), FullPage = true });
            }
        }
    }

    private static class Require
    {
        /// <summary>Fails clearly when Debian's chromium is missing (apt-get install -y chromium).</summary>
        public static void ChromiumInstalled() => Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium");
    }
}
