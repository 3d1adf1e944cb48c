using Microsoft.Data.Sqlite;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The audit log's head anchored on the registry (real SQLite file, real anvil), and the issue's
/// attack: someone who can write the database file rewrites an entry and recomputes every later hash
/// and the head with the public rule. The log then verifies against itself, but not against the anchor.
/// </summary>
public sealed class AuditAnchoringTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A proposal executed through the service (which anchors the log after the execution), then one more draft (entries not anchored yet).</summary>
    private static async Task<Proposal> ExecutedAsync(GovernanceStack s)
    {
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await s.VoteAsync(open, BallotSupport.For, 0, 1);
        await s.EndVotingAsync(open.Id);
        await s.Service.FinalizeAsync(open.Id, s[2].Address, Ct);
        await s.Service.QueueAsync(open.Id, s[2].Address, Ct);
        await s.ReachEtaAsync(open.Id);
        return await s.Service.ExecuteAsync(open.Id, s[2].Address, Ct);
    }

    [Fact]
    public async Task Anchor_AfterAnExecution_HeadAndCountOnChainAndLaterEntriesReportedUnanchored()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        Assert.Null(await s.Anchoring.AnchorAsync(Ct)); // an empty log is not anchored
        await ExecutedAsync(s);
        var anchored = await s.Audit.ListAsync(null, Ct);

        var anchor = await s.Gateway.GetAuditAnchorAsync(Ct);

        Assert.Equal((GovernanceStack.Relayer.Address, anchored.Count, anchored[^1].Hash), (anchor!.Anchorer, anchor.Entries, anchor.Head));
        Assert.Null(await s.Anchoring.AnchorAsync(Ct)); // nothing new: nothing sent
        var verified = await s.Anchoring.VerifyAsync(Ct);
        Assert.True(verified.IsValid);
        Assert.Equal(0, verified.UnanchoredEntries);
        Assert.StartsWith($"Valid: {anchored.Count} entries; the first {anchored.Count} match the head anchored on chain at", verified.Summary, StringComparison.Ordinal);

        await s.DraftAsync(GovernanceStack.Params(("assets.ETH.haircut", 0.12)), title: "after the anchor");
        var later = await s.Anchoring.VerifyAsync(Ct);
        Assert.True(later.IsValid);
        Assert.Equal(2, later.UnanchoredEntries); // created, simulated
        Assert.EndsWith("(2 newer entries not anchored yet)", later.Summary, StringComparison.Ordinal);

        var tx = await s.Anchoring.AnchorAsync(Ct);
        Assert.NotNull(tx);
        Assert.Equal(anchored.Count + 2, (await s.Gateway.GetAuditAnchorAsync(Ct))!.Entries);
    }

    /// <summary>
    /// The case 5: the "proposal.succeeded" entry rewritten as "proposal.defeated" directly in the
    /// file, every later hash and the head recomputed with <see cref="AuditChain"/>: the log's own check
    /// passes, the anchored check names the anchored entry.
    /// </summary>
    [Fact]
    public async Task RewriteSucceededAsDefeatedRecomputingEveryHash_LocalCheckPassesAnchoredCheckNamesTheAnchoredEntry()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var executed = await ExecutedAsync(s);
        await s.DraftAsync(GovernanceStack.Params(("assets.ETH.haircut", 0.12)), title: "after the anchor");
        var anchor = (await s.Gateway.GetAuditAnchorAsync(Ct))!;
        var entries = await s.Audit.ListAsync(null, Ct);
        var target = entries.Single(e => e.Event.Subject == executed.Id.ToString() && e.Event.Action == "proposal.succeeded");
        Assert.Contains("\"to\":\"Succeeded\"", target.Event.PayloadJson, StringComparison.Ordinal);

        var rewritten = await RewriteAsync(s, entries, target.Sequence, e => e with
        {
            Action = "proposal.defeated",
            PayloadJson = e.PayloadJson.Replace("\"to\":\"Succeeded\"", "\"to\":\"Defeated\"", StringComparison.Ordinal),
        });

        Assert.True(rewritten > entries.Count - target.Sequence); // every later entry was rehashed
        var local = await s.Audit.VerifyAsync(Ct);
        Assert.True(local.IsValid, local.Problem);
        Assert.Equal("proposal.defeated", (await s.Audit.ListAsync(null, Ct))[(int)target.Sequence - 1].Event.Action);
        var anchored = await s.Anchoring.VerifyAsync(Ct);
        Assert.False(anchored.IsValid);
        Assert.True(anchored.Local.IsValid);
        Assert.Contains($"entry {anchor.Entries} has hash", anchored.Problem, StringComparison.Ordinal);
        Assert.Contains($"the head anchored on chain on {anchor.AnchoredAt:yyyy-MM-dd HH:mm} UTC is {anchor.Head}: the log was rewritten", anchored.Problem, StringComparison.Ordinal);
        Assert.StartsWith("Invalid: ", anchored.Summary, StringComparison.Ordinal);

        // Anchoring again (after the next execution, or on the hourly schedule) must not bless the
        // rewritten log: it is refused, and the chain keeps the anchor of the true log.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => s.Anchoring.AnchorAsync(Ct));
        Assert.Contains("anchored on chain", refused.Message, StringComparison.Ordinal);
        Assert.Equal(anchor, await s.Gateway.GetAuditAnchorAsync(Ct));
        Assert.False((await s.Anchoring.VerifyAsync(Ct)).IsValid);
    }

    /// <summary>The newest anchored entries deleted and the head set to the new last entry: the log's own check passes, the anchored check reports the removal.</summary>
    [Fact]
    public async Task DeleteAnchoredEntriesAndRewriteTheHead_LocalCheckPassesAnchoredCheckReportsTheRemoval()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        await ExecutedAsync(s);
        var anchor = (await s.Gateway.GetAuditAnchorAsync(Ct))!;
        var entries = await s.Audit.ListAsync(null, Ct);
        var keep = entries.Count - 2;

        await s.Database.ExecuteRawAsync(
            $"DELETE FROM AuditEntries WHERE Sequence > {keep}; UPDATE AuditHead SET Sequence = {keep}, Hash = '{entries[keep - 1].Hash}' WHERE Id = 1;");

        Assert.True((await s.Audit.VerifyAsync(Ct)).IsValid);
        var anchored = await s.Anchoring.VerifyAsync(Ct);
        Assert.False(anchored.IsValid);
        Assert.Contains($"the chain anchored {anchor.Entries} entries", anchored.Problem, StringComparison.Ordinal);
        Assert.Contains($"the log holds only {keep} (entries were removed)", anchored.Problem, StringComparison.Ordinal);
        Assert.Null(await s.Anchoring.AnchorAsync(Ct)); // the anchor never moves back to the shorter log
        Assert.Equal(anchor, await s.Gateway.GetAuditAnchorAsync(Ct));
    }

    /// <summary>An entry edited without recomputing: the log's own check fails, and such a log is never anchored.</summary>
    [Fact]
    public async Task EditWithoutRehash_LocalCheckFailsAndTheLogIsNotAnchored()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        await s.DraftAsync(GovernanceStack.Params(("assets.ETH.haircut", 0.12)));
        await s.Database.ExecuteRawAsync("UPDATE AuditEntries SET Actor = 'system' WHERE Sequence = 1");

        var verified = await s.Anchoring.VerifyAsync(Ct);

        Assert.False(verified.IsValid);
        Assert.False(verified.Local.IsValid);
        Assert.StartsWith("Invalid: entry 1", verified.Summary, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => s.Anchoring.AnchorAsync(Ct));
        Assert.Null(await s.Gateway.GetAuditAnchorAsync(Ct));
    }

    /// <summary>
    /// The attacker's rewrite with SQL on the file: entry <paramref name="sequence"/> changed by
    /// <paramref name="edit"/>, and it and every later entry rehashed with the public rule, the head too.
    /// Returns the number of rows rewritten.
    /// </summary>
    private static async Task<int> RewriteAsync(GovernanceStack s, IReadOnlyList<AuditEntry> entries, long sequence, Func<AuditEvent, AuditEvent> edit)
    {
        await using var connection = new SqliteConnection($"Data Source={s.Database.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var transaction = connection.BeginTransaction();
        var previous = sequence == 1 ? null : entries[(int)sequence - 2];
        var rows = 0;
        foreach (var original in entries.Where(e => e.Sequence >= sequence))
        {
            var e = original.Sequence == sequence ? edit(original.Event) : original.Event;
            var entry = AuditChain.Next(previous, e);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE AuditEntries SET Action = $action, PayloadJson = $payload, PrevHash = $prev, Hash = $hash WHERE Sequence = $sequence";
            command.Parameters.AddWithValue("$action", e.Action);
            command.Parameters.AddWithValue("$payload", e.PayloadJson);
            command.Parameters.AddWithValue("$prev", entry.PreviousHash.ToString());
            command.Parameters.AddWithValue("$hash", entry.Hash.ToString());
            command.Parameters.AddWithValue("$sequence", entry.Sequence);
            rows += await command.ExecuteNonQueryAsync(Ct);
            previous = entry;
        }

        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "UPDATE AuditHead SET Sequence = $sequence, Hash = $hash WHERE Id = 1";
            head.Parameters.AddWithValue("$sequence", previous!.Sequence);
            head.Parameters.AddWithValue("$hash", previous.Hash.ToString());
            await head.ExecuteNonQueryAsync(Ct);
        }

        await transaction.CommitAsync(Ct);
        return rows;
    }
}
