using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Browser;

/// <summary>
/// The README's "What to click first", in Debian's chromium against the real demo portal (anvil,
/// SQLite), clicking the labels the README names; and what a member sees of a proposal whose base
/// version was replaced. Every wait is on a condition (Playwright expectations), never on time.
/// </summary>
public sealed partial class ReadmeFirstClicksBrowserTests(AnvilFixture node, BrowserFixture browser) : IClassFixture<AnvilFixture>, IClassFixture<BrowserFixture>
{
    private const string Ada = "Ada Lovelace (risk lead)";

    /// <summary>Generous bounds for a busy 2-core machine (transactions, the 300-account impact).</summary>
    private const float Slow = 60_000;

    /// <summary>
    /// Sign in -> Development wallet -> Ada; Proposals -> the active proposal; vote For: the chain's
    /// tally goes from For 2 · Against 2 ("no: needs 3 more weight For") to For 5 · Against 2 ("yes");
    /// +3 days, Finalize (Succeeded), Queue (Queued, with its transaction), to ETA, Execute
    /// (Executed, version 3); the Registry shows version 3, equal to what was approved. The timeline
    /// and the audit log name Ada as the actor of finalize, queue and execute, and the audit log
    /// verifies against the head anchored on chain.
    /// </summary>
    [Fact]
    public async Task ReadmeFirstClicks_AsWritten_ReachExecutedAndTheRegistryHoldsVersion3AsApproved()
    {
        AssertTheReadmeStillSays(
            "*Sign in*", "*Development wallet*", $"\"{Ada}\"", "*Proposals*", "the active proposal", "*time travel* (+3 days)",
            "*Finalize*", "*Queue*", "*time travel to ETA*", "*Execute*", "*Registry*");
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var page = await browser.NewPageAsync(portal.Start());
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        Assert.Equal(DemoSeeder.ActiveTitle, active.Title);

        try
        {
            // Sign in -> Development wallet -> "Ada Lovelace (risk lead)"
            await BrowserFixture.GotoInteractiveAsync(page, "/");
            await Button(page, "Sign in", exact: true).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog.GetByText("Development wallet", new() { Exact = false })).ToBeVisibleAsync();
            await dialog.GetByText(Ada, new() { Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("account-chip")).ToContainTextAsync("Ada", new() { Timeout = Slow });

            // Proposals -> the active proposal
            await page.GetByRole(AriaRole.Link, new() { Name = "Proposals", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = DemoSeeder.ActiveTitle, Exact = true }).ClickAsync();
            await page.WaitForURLAsync($"**/proposals/{active.Id}");
            await Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Active", new() { Timeout = Slow });
            await Expect(page.GetByTestId("tally-for")).ToHaveTextAsync("2", new() { Timeout = Slow });
            await Expect(page.GetByTestId("tally-against")).ToHaveTextAsync("2");
            await Expect(page.GetByTestId("tally-verdict")).ToHaveTextAsync("passes on chain: no: needs 3 more weight For");
            await Expect(page.GetByTestId("parameter-diff")).ToContainTextAsync("assets.SOL.haircut");
            await BrowserFixture.ScreenshotAsync(page, "readme-1-active-before-vote");

            // vote on it (For): the tally panel shows the chain's tally.
            await Button(page, "For", exact: true).ClickAsync();
            await Expect(page.GetByTestId("my-vote-verified")).ToBeVisibleAsync(new() { Timeout = Slow });
            await Expect(page.GetByTestId("tally-for")).ToHaveTextAsync("5", new() { Timeout = Slow });
            await Expect(page.GetByTestId("tally-against")).ToHaveTextAsync("2");
            await Expect(page.GetByTestId("tally-verdict")).ToHaveTextAsync("passes on chain: yes");
            await Expect(page.GetByTestId("tally")).ToContainTextAsync("For 5 · Against 2");
            await BrowserFixture.ScreenshotAsync(page, "readme-2-voted");

            // time travel (+3 days) and Finalize
            await Button(page, "+3 days", exact: true).ClickAsync();
            await Expect(page.GetByTestId("time-travel-result")).ToContainTextAsync("Both clocks moved forward", new() { Timeout = Slow });
            await Button(page, "Finalize").ClickAsync();
            await Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Succeeded", new() { Timeout = Slow });

            // Queue: Queued, with its transaction
            await Button(page, "Queue").ClickAsync();
            await Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Queued", new() { Timeout = Slow });
            await Expect(page.GetByTestId("queue-tx")).ToHaveTextAsync(ShortHash(), new() { Timeout = Slow });

            // time travel to ETA, Execute
            await Button(page, "to ETA", exact: true).ClickAsync();
            await Button(page, "Execute", exact: true).ClickAsync();
            await Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Executed", new() { Timeout = Slow });
            await Expect(page.GetByTestId("executed-version")).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("execute-tx")).ToHaveTextAsync(ShortHash());

            // The timeline names the member who clicked, not "system".
            var timeline = page.GetByTestId("timeline");
            await Expect(timeline).ToContainTextAsync($"Succeeded · finalize by {Ada}");
            await Expect(timeline).ToContainTextAsync($"Queued · queue by {Ada}");
            await Expect(timeline).ToContainTextAsync($"Executed · execute by {Ada}");
            await Expect(timeline).Not.ToContainTextAsync("system");
            await BrowserFixture.ScreenshotAsync(page, "readme-3-executed");

            // then Registry: the chain holds exactly what was approved.
            await page.GetByRole(AriaRole.Link, new() { Name = "Registry", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("registry-version")).ToHaveTextAsync("3", new() { Timeout = Slow });
            await Expect(page.GetByTestId("registry-hash-check")).ToHaveTextAsync("match", new() { Timeout = Slow });
            await Expect(page.GetByTestId("registry-approved-source")).ToContainTextAsync(DemoSeeder.ActiveTitle);
            Assert.Equal(0, await page.Locator("tr[data-match=mismatch]").CountAsync());
            await BrowserFixture.ScreenshotAsync(page, "readme-4-registry");

            // Independently of the pages: the registry's version 3 is the approved set.
            var registry = portal.Services.GetRequiredService<RiskParameterRegistryService>();
            var approved = (await portal.Services.GetRequiredService<IProposalRepository>().GetAsync(active.Id, CancellationToken.None))!;
            var onChain = OnChainParameterCodec.Flatten(await registry.GetCurrentParametersAsync(CancellationToken.None));
            Assert.Equal(3, await registry.GetCurrentVersionAsync(CancellationToken.None));
            Assert.Equal(approved.ParamsHash, await registry.GetParamsHashAsync(3, CancellationToken.None));
            var haircut = approved.Changes.Single(c => c.Field == "assets.SOL.haircut");
            Assert.Equal(double.Parse(haircut.New, CultureInfo.InvariantCulture), double.Parse(onChain["assets.SOL.haircut"], CultureInfo.InvariantCulture), 12);

            // The audit log names Ada for finalize, queue and execute, and verifies against the anchor on chain.
            await BrowserFixture.GotoInteractiveAsync(page, $"/audit?subject={active.Id}");
            var audit = page.GetByTestId("audit-table");
            foreach (var action in new[] { "proposal.succeeded", "proposal.queued", "proposal.executed" })
            {
                var row = audit.Locator("tbody tr", new() { HasText = action });
                await Expect(row).ToHaveCountAsync(1, new() { Timeout = Slow });
                await Expect(row).ToContainTextAsync(Ada);
            }

            await Expect(audit).Not.ToContainTextAsync("system");
            await Button(page, "Verify chain", exact: true).ClickAsync();
            await Expect(page.GetByTestId("audit-status")).ToHaveAttributeAsync("data-valid", "valid", new() { Timeout = Slow });
            // The execution anchored the whole log, Ada's entries included.
            await Expect(page.GetByTestId("audit-anchor")).ToHaveTextAsync(FullyAnchored());
            await BrowserFixture.ScreenshotAsync(page, "readme-5-audit");
        }
        catch
        {
            await BrowserFixture.ScreenshotAsync(page, "readme-failure");
            throw;
        }
    }

