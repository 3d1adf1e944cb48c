using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Application;
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

        Assert.Null(verification.AnchorUnavailable);
        Assert.NotNull(verification.Anchored);
        Assert.True(verification.Anchored.IsValid, verification.Anchored.Summary);
        Assert.NotNull(verification.Anchored.Anchor);
        Assert.Equal(entries.Count, verification.Local.Entries);
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
    public async Task AuditPage_VerifyClicked_ShowsValidWithTheAnchorTheChainHolds()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var anchor = await SettledAnchorAsync(portal);
        var entries = await portal.Services.GetRequiredService<IAuditLog>().ListAsync(null, CancellationToken.None);
        UsePortalServices(portal);

        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(60));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Contains($"Valid: {entries.Count} entries", page.Find("[data-testid=audit-status]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.Equal("valid", page.Find("[data-testid=audit-status]").GetAttribute("data-valid"));
        var shown = page.Find("[data-testid=audit-anchor]").TextContent;
        Assert.Contains($"the first {anchor.Entries} match the head anchored on chain", shown, StringComparison.Ordinal);
        var relayer = RiskGovernance.Chain.DevelopmentKeys.Key(DemoCommittee.RelayerKeyIndex).Address;

        // Independently of the portal: cast reads the anchor from the registry, and it is the hash of that entry of the log.
        var registry = portal.Services.GetRequiredService<RiskGovernance.Contracts.Registry.RiskParameterRegistryService>().Address;
        var cast = (await CastTool.RunAsync(CancellationToken.None, "call", registry.ToString(), "auditAnchor(address)(bytes32,uint256,uint256)",
            relayer.ToString(), "--rpc-url", node.RpcUrl.ToString())).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(entries[(int)anchor.Entries - 1].Hash.ToString(), cast[0], ignoreCase: true);
        Assert.StartsWith(anchor.Entries.ToString(System.Globalization.CultureInfo.InvariantCulture), cast[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// The rewrite: someone who can write the database file turns the executed proposal's
    /// "succeeded" into "defeated" and recomputes every later hash and the head with the public rule.
    /// The log then recomputes by itself; the head anchored on the registry gives the rewrite away.
    /// </summary>
    [Fact]
    public async Task AuditPage_LogRewrittenWithEveryHashRecomputed_VerifyReportsTheRewriteAgainstTheAnchor()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var anchor = await SettledAnchorAsync(portal);
        var log = portal.Services.GetRequiredService<IAuditLog>();
        var executed = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Executed, CancellationToken.None)).Single();
        var entries = await log.ListAsync(null, CancellationToken.None);
        var target = entries.Single(e => e.Event.Subject == executed.Id.ToString() && e.Event.Action == "proposal.succeeded");
        Assert.True(target.Sequence <= anchor.Entries, $"entry {target.Sequence} was anchored (the anchor covers {anchor.Entries})");

        await RewriteAsync(portal, entries, target.Sequence, e => e with
        {
            Action = "proposal.defeated",
            PayloadJson = e.PayloadJson.Replace("\"Succeeded\"", "\"Defeated\"", StringComparison.Ordinal),
        });
        var local = await log.VerifyAsync(CancellationToken.None);
        Assert.True(local.IsValid, local.Problem);
        Assert.Contains(await log.ListAsync(null, CancellationToken.None), e => e.Sequence == target.Sequence && e.Event.Action == "proposal.defeated");

        UsePortalServices(portal);
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(60));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[data-testid=audit-status]");
            Assert.Equal("broken", status.GetAttribute("data-valid"));
            Assert.Contains("Invalid:", page.Find("[data-testid=audit-anchor]").TextContent, StringComparison.Ordinal);
            Assert.Contains($"entry {anchor.Entries} has hash", status.TextContent, StringComparison.Ordinal);
            Assert.Contains(anchor.Head.ToString(), status.TextContent, StringComparison.Ordinal);
            Assert.Contains("the log was rewritten", status.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("Valid", status.TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60));
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
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(60));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[data-testid=audit-status]");
            Assert.Equal("broken", status.GetAttribute("data-valid"));
            Assert.Contains("Broken at entry 3", status.TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60));
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
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=audit-row-]")), TimeSpan.FromSeconds(60));
        page.FindComponent<MudBlazor.MudTextField<string>>().Find("input").Input("proposal.executed");

        page.WaitForAssertion(() => Assert.Equal(executedCount, page.FindAll("[data-testid^=audit-row-]").Count), TimeSpan.FromSeconds(60));
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

    /// <summary>The anchor once the portal's start-up reconciliation pass (which may anchor too) has ended.</summary>
    private static async Task<AuditAnchor> SettledAnchorAsync(PortalFactory portal)
    {
        var reconciliation = portal.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ChainReconciliation>().Single();
        await reconciliation.FirstPass.WaitAsync(TimeSpan.FromSeconds(60));
        var anchor = await portal.Services.GetRequiredService<IRegistryGateway>().GetAuditAnchorAsync(CancellationToken.None);
        Assert.NotNull(anchor);
        Assert.True(anchor.Entries > 0);
        return anchor;
    }

    /// <summary>Replaces entry <paramref name="sequence"/> and recomputes its hash, every later hash and the head, as a forger with the public rule would.</summary>
    private static async Task RewriteAsync(PortalFactory portal, IReadOnlyList<AuditEntry> entries, long sequence, Func<AuditEvent, AuditEvent> change)
    {
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var previous = entries.Single(e => e.Sequence == sequence).PreviousHash;
        foreach (var entry in entries.Where(e => e.Sequence >= sequence).OrderBy(e => e.Sequence))
        {
            var e = entry.Sequence == sequence ? change(entry.Event) : entry.Event;
            var hash = AuditChain.EntryHash(previous, entry.Sequence, e);
            var (prevText, hashText) = (previous.ToString(), hash.ToString());
            var updated = await db.AuditEntries.Where(r => r.Sequence == entry.Sequence).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Action, e.Action)
                .SetProperty(r => r.PayloadJson, e.PayloadJson)
                .SetProperty(r => r.PrevHash, prevText)
                .SetProperty(r => r.Hash, hashText));
            Assert.Equal(1, updated);
            previous = hash;
        }

        var head = previous.ToString();
        Assert.Equal(1, await db.AuditHead.ExecuteUpdateAsync(s => s.SetProperty(r => r.Hash, head)));
        await transaction.CommitAsync();
    }

    private void UsePortalServices(PortalFactory portal)
    {
        Services.AddSingleton(portal.Services.GetRequiredService<AuditView>());
        Services.AddSingleton(portal.Services.GetRequiredService<GovernanceService>());
        UseServerRenderer();
    }
}
