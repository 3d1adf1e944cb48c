using System.Globalization;
using Microsoft.Playwright;
using RiskGovernance.Web.Demo;

namespace RiskGovernance.Web.Tests.Browser;

/// <summary>
/// What each main page shows of the seeded demo (DemoSeeder, DemoCommittee): the ratified version 2,
/// the committee, both demo proposals, the registry's match with the executed proposal, the audit
/// events. The layout tests call it so that a page that renders empty, or an error, at some width
/// fails even when nothing overflows.
/// </summary>
internal static class DemoPageContent
{
    /// <summary>The ratified version after the demo seeding (version 1 genesis, version 2 executed).</summary>
    public const long RatifiedVersion = 2;

    /// <summary>Accounts in the demo book (PortalFactory's Portal:Demo:Accounts).</summary>
    public const int DemoAccounts = 300;

    /// <summary>How long a page may take to show its content: generous, because the overview margins
    /// the 300-account book on first load and CI is a busy 2-core machine.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 60_000 };

    /// <summary>Asserts that the page at <paramref name="path"/>, already opened, shows the demo's content.</summary>
    public static async Task ExpectAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        switch (path)
        {
            case "/":
                await ExpectHeadingAsync(page, "Overview");
                await Assertions.Expect(page.GetByTestId("ratified-version")).ToContainTextAsync($"Ratified parameter set: version {RatifiedVersion}", Slow);
                await Assertions.Expect(page.GetByTestId("chain-sync")).ToContainTextAsync("in sync with the registry", Slow);
                foreach (var member in DemoCommittee.Members)
                {
                    await Assertions.Expect(page.GetByTestId("committee")).ToContainTextAsync(member.DisplayName, Slow);
                }

                await Assertions.Expect(page.GetByTestId("open-proposals")).ToContainTextAsync(DemoSeeder.ActiveTitle, Slow);
                await Assertions.Expect(page.GetByTestId("recent-executions")).ToContainTextAsync(DemoSeeder.ExecutedTitle, Slow);
                await Assertions.Expect(page.Locator("body")).ToContainTextAsync($"{DemoAccounts} accounts under version {RatifiedVersion}", Slow);
                var counts = new List<int>();
                foreach (var status in new[] { "healthy", "restricted", "margin-call", "liquidatable" })
                {
                    counts.Add(int.Parse(await page.GetByTestId($"health-{status}").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
                }

                Assert.Equal(DemoAccounts, counts.Sum());
                break;
            case "/proposals":
                await ExpectHeadingAsync(page, "Proposals");
                await Assertions.Expect(page.GetByTestId("proposals-table")).ToContainTextAsync(DemoSeeder.ActiveTitle, Slow);
                await Assertions.Expect(page.GetByTestId("proposals-table")).ToContainTextAsync(DemoSeeder.ExecutedTitle, Slow);
                break;
            case "/proposals/new":
                await ExpectHeadingAsync(page, "New parameter proposal");
                await Assertions.Expect(page.GetByTestId("start-version")).ToContainTextAsync($"Starts from the ratified set, version {RatifiedVersion}.", Slow);
                break;
            case "/registry":
                await ExpectHeadingAsync(page, "Registry");
                await Assertions.Expect(page.GetByTestId("registry-version")).ToHaveTextAsync(RatifiedVersion.ToString(CultureInfo.InvariantCulture), new() { Timeout = Slow.Timeout });
                await Assertions.Expect(page.GetByTestId("registry-hash-check")).ToHaveTextAsync("match", new() { Timeout = Slow.Timeout });
                await Assertions.Expect(page.GetByTestId("registry-approved-source")).ToContainTextAsync(DemoSeeder.ExecutedTitle, Slow);
                break;
            case "/audit":
                await ExpectHeadingAsync(page, "Audit log");
                await Assertions.Expect(page.GetByTestId("audit-table")).ToContainTextAsync("proposal.executed", Slow);
                await Assertions.Expect(page.GetByTestId("audit-table")).ToContainTextAsync("vote.cast", Slow);
                Assert.True(await page.Locator("[data-testid^=audit-row-]").CountAsync() > 0, "the audit table shows no rows");
                break;
            case "/what-if":
                await ExpectHeadingAsync(page, "What-if margin");
                await Assertions.Expect(page.GetByTestId("what-if-proposal")).ToContainTextAsync(DemoSeeder.ActiveTitle, Slow);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, "no expected content for this page");
        }
    }

    private static Task ExpectHeadingAsync(IPage page, string title) =>
        Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 4 })).ToBeVisibleAsync(new() { Timeout = Slow.Timeout });
}