    /// <summary>
    /// Two drafts on version 2; the first is executed as version 3. The second's page flags its stale
    /// base, shows its diff against the set in force (where it would silently undo the first's BTC
    /// haircut), offers no Open, Queue or Execute, and Rebase makes a new draft against version 3 whose
    /// diff keeps only this proposal's changes, with the SOL haircut both changed flagged, re-simulated.
    /// </summary>
    [Fact]
    public async Task StaleDraft_AfterAnotherExecutes_FlaggedWithTheDiffInForce_RebaseMakesADraftOnTheVersionInForce()
    {
        await using var portal = new PortalFactory(node, serveOnLoopback: true);
        var baseAddress = portal.Start();
        var steps = new GovernanceSteps(portal);
        var ada = GovernanceSteps.Member(0);
        var first = await steps.DraftAsync("Raise the BTC and SOL haircuts", ada, p =>
        {
            GovernanceSteps.Bump(p, "assets.BTC.haircut", 0.01);
            GovernanceSteps.Bump(p, "assets.SOL.haircut", 0.02);
        });
        var stale = await steps.DraftAsync("Raise the SOL haircut more, and ETH's", ada, p =>
        {
            GovernanceSteps.Bump(p, "assets.SOL.haircut", 0.04);
            GovernanceSteps.Bump(p, "assets.ETH.haircut", 0.01);
        });
        Assert.Equal((2L, 2L), (first.BaseVersion, stale.BaseVersion));
        var opened = await steps.OpenAsync(first);
        await steps.VoteAsync(opened, BallotSupport.For, 0, 1, 2);
        var executed = await steps.ExecuteAsync(opened, ada);
        Assert.Equal(3, executed.ExecutedVersion);
        var proposals = portal.Services.GetRequiredService<IProposalRepository>();
        var before = await proposals.ListAsync(null, CancellationToken.None);

        var page = await browser.NewPageAsync(baseAddress);
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await page.GetByTestId("signin-button").ClickAsync();
        await page.GetByTestId("devwallet-0").ClickAsync();
        await Expect(page.GetByTestId("account-chip")).ToContainTextAsync("Ada", new() { Timeout = Slow });
        await BrowserFixture.GotoInteractiveAsync(page, $"/proposals/{stale.Id}");

        try
        {
            await Expect(page.GetByTestId("stale-base")).ToContainTextAsync("drafted against version 2, but version 3 is in force", new() { Timeout = Slow });
            var inForce = page.GetByTestId("diff-in-force");
            await Expect(inForce).ToContainTextAsync("assets.SOL.haircut");
            await Expect(inForce).ToContainTextAsync("assets.ETH.haircut");
            await Expect(inForce).ToContainTextAsync("assets.BTC.haircut"); // what executing it would undo
            await Expect(page.GetByTestId("parameter-diff")).Not.ToContainTextAsync("assets.BTC.haircut");
            await Expect(inForce.Locator("th").Nth(1)).ToHaveTextAsync("Now");
            await Expect(page.GetByTestId("parameter-diff").Locator("th").Nth(1)).ToHaveTextAsync("Version 2");
            await Expect(page.Locator("body")).ToContainTextAsync(AgainstVersion(2));
            await Expect(page.GetByTestId("rebase")).ToBeVisibleAsync();
            foreach (var action in new[] { "open", "queue", "execute" })
            {
                Assert.Equal(0, await page.GetByTestId(action).CountAsync());
            }

            await BrowserFixture.ScreenshotAsync(page, "stale-1-flagged");

            await page.GetByTestId("rebase").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/proposals/0x", StringComparison.Ordinal) && !url.EndsWith(stale.Id.ToString(), StringComparison.Ordinal),
                new() { Timeout = Slow });
            await Expect(page.GetByTestId("proposal-state")).ToHaveTextAsync("Draft", new() { Timeout = Slow });
            await Expect(page.Locator("body")).ToContainTextAsync(AgainstVersion(3));
            await Expect(page.GetByTestId("parameter-diff").Locator("th").Nth(1)).ToHaveTextAsync("Now");
            await Expect(page.GetByTestId("rebased-from")).ToBeVisibleAsync();
            var diff = page.GetByTestId("parameter-diff");
            await Expect(diff).ToContainTextAsync("assets.SOL.haircut");
            await Expect(diff).ToContainTextAsync("assets.ETH.haircut");
            await Expect(diff).Not.ToContainTextAsync("assets.BTC.haircut");
            await Expect(page.GetByTestId("diff-conflict-assets.SOL.haircut")).ToBeVisibleAsync();
            Assert.Equal(0, await page.GetByTestId("diff-conflict-assets.ETH.haircut").CountAsync());
            Assert.Equal(0, await page.GetByTestId("stale-base").CountAsync());
            await Expect(page.GetByTestId("open")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "stale-2-rebased");
        }
        catch
        {
            await BrowserFixture.ScreenshotAsync(page, "stale-failure");
            throw;
        }

