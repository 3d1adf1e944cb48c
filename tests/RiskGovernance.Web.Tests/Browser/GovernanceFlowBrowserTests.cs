using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Browser;

/// <summary>
/// The whole governance flow in Debian's chromium against the real portal, a real anvil node and a
/// real SQLite file: sign in with the development wallet, propose a change of BTC's scan range and
/// one correlation, view the impact, three members vote, both clocks move past the voting period
/// and the timelock, the proposal is executed, and the Registry page matches. Screenshots of the
/// main pages are saved under the test output.
/// </summary>
public sealed partial class GovernanceFlowBrowserTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>
{
    private const string NewBtcScanRange = "0.21";
    private const string NewBtcEthCorrelation = "0.8";

    [Fact]
    public async Task WholeFlow_DevelopmentWallet_ProposeVoteTimelockExecute_RegistryMatchesTheProposal()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var page = await browser.NewPageAsync(portal.Start());

        await SignInAsync(page, memberIndex: 0);
        await BrowserFixture.GotoInteractiveAsync(page, "/proposals/new");
        await page.GetByTestId("param-assets.BTC.scanRange").FillAsync(NewBtcScanRange);
        await page.GetByTestId("param-assets.BTC.scanRange").PressAsync("Tab");
        await page.GetByTestId("corr-cell-0-1").FillAsync(NewBtcEthCorrelation);
        await page.GetByTestId("corr-cell-0-1").PressAsync("Tab");
        await Expect(page.GetByTestId("psd-status")).ToHaveAttributeAsync("data-psd", "true");
        await page.GetByTestId("title").FillAsync("Widen BTC scan range, lower BTC/ETH correlation");
        await page.GetByTestId("rationale").FillAsync("Browser test: the whole flow.");
        await page.GetByTestId("preview-impact").ClickAsync();
        await page.GetByTestId("preview-ready").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await BrowserFixture.ScreenshotAsync(page, "flow-1-new-proposal");
        await page.GetByTestId("submit-proposal").ClickAsync();
        await page.WaitForURLAsync(ProposalUrl(), new PageWaitForURLOptions { Timeout = 120_000 });
        var proposalPath = new Uri(page.Url).AbsolutePath;
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("proposal-state")).ToContainTextAsync("Active");
        await page.GetByTestId("impact-ready").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await Expect(page.GetByTestId("parameter-diff")).ToContainTextAsync("assets.BTC.scanRange");
        await VoteForAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "flow-2-proposal-voted");

        foreach (var member in new[] { 1, 2 })
        {
            await SignOutAsync(page);
            await SignInAsync(page, member);
            await BrowserFixture.GotoInteractiveAsync(page, proposalPath);
            await VoteForAsync(page);
        }

        await page.GetByTestId("time-travel-3d").ClickAsync();
        await page.GetByTestId("time-travel-result").WaitForAsync();
        await page.GetByTestId("finalize").ClickAsync();
        await Expect(page.GetByTestId("proposal-state")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await page.GetByTestId("queue").ClickAsync();
        await Expect(page.GetByTestId("proposal-state")).ToContainTextAsync("Queued", new() { Timeout = 60_000 });
        await page.GetByTestId("time-travel-eta").ClickAsync();
        await page.GetByTestId("time-travel-result").WaitForAsync();
        await page.GetByTestId("execute").ClickAsync();
        await Expect(page.GetByTestId("proposal-state")).ToContainTextAsync("Executed", new() { Timeout = 60_000 });
        await BrowserFixture.ScreenshotAsync(page, "flow-3-executed");

        await BrowserFixture.GotoInteractiveAsync(page, "/registry");
        await Expect(page.GetByTestId("registry-version")).ToContainTextAsync("3", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("registry-hash-check")).ToContainTextAsync("match", new() { IgnoreCase = true, Timeout = 30_000 });
        await Expect(page.GetByTestId("registry-hash-check")).Not.ToContainTextAsync("mismatch", new() { IgnoreCase = true });
        await BrowserFixture.ScreenshotAsync(page, "flow-4-registry");

        // Independently of the page: the chain holds version 3 with the proposed values.
        var registry = portal.Services.GetRequiredService<RiskParameterRegistryService>();
        var onChain = OnChainParameterCodec.Flatten(await registry.GetCurrentParametersAsync(CancellationToken.None));
        Assert.Equal(3, (int)await registry.GetCurrentVersionAsync(CancellationToken.None));
        Assert.Equal(double.Parse(NewBtcScanRange, CultureInfo.InvariantCulture), double.Parse(onChain["assets.BTC.scanRange"], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public async Task AnonymousVisitor_ReadsEverything_EveryActionRefusedInTheUiAndByTheServer()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var page = await browser.NewPageAsync(portal.Start());

        await BrowserFixture.GotoInteractiveAsync(page, "/proposals");
        var href = await page.GetByTestId("proposal-row-0").Locator("a").GetAttributeAsync("href");
        Assert.Matches(ProposalUrl(), href!);
        await BrowserFixture.GotoInteractiveAsync(page, href!);
        var proposalId = href!.Split('/')[^1];
        await page.GetByTestId("vote-list").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "anonymous-proposal");
        foreach (var action in new[] { "vote-for", "vote-against", "vote-abstain", "finalize", "queue", "execute", "veto", "cancel" })
        {
            Assert.Equal(0, await page.GetByTestId(action).CountAsync());
        }

        await BrowserFixture.GotoInteractiveAsync(page, "/proposals/new");
        await page.GetByTestId("read-only-reason").WaitForAsync();
        Assert.True(await page.GetByTestId("submit-proposal").CountAsync() == 0 || await page.GetByTestId("submit-proposal").IsDisabledAsync());

        var execute = await page.APIRequest.PostAsync($"/api/proposals/{proposalId}/execute");
        var challenge = await page.APIRequest.GetAsync("/api/proposals/" + proposalId);
        Assert.Equal(401, execute.Status);
        Assert.Equal(200, challenge.Status);
    }

    private static async Task SignInAsync(IPage page, int memberIndex)
    {
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId($"devwallet-{memberIndex}").ClickAsync();
        await page.GetByTestId("account-chip").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("account-chip").ClickAsync();

        // Sign out reloads the page: wait for that navigation, not just for the sign-in button (an
        // open page turns anonymous by itself within seconds, before the reload has happened, and a
        // navigation started then would be aborted by the reload).
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => reloaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await page.GetByTestId("signout").ClickAsync();
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            page.Load -= OnLoad;
        }

        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByTestId("signin-button").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    private static async Task VoteForAsync(IPage page)
    {
        await page.GetByTestId("vote-for").ClickAsync();
        await page.GetByTestId("my-vote-verified").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex("/proposals/0x[0-9a-fA-F]{64}$")]
    private static partial Regex ProposalUrl();
}
