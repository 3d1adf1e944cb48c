using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Persistence.Audit;

namespace RiskGovernance.Persistence.Tests;

public sealed class AuditLogTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static AuditAppend Entry(int i) => new("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "VoteCast", $"proposal-{i % 2}", $$"""{"n":{{i}}}""");

    private static async Task<SqliteAuditLog> FilledAsync(TestDatabase database, int count)
    {
        var log = database.Services.GetRequiredService<SqliteAuditLog>();
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Entry(i), Ct);
            database.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return log;
    }

    [Fact]
    public async Task Append_FiveEntries_ChainsEachToItsPredecessorAndVerifies()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        var entries = await log.ReadAsync(null, Ct);
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(AuditEntryHash.Genesis.ToString(), entries[0].PrevHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PrevHash);
        }

        Assert.Equal(database.Time.GetUtcNow() - TimeSpan.FromSeconds(1), entries[4].Time);
        Assert.Equal(AuditVerification.Intact(5), verification);
    }

    [Fact]
    public async Task Append_StoredEntry_HashIsKeccakOfPrevHashAndCanonicalBytes()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 2);

        var second = (await log.ReadAsync(null, Ct))[1];

        Assert.Equal(AuditEntryHash.Compute(second).ToString(), second.Hash);
        Assert.NotEqual(
            AuditEntryHash.Compute(second).ToString(),
            AuditEntryHash.Compute(RiskGovernance.Chain.Hash32.Parse(second.PrevHash), second.Sequence, second.Time, second.Actor, second.Action, second.Subject, """{"n":3}""").ToString());
    }

    [Fact]
    public async Task Verify_EmptyLog_IsIntact()
    {
        await using var database = await TestDatabase.CreateAsync(directory);

        var verification = await database.Services.GetRequiredService<SqliteAuditLog>().VerifyAsync(Ct);

        Assert.Equal(AuditVerification.Intact(0), verification);
    }

    [Fact]
    public async Task Verify_PayloadEditedWithRawSql_ReportsTheEditedEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("""UPDATE AuditEntries SET PayloadJson = '{"n":999}' WHERE Sequence = 3""");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("edited", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedEntryWithRecomputedHash_ReportsTheNextEntryLink()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);
        var third = (await log.ReadAsync(null, Ct))[2];
        var forged = AuditEntryHash.Compute(RiskGovernance.Chain.Hash32.Parse(third.PrevHash), 3, third.Time, third.Actor, third.Action, third.Subject, """{"n":999}""");

        await database.ExecuteRawAsync($$"""UPDATE AuditEntries SET PayloadJson = '{"n":999}', Hash = '{{forged}}' WHERE Sequence = 3""");
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal(4, verification.FirstInvalidSequence);
        Assert.Contains("does not link", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MiddleEntryDeleted_ReportsTheMissingEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("DELETE FROM AuditEntries WHERE Sequence = 3");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedAndRenumbered_ReportsTheBrokenLink()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("DELETE FROM AuditEntries WHERE Sequence = 3; UPDATE AuditEntries SET Sequence = Sequence - 1 WHERE Sequence > 3");
        var verification = await log.VerifyAsync(Ct);

        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.False(verification.IsIntact);
    }

    [Fact]
    public async Task Verify_TwoEntriesSwapped_ReportsTheFirstMovedEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        await database.ExecuteRawAsync("UPDATE AuditEntries SET Sequence = -2 WHERE Sequence = 2; UPDATE AuditEntries SET Sequence = 2 WHERE Sequence = 4; UPDATE AuditEntries SET Sequence = 4 WHERE Sequence = -2");
        var verification = await log.VerifyAsync(Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(2, verification.FirstInvalidSequence);
    }

    [Theory]
    [InlineData("", "VoteCast", "p", "{}", "actor")]
    [InlineData("a", " ", "p", "{}", "action")]
    [InlineData("a", "VoteCast", "", "{}", "subject")]
    [InlineData("a", "VoteCast", "p", "not json", "payloadJson")]
    [InlineData("a", "VoteCast", "p", "[1]", "payloadJson")]
    public async Task Append_InvalidField_RejectedNamingTheFieldAndNothingWritten(string actor, string action, string subject, string payload, string field)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = database.Services.GetRequiredService<SqliteAuditLog>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditAppend(actor, action, subject, payload), Ct));

        Assert.StartsWith($"{field}:", error.Message, StringComparison.Ordinal);
        Assert.Empty(await log.ReadAsync(null, Ct));
    }

    [Fact]
    public async Task Append_ConcurrentFromTwoLogInstances_ChainStaysIntactWithEveryEntry()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var first = new SqliteAuditLog(database.Contexts, database.Time);
        var second = new SqliteAuditLog(database.Contexts, database.Time);

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AppendAsync(Entry(i), Ct))));
        var entries = await first.ReadAsync(null, Ct);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $$"""{"n":{{i}}}"""), entries.Select(e => e.PayloadJson).Order(StringComparer.Ordinal).OrderBy(p => p.Length));
        Assert.True((await first.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Read_BySubject_ReturnsOnlyThatSubjectInChainOrder()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var log = await FilledAsync(database, 5);

        var entries = await log.ReadAsync("proposal-1", Ct);

        Assert.Equal([1L, 3, 5], entries.Select(e => e.Sequence));
    }
}
