using RiskGovernance.Contracts.Push;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence.Push;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

public sealed class PushJournalTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    private static JournaledTransaction Tx(string label, JournaledStatus status) => new(Hash32.Keccak(label), "0x02f8" + label.Length.ToString("x2", System.Globalization.CultureInfo.InvariantCulture), status);

    [Fact]
    public async Task Find_NothingSaved_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync(directory);

        Assert.Null(await database.Services.GetRequiredService<IPushJournal>().FindAsync(Registry, Hash32.Keccak("p"), Ct));
    }

    [Fact]
    public async Task Save_ThenFindFromANewServiceProvider_ReturnsTheSameRecord()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var record = new PushRecord(Registry, Hash32.Keccak("p1"), Tx("queue", JournaledStatus.Succeeded), Tx("execute", JournaledStatus.Signed));
        await database.Services.GetRequiredService<IPushJournal>().SaveAsync(record, Ct);

        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        var found = await restarted.GetRequiredService<IPushJournal>().FindAsync(Registry, record.ProposalId, Ct);

        Assert.Equal(record, found);
    }

    [Fact]
    public async Task Save_Twice_ReplacesTheRecordAndUnfinishedListsOnlySignedTransactions()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var journal = database.Services.GetRequiredService<SqlitePushJournal>();
        var done = new PushRecord(Registry, Hash32.Keccak("done"), Tx("q-done", JournaledStatus.Signed), null);
        var pending = new PushRecord(Registry, Hash32.Keccak("pending"), Tx("q-pending", JournaledStatus.Succeeded), Tx("x-pending", JournaledStatus.Signed));

        await journal.SaveAsync(done, Ct);
        await journal.SaveAsync(done with { Queue = done.Queue! with { Status = JournaledStatus.Succeeded } }, Ct);
        await journal.SaveAsync(pending, Ct);

        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(Registry, done.ProposalId, Ct))!.Queue!.Status);
        Assert.Equal([pending], await journal.FindUnfinishedAsync(Ct));
        Assert.Equal(2L, await database.ScalarAsync("SELECT count(*) FROM PushJournal"));
    }

    [Theory]
    [InlineData("zero-registry", "record.registry")]
    [InlineData("zero-proposal", "record.proposalId")]
    [InlineData("raw-not-hex", "record.queue.rawTransaction")]
    [InlineData("execute-without-queue", "record.queue")]
    public async Task Save_InvalidRecord_RejectedNamingTheFieldAndNothingWritten(string defect, string field)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var journal = database.Services.GetRequiredService<IPushJournal>();
        var valid = new PushRecord(Registry, Hash32.Keccak("invalid"), Tx("q", JournaledStatus.Signed), null);
        var record = defect switch
        {
            "zero-registry" => valid with { Registry = Address.Zero },
            "zero-proposal" => valid with { ProposalId = Hash32.Zero },
            "raw-not-hex" => valid with { Queue = valid.Queue! with { RawTransaction = "0xzz" } },
            _ => valid with { Queue = null, Execute = Tx("x", JournaledStatus.Signed) },
        };

        var error = await Assert.ThrowsAsync<RiskGovernance.Engine.Validation.InputValidationException>(() => journal.SaveAsync(record, Ct));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM PushJournal"));
    }

    [Fact]
    public async Task Push_CrashBetweenBroadcastAndReceipt_RestartResumesWithoutSecondTransaction()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var s = await RegistryScenario.DeployAsync(node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("sqlite-journal-crash");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var journal = database.Services.GetRequiredService<IPushJournal>();

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        await database.Services.DisposeAsync();

        // The process restarts: new service provider, new DbContexts, same file.
        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        await restarted.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);
        var restartedJournal = restarted.GetRequiredService<SqlitePushJournal>();
        var unfinished = await restartedJournal.FindUnfinishedAsync(Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, restartedJournal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(id, Assert.Single(unfinished).ProposalId);
        Assert.Equal(JournaledStatus.Signed, unfinished[0].Queue!.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(unfinished[0].Queue!.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await restartedJournal.FindAsync(s.Registry.Address, id, Ct))!.Queue!.Status);
        Assert.Empty(await restartedJournal.FindUnfinishedAsync(Ct));

        await node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await new RegistryPush(s.Registry, RegistryScenario.Operator, restartedJournal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
    }

    [Fact]
    public async Task Push_CrashBeforeBroadcast_JournaledBeforeSendAndResumeSendsThoseBytes()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var s = await RegistryScenario.DeployAsync(node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("sqlite-journal-crash-before");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var journal = database.Services.GetRequiredService<IPushJournal>();

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(node, CrashPoint.BeforeBroadcast), RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await journal.FindAsync(s.Registry.Address, id, Ct))!.Queue!;
        var nonceAfterCrash = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(nonceBefore, nonceAfterCrash);
        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(journaled.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
    }
}
