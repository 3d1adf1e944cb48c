using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Browser;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// In Debian's chromium against the real portal on Kestrel: the pages work under the portal's
/// Content-Security-Policy without a single violation (the detector itself is shown to catch one),
/// an unknown address shows the 404 page in the portal's layout, and an anonymous visitor is
/// offered no time travel (a committee member is).
/// </summary>
public sealed class HardeningBrowserTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ViolationRecorder =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

    private PortalFactory _portal = null!;
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _portal = new PortalFactory(node, serveOnLoopback: true);
        _address = _portal.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<(IPage Page, List<string> Console)> NewPageAsync()
    {
        var page = await browser.NewPageAsync(_address);
        var console = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (console)
                {
                    console.Add(m.Text);
                }
            }
        };
        await page.AddInitScriptAsync(ViolationRecorder);
        return (page, console);
    }

    private static async Task<string[]> ViolationsAsync(IPage page) => await page.EvaluateAsync<string[]>("() => window.__cspViolations");

    [Fact]
    public async Task EveryPage_UnderTheCsp_NoViolation_AndTheDetectorCatchesOne()
    {
        var active = (await _portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var (page, console) = await NewPageAsync();
        var found = new List<string>();
        foreach (var path in new[] { "/", "/proposals", $"/proposals/{active.Id}", $"/proposals/{active.Id}/history", "/proposals/new", "/proposals/new/rules", "/registry", "/audit", "/what-if" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(PortalSecurityHeaders.ContentSecurityPolicy, await response!.HeaderValueAsync("content-security-policy"));
            await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

            // The sign-in dialog (MudBlazor's popover and overlay) opens under the policy as well.
            if (path == "/")
            {
                await page.GetByTestId("signin-button").ClickAsync();
                await page.GetByTestId("devwallet-0").WaitForAsync();
                await page.Keyboard.PressAsync("Escape");
            }

            found.AddRange((await ViolationsAsync(page)).Select(v => $"{path}: {v}"));
        }

        // The detector works: an inline script is a violation of script-src 'self'.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }");
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0");
        var caught = await ViolationsAsync(page);

        Assert.Empty(found);
        Assert.Contains(caught, v => v.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__ran"));
        lock (console)
        {
            Assert.All(console, m => Assert.Contains("inline script", m, StringComparison.Ordinal)); // nothing but the test's own inline script
        }
    }

    [Fact]
    public async Task UnknownAddress_404PageInTheLayout_NavigationStillWorks()
    {
        var (page, _) = await NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page).ToHaveTitleAsync("Not found · RiskGovernance");
        Assert.Empty(await ViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "Proposals", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/proposals");
    }

    [Fact]
    public async Task TimeTravel_AnonymousVisitorIsOfferedNone_MemberIs()
    {
        var active = (await _portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var (page, _) = await NewPageAsync();

        await BrowserFixture.GotoInteractiveAsync(page, $"/proposals/{active.Id}");
        await Assertions.Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Active", new() { Timeout = 30_000 });
        await page.GetByTestId("time-travel-unavailable").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var anonymous = await page.GetByTestId("time-travel").CountAsync();
        var anonymousButtons = await page.GetByTestId("time-travel-1h").CountAsync();

        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId("devwallet-0").ClickAsync();
        await page.GetByTestId("account-chip").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await BrowserFixture.GotoInteractiveAsync(page, $"/proposals/{active.Id}");

        Assert.Equal(0, anonymous);
        Assert.Equal(0, anonymousButtons);
        await Assertions.Expect(page.GetByTestId("time-travel")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}
