using Microsoft.Playwright;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Browser;

/// <summary>The portal in a real browser: the pages load, become interactive, show the demo's content
/// and hold their layout.</summary>
public sealed class BrowserSmokeTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 800, "wide")]
    [InlineData(400, 800, "narrow")]
    public async Task MainPages_AnonymousVisitor_ShowTheDemoContentWithoutHorizontalOverflowOrErrors(int width, int height, string label)
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var page = await browser.NewPageAsync(portal.Start(), width, height);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };

        foreach (var (path, name) in new[] { ("/", "overview"), ("/proposals", "proposals"), ("/proposals/new", "new-proposal"), ("/registry", "registry"), ("/audit", "audit"), ("/what-if", "what-if") })
        {
            await BrowserFixture.GotoInteractiveAsync(page, path);
            await DemoPageContent.ExpectAsync(page, path);
            await BrowserFixture.ScreenshotAsync(page, $"{name}-{label}");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 1, $"{path} at {width}px overflows horizontally by {overflow}px");
        }

        Assert.Empty(errors);
    }
}
