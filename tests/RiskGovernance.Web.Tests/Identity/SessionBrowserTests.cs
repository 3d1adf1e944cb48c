using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// Open circuits after their session ends, in Debian's chromium: signed out by a fetch from the
/// page itself, or by "sign out everywhere" in another browser, an open page turns anonymous on
/// its own (waited for, never slept) and its actions are refused.
/// </summary>
public sealed class SessionBrowserTests(LoopbackPortalFixture fixture) : IClassFixture<LoopbackPortalFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    private async Task<IPage> SignedInPageAsync(IBrowser browser, int devWalletIndex)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId($"devwallet-{devWalletIndex}").ClickAsync();
        await page.GetByTestId("account-chip").WaitForAsync();
        return page;
    }

    private static Task WaitForCircuitAsync(IPage page)
        => page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// The attack: a member's page is open on "New rules proposal" with a title and a
    /// rationale typed; the page signs out with fetch('/auth/logout'). The open circuit turns
    /// anonymous, and submitting the proposal is refused: no proposal is drafted.
    /// </summary>
    [Fact]
    public async Task OpenCircuit_LogoutByFetchFromThePage_TurnsAnonymousAndSubmittingIsRefused()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing (apt-get install -y chromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await SignedInPageAsync(browser, 2);
        await page.GotoAsync("/proposals/new/rules");
        await WaitForCircuitAsync(page);
        var chip = await page.GetByTestId("account-chip").InnerTextAsync();
        await page.Locator("input[data-testid='title'], [data-testid='title'] input").First.FillAsync("Shorter voting period");
        await page.Locator("textarea[data-testid='rationale'], [data-testid='rationale'] textarea").First.FillAsync("Test: submitted after the session ended");
        var proposals = fixture.Portal.Services.GetRequiredService<IProposalRepository>();
        var before = (await proposals.ListAsync(null, CancellationToken.None)).Count;

        var status = await page.EvaluateAsync<int>("() => fetch('/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(r => r.status)");
        await page.GetByTestId("signin-button").WaitForAsync();
        await page.GetByTestId("submit").ClickAsync();
        var error = await page.GetByTestId("submit-error").InnerTextAsync();
        var after = (await proposals.ListAsync(null, CancellationToken.None)).Count;

        Assert.Contains("Chen Wei", chip, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Contains("not signed in", error, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.EndsWith("/proposals/new/rules", page.Url, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same member signed in in two browsers; the first opens "Your sessions" from the account
    /// menu (two sessions, one marked as this one) and signs out everywhere. The second browser's
    /// open page turns anonymous without a reload.
    /// </summary>
    [Fact]
    public async Task SessionsPage_SignOutEverywhere_SecondBrowsersOpenPageTurnsAnonymous()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing (apt-get install -y chromium).");
        Directory.CreateDirectory(Screenshots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var laptop = await SignedInPageAsync(browser, 3);
        var phone = await SignedInPageAsync(browser, 3);
        await WaitForCircuitAsync(phone);

        await WaitForCircuitAsync(laptop);
        await laptop.GetByTestId("account-chip").ClickAsync();
        await laptop.GetByTestId("account-sessions").ClickAsync();
        await laptop.GetByTestId("sessions-table").WaitForAsync();
        await laptop.GetByTestId("session-current").WaitForAsync();
        await WaitForCircuitAsync(laptop);
        var rows = await laptop.Locator("[data-testid='sessions-table'] tbody tr").CountAsync();
        var current = await laptop.GetByTestId("session-current").CountAsync();
        await laptop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "identity-sessions-page.png"), FullPage = true });
        await laptop.GetByTestId("sessions-signout-everywhere").ClickAsync();
        await laptop.GetByTestId("signin-button").WaitForAsync();
        await phone.GetByTestId("signin-button").WaitForAsync();
        await phone.ReloadAsync();
        await WaitForCircuitAsync(phone);

        Assert.Equal(2, rows);
        Assert.Equal(1, current);
        Assert.Equal(1, await phone.GetByTestId("signin-button").CountAsync());
        Assert.Equal(0, await phone.GetByTestId("account-chip").CountAsync());
    }
}
