using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Overview;

/// <summary>
/// One demo portal on a real loopback port over its own anvil node, and Debian's chromium driven by
/// Playwright, shared by the read-only browser tests of a class (each test opens its own context).
/// </summary>
public sealed class BrowserPortalFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (apt-get install -y chromium); Playwright never downloads a browser here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly AnvilFixture _node = new();
    private PortalFactory? _portal;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The portal's base address.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium");
        await _node.InitializeAsync();
        _portal = new PortalFactory(_node, serveOnLoopback: true);
        BaseAddress = _portal.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArguments });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        await _node.DisposeAsync();
    }
}