        var rebased = (await proposals.ListAsync(null, CancellationToken.None)).Single(p => before.All(b => b.Id != p.Id));
        Assert.Equal(stale.Id, rebased.RebasedFrom);
        Assert.Equal(3, rebased.BaseVersion);
        Assert.Equal(executed.ParamsHash, rebased.Simulation!.CurrentParamsHash);
        Assert.True(page.Url.EndsWith(rebased.Id.ToString(), StringComparison.Ordinal), page.Url);
        // This proposal's value of the field both changed is kept; the first one's BTC haircut stays.
        Assert.Equal(GovernanceSteps.Value(stale.ParamsJson!, "assets.SOL.haircut"), GovernanceSteps.Value(rebased.ParamsJson!, "assets.SOL.haircut"), 12);
        Assert.Equal(GovernanceSteps.Value(executed.ParamsJson!, "assets.BTC.haircut"), GovernanceSteps.Value(rebased.ParamsJson!, "assets.BTC.haircut"), 12);
        Assert.Equal(ProposalState.Draft, (await proposals.GetAsync(stale.Id, CancellationToken.None))!.State);
    }

    /// <summary>The README's "What to click first" paragraph (whitespace folded) names these, in this order.</summary>
    private static void AssertTheReadmeStillSays(params string[] steps)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("**What to click first**", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"What to click first\" paragraph");
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        var paragraph = Whitespace().Replace(readme[start..(end < 0 ? readme.Length : end)], " ");
        var at = 0;
        foreach (var step in steps)
        {
            var found = paragraph.IndexOf(step, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"the README's first clicks no longer say {step} (after position {at}): {paragraph}");
            at = found + step.Length;
        }
    }

    /// <summary>The header's "drafted … UTC against ratified version N", with the space.</summary>
    private static Regex AgainstVersion(int version) => new($@"UTC\s+against ratified version {version}\s+·");

    private static ILocator Button(IPage page, string name, bool exact = false)
        => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = exact });

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^Valid: (\d+) entries; the first \1 match the head anchored on chain at \d{4}-\d\d-\d\d \d\d:\d\d UTC$")]
    private static partial Regex FullyAnchored();

    [GeneratedRegex("^0x[0-9a-f]{4}…[0-9a-f]{4}$")]
    private static partial Regex ShortHash();
}
