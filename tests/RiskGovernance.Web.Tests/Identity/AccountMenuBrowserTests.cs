using RiskGovernance.Primitives;
using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// The app bar's sign-in in Debian's chromium (headless, never Playwright's download): the dialog
/// without a browser wallet, the development wallet, the account chip and menu, sign out; at
/// 1280x800 and at a narrow width. Screenshots under the test output (screenshots/identity-*.png).
/// </summary>
public sealed class AccountMenuBrowserTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task SignIn_BrowserWallet_PersonalSignOfTheServersChallengeSignsInAsThatAccount()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing (apt-get install -y chromium).");
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var baseAddress = portal.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        var key = RiskGovernance.Chain.DevelopmentKeys.Key(3);
        var signed = new List<string>();

        // A stand-in EIP-1193 wallet: the page's window.ethereum forwards personal_sign to a real key held by the test.
        await context.ExposeFunctionAsync("testWalletSign", (string message) =>
        {
            signed.Add(message);
            return key.SignPersonalMessage(message).ToString();
        });
        await context.AddInitScriptAsync($$"""
            window.ethereum = {
              request: async ({ method, params }) => {
                if (method === "eth_requestAccounts") { return ["{{key.Address.ToLowerHex()}}"]; }
                if (method === "personal_sign") { return await window.testWalletSign(params[0]); }
                throw new Error("unsupported " + method);
              }
            };
            """);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId("signin-browser").ClickAsync();
        await page.GetByTestId("account-chip").WaitForAsync();
        var chip = await page.GetByTestId("account-chip").InnerTextAsync();

        var message = Assert.Single(signed);
        Assert.StartsWith($"{baseAddress.Authority} wants you to sign in with your Ethereum account:\n{key.Address}\n", message, StringComparison.Ordinal);
        Assert.Contains("Chain ID: 31337", message, StringComparison.Ordinal);
        Assert.Contains("Chen Wei", chip, StringComparison.Ordinal);
        Assert.Contains("member", chip, StringComparison.Ordinal);
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 800)]
    public async Task SignIn_DevelopmentWalletThenSignOut_ChipShowsTheMemberAndRole(int width, int height)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing (apt-get install -y chromium).");
        Directory.CreateDirectory(Screenshots);
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var baseAddress = portal.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var suffix = width < 700 ? "narrow" : "wide";

        await page.GotoAsync("/");
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId("signin-browser").ClickAsync();
        var noWallet = await page.GetByTestId("signin-error").InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"identity-signin-dialog-{suffix}.png") });
        await page.GetByTestId("devwallet-4").ClickAsync();
        await page.GetByTestId("account-chip").WaitForAsync();
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var chip = await page.GetByTestId("account-chip").InnerTextAsync();
        await page.GetByTestId("account-chip").ClickAsync();
        var name = await page.GetByTestId("account-name").InnerTextAsync();
        var address = await page.GetByTestId("account-address").InnerTextAsync();
        var menuBox = await page.GetByTestId("account-details").BoundingBoxAsync();
        var wallet = await page.GetByTestId("account-wallet").InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"identity-account-menu-{suffix}.png") });
        await page.GetByTestId("signout").ClickAsync();
        await page.GetByTestId("signin-button").WaitForAsync();
        var cookies = await context.CookiesAsync();

        Assert.StartsWith("No browser wallet was found", noWallet, StringComparison.Ordinal);
        Assert.EndsWith("guardian", chip.Trim(), StringComparison.Ordinal);
        Assert.Equal(width >= 700, chip.Contains("Eve Moreau (guardian)", StringComparison.Ordinal));
        Assert.Equal("Eve Moreau (guardian)", name.Trim());
        Assert.True(menuBox!.X >= 0 && menuBox.X + menuBox.Width <= width, $"the account menu ({menuBox.X}..{menuBox.X + menuBox.Width}) overflows the {width}px viewport");
        Assert.Equal(RiskGovernance.Web.Demo.DemoCommittee.Guardian.Address.ToString(), address.Trim());
        Assert.StartsWith("Development wallet", wallet, StringComparison.Ordinal);
        Assert.DoesNotContain(cookies, c => c.Name == RiskGovernance.Web.Identity.PortalIdentityExtensions.CookieName);
    }
}
