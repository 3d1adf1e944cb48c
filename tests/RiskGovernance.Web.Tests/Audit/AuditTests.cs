using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence;
using RiskGovernance.Testing;
using RiskGovernance.Web.Components.Pages.Audit;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Audit;

/// <summary>The audit log page and its service on the real demo portal's SQLite log.</summary>
public sealed class AuditTests(AnvilFixture node) : PortalComponentTest, IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task VerifyAsync_SeededLog_IsValid()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var view = portal.Services.GetRequiredService<AuditView>();

        var verification = await view.VerifyAsync(CancellationToken.None);
        var entries = await view.ListAsync(null, CancellationToken.None);

        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(entries.Count, verification.Entries);
        Assert.True(entries.Count >= 10);
        Assert.Equal(entries.Select(e => e.Sequence).OrderDescending(), entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ListAsync_SubjectOfTheExecutedProposal_OnlyItsEntries()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var view = portal.Services.GetRequiredService<AuditView>();
        var executed = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Executed, CancellationToken.None)).Single();

        var entries = await view.ListAsync(executed.Id.ToString(), CancellationToken.None);
        var subjects = await view.SubjectsAsync(CancellationToken.None);

        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(executed.Id.ToString(), e.Event.Subject));
        Assert.Contains(entries, e => e.Event.Action == "proposal.executed");
        Assert.Contains(subjects, s => s.Subject == executed.Id.ToString() && s.Label == DemoSeeder.ExecutedTitle);
        Assert.Empty(await view.ListAsync("0xnot-a-subject", CancellationToken.None));
    }

    [Fact]
    public async Task AuditPage_VerifyClicked_ShowsValid()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        UsePortalServices(portal);

        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Contains("Valid: all", page.Find("[data-testid=audit-status]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AuditPage_EntryEditedInTheDatabase_VerifyNamesTheFirstBrokenEntry()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var edited = await db.AuditEntries.Where(r => r.Sequence == 3)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Actor, "0x0000000000000000000000000000000000000bad"));
            Assert.Equal(1, edited);
        }

        UsePortalServices(portal);
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[data-testid=audit-status]");
            Assert.Equal("broken", status.GetAttribute("data-valid"));
            Assert.Contains("Broken at entry 3", status.TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AuditPage_SearchTyped_FiltersRows()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        UsePortalServices(portal);
        var all = await portal.Services.GetRequiredService<AuditView>().ListAsync(null, CancellationToken.None);
        var executedCount = all.Count(e => e.Event.Action == "proposal.executed");

        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(10));
        page.FindComponent<MudBlazor.MudTextField<string>>().Find("input").Input("proposal.executed");

        page.WaitForAssertion(() => Assert.Equal(executedCount, page.FindAll("[data-testid^=audit-row-]").Count), TimeSpan.FromSeconds(10));
        Assert.Equal(1, executedCount);
    }

    [Fact]
    public void Matches_SearchText_MatchesActionActorHashAndSequenceCaseInsensitively()
    {
        var entry = AuditChain.Next(null, new AuditEvent("0xAbC0000000000000000000000000000000000001", "vote.cast", "0x1234", "{\"support\":\"for\"}",
            new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero)));

        Assert.True(AuditView.Matches(entry, null));
        Assert.True(AuditView.Matches(entry, "  "));
        Assert.True(AuditView.Matches(entry, "VOTE.CAST"));
        Assert.True(AuditView.Matches(entry, "0xabc"));
        Assert.True(AuditView.Matches(entry, "support"));
        Assert.True(AuditView.Matches(entry, entry.Hash.ToString()[..10]));
        Assert.True(AuditView.Matches(entry, "1"));
        Assert.True(AuditView.Matches(entry, "2026-11-24 10:30"));
        Assert.False(AuditView.Matches(entry, "proposal.executed"));
    }

    private void UsePortalServices(PortalFactory portal)
    {
        Services.AddSingleton(portal.Services.GetRequiredService<AuditView>());
        Services.AddSingleton(portal.Services.GetRequiredService<ICommitteeStore>());
        UseServerRenderer();
    }
}
