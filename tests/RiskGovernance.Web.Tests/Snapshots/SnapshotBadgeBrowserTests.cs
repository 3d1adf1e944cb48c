using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Browser;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Snapshots;

/// <summary>
/// The snapshot banner in Debian's chromium: compact at 1280 px and at 400 px (no horizontal
/// overflow, a few lines at most), its link leads to /snapshots. Screenshots under the test output
/// (screenshots/snapshot-banner-*.png).
/// </summary>
public sealed class SnapshotBadgeBrowserTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(400, 800)]
    public async Task Banner_IsCompactAndLinksToTheSnapshotList(int width, int height)
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var page = await browser.NewPageAsync(portal.Start(), width, height);

        await BrowserFixture.GotoInteractiveAsync(page, "/");
        var banner = page.GetByTestId("snapshot-banner");
        await banner.GetByTestId("snapshot-book-hash").WaitForAsync();
        var box = (await banner.BoundingBoxAsync())!;
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        var bannerOverflow = await banner.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth");
        await BrowserFixture.ScreenshotAsync(page, $"snapshot-banner-{width}");

        Assert.False(overflow, "the page scrolls sideways");
        Assert.False(bannerOverflow, "the banner overflows its box");
        Assert.True(box.Width <= width, $"banner {box.Width} px wide in a {width} px window");
        Assert.True(box.Height <= (width < 700 ? 100 : 40), $"banner {box.Height} px high at {width} px");

        await banner.GetByTestId("snapshot-link").ClickAsync();
        await page.WaitForURLAsync("**/snapshots");
        await page.GetByTestId("snapshots-table").WaitForAsync();
    }
}
