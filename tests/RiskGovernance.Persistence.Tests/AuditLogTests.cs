using RiskGovernance.Primitives;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence.Audit;

namespace RiskGovernance.Persistence.Tests;

public sealed class AuditLogTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static AuditEvent Event(int i, DateTimeOffset at)
        => new("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "vote.cast", $"proposal-{i % 2}", $$"""{"n":{{i}}}""", at);

    private static async Task<IAuditLog> FilledAsync(TestDatabase database, int count)
    {
        var log = database.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Event(i, database.Time.GetUtcNow()), Ct);
            database.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return log;
    }

    [Fact]
    public async Task Append_FiveEntries_ChainsEachToItsPredecessorAndVerifies()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        var entries = await log.ListAsync(null, Ct);
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(Hash32.Zero, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }

        Assert.Equal(database.Time.GetUtcNow() - TimeSpan.FromSeconds(1), entries[4].Event.At);
        Assert.Equal(new AuditVerification(true, 5, null, null), verification);
    }

    [Fact]
    public async Task Append_StoredEntry_HashFollowsTheDomainRule()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 2);

        var second = (await log.ListAsync(null, Ct))[1];
        var stored = await database.ScalarAsync("SELECT Hash FROM AuditEntries WHERE Sequence = 2");

        Assert.Equal(AuditChain.EntryHash(second.PreviousHash, 2, second.Event), second.Hash);
        Assert.Equal(second.Hash.ToString(), stored);
        Assert.NotEqual(AuditChain.EntryHash(second.PreviousHash, 2, second.Event with { PayloadJson = """{"n":3}""" }), second.Hash);
    }

    [Fact]
    public async Task Append_SubSecondTimeWithOffset_RoundTripsAndVerifies()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = database.Services.GetRequiredService<IAuditLog>();
        var at = new DateTimeOffset(2026, 11, 24, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        await log.AppendAsync(Event(1, at), Ct);
        var stored = Assert.Single(await log.ListAsync(null, Ct));

        Assert.Equal(at, stored.Event.At);
        Assert.Equal(at.UtcTicks, stored.Event.At.UtcTicks);
        Assert.True((await log.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task Verify_EmptyLog_IsValid()
    {
        await using var database = await TestDatabase.CreateAsync(directory);

        var verification = await database.Services.GetRequiredService<IAuditLog>().VerifyAsync(Ct);

        Assert.Equal(new AuditVerification(true, 0, null, null), verification);
    }

    [Fact]
    public async Task Verify_PayloadEditedWithRawSql_ReportsTheEditedEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("""UPDATE AuditEntries SET PayloadJson = '{"n":999}' WHERE Sequence = 3""");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("edited", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ActorEditedWithRawSql_ReportsTheEditedEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 4);

        await database.ExecuteRawAsync("UPDATE AuditEntries SET Actor = 'system' WHERE Sequence = 4");
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal(4, verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task Verify_EditedEntryWithRecomputedHash_ReportsTheNextEntryLink()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);
        var third = (await log.ListAsync(null, Ct))[2];
        var forged = AuditChain.EntryHash(third.PreviousHash, 3, third.Event with { PayloadJson = """{"n":999}""" });

        await database.ExecuteRawAsync($$"""UPDATE AuditEntries SET PayloadJson = '{"n":999}', Hash = '{{forged}}' WHERE Sequence = 3""");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(4, verification.FirstInvalidSequence);
        Assert.Contains("previous hash", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MiddleEntryDeleted_ReportsTheMissingEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("DELETE FROM AuditEntries WHERE Sequence = 3");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NewestEntriesDeleted_ReportedAgainstTheHead()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("DELETE FROM AuditEntries WHERE Sequence >= 4");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(4, verification.FirstInvalidSequence);
        Assert.Contains("removed", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HeadRowDeleted_IsReported()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 2);

        await database.ExecuteRawAsync("DELETE FROM AuditHead");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Contains("head", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedAndRenumbered_ReportsTheBrokenLink()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("DELETE FROM AuditEntries WHERE Sequence = 3; UPDATE AuditEntries SET Sequence = Sequence - 1 WHERE Sequence > 3");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task Verify_TwoEntriesSwapped_ReportsTheFirstMovedEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("UPDATE AuditEntries SET Sequence = -2 WHERE Sequence = 2; UPDATE AuditEntries SET Sequence = 2 WHERE Sequence = 4; UPDATE AuditEntries SET Sequence = 4 WHERE Sequence = -2");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsValid);
        Assert.Equal(2, verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task Verify_HashReplacedByNonHex_ReportsThatEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 3);

        await database.ExecuteRawAsync("UPDATE AuditEntries SET Hash = 'garbage' WHERE Sequence = 2");
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal(2, verification.FirstInvalidSequence);
    }

    [Theory]
    [InlineData("", "vote.cast", "p", "{}", "auditEvent.actor")]
    [InlineData("a", " ", "p", "{}", "auditEvent.action")]
    [InlineData("a", "vote.cast", "", "{}", "auditEvent.subject")]
    [InlineData("a", "vote.cast", "p", "not json", "auditEvent.payloadJson")]
    [InlineData("a", "vote.cast", "p", "[1]", "auditEvent.payloadJson")]
    public async Task Append_InvalidField_RejectedNamingTheFieldAndNothingWritten(string actor, string action, string subject, string payload, string field)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = database.Services.GetRequiredService<IAuditLog>();

        var error = await Assert.ThrowsAsync<InputValidationException>(
            () => log.AppendAsync(new AuditEvent(actor, action, subject, payload, database.Time.GetUtcNow()), Ct));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
        Assert.Empty(await log.ListAsync(null, Ct));
    }

    [Fact]
    public async Task Append_ConcurrentFromTwoLogInstances_ChainStaysValidWithEveryEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var first = new SqliteAuditLog(database.Contexts);
        var second = new SqliteAuditLog(database.Contexts);
        var at = database.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AppendAsync(Event(i, at), Ct))));
        var entries = await first.ListAsync(null, Ct);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(
            Enumerable.Range(1, 40).Select(i => $$"""{"n":{{i}}}""").Order(StringComparer.Ordinal),
            entries.Select(e => e.Event.PayloadJson).Order(StringComparer.Ordinal));
        Assert.True((await first.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task List_BySubject_ReturnsOnlyThatSubjectInChainOrder()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        var entries = await log.ListAsync("proposal-1", Ct);

        Assert.Equal([1L, 3, 5], entries.Select(e => e.Sequence));
    }
}
