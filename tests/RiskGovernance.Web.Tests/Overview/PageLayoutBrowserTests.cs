using Microsoft.Playwright;
using RiskGovernance.Web.Tests.Browser;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Overview;

/// <summary>
/// The Overview, Registry and Audit pages in Debian's chromium (Playwright) at 1280x800 and at a
/// narrow 400 px width: the interactive parts load and show the demo's content, nothing overflows
/// the page horizontally, and a screenshot of each is saved under the test output (screenshots/).
/// </summary>
public sealed class PageLayoutBrowserTests(BrowserPortalFixture portal) : IClassFixture<BrowserPortalFixture>
{

    public static TheoryData<string, string, int, int> Pages => new()
    {
        { "/", "[data-testid=book-health]", 1280, 800 },
        { "/", "[data-testid=book-health]", 400, 800 },
        { "/registry", "[data-testid=registry-hash-check]", 1280, 800 },
        { "/registry", "[data-testid=registry-hash-check]", 400, 800 },
        { "/audit", "[data-testid^=audit-row-]", 1280, 800 },
        { "/audit", "[data-testid^=audit-row-]", 400, 800 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_AtWidth_ShowsTheDemoContentWithoutHorizontalOverflow(string path, string ready, int width, int height)
    {
        var baseAddress = portal.BaseAddress;
        await using var context = await portal.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.WaitForSelectorAsync(ready, new PageWaitForSelectorOptions { Timeout = 60_000 });
        await DemoPageContent.ExpectAsync(page, path);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(path, width), FullPage = true });

        Assert.True(overflow <= 0, $"{path} at {width} px overflows horizontally by {overflow} px");
    }

    [Fact]
    public async Task RegistryPage_Version1Chosen_ShowsGenesisMatch()
    {
        var baseAddress = portal.BaseAddress;
        await using var context = await portal.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(baseAddress, "/registry").ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

        await page.ClickAsync("[data-testid=registry-version-select]");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('version 1')");

        await Assertions.Expect(page.Locator("[data-testid=registry-version]")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=registry-hash-check]")).ToHaveTextAsync("match");
        await Assertions.Expect(page.Locator("[data-testid=registry-approved-source]")).ToContainTextAsync("genesis set");
        Assert.EndsWith("/registry?version=1", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_VerifyClicked_ShowsValidChain()
    {
        var baseAddress = portal.BaseAddress;
        await using var context = await portal.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(baseAddress, "/audit").ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

        await page.ClickAsync("[data-testid=audit-verify]");

        await Assertions.Expect(page.Locator("[data-testid=audit-status]")).ToHaveAttributeAsync("data-valid", "valid", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=audit-anchor]")).ToContainTextAsync("match the head anchored on chain");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("/audit-verified", 1280), FullPage = false });
    }

    private static string ScreenshotPath(string path, int width)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var name = path.Trim('/').Replace('/', '-');
        return Path.Combine(directory, $"{(name.Length == 0 ? "overview" : name)}-{width}.png");
    }
}
