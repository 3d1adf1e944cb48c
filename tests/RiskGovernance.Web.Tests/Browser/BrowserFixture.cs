using Microsoft.Playwright;

namespace RiskGovernance.Web.Tests.Browser;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, installed by test.sh) driven by Playwright, headless.
/// Playwright's own browser download is never used. Screenshots go to
/// <see cref="ScreenshotDirectory"/> under the test output.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of the main pages (look at them: layout at 1280x800 and narrow).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs it (apt-get install -y chromium).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);

        // Expect(...) waits for its condition up to this bound (Playwright's default is 5 s, which a
        // busy 2-core CI machine exceeds when a submit drafts, simulates and opens a proposal); a
        // passing condition returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page of <paramref name="width"/> x <paramref name="height"/> CSS pixels in a fresh context (no cookies).</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="path"/> and waits until the Blazor circuit is interactive.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
