using RiskGovernance.Contracts.Push;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
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
        var (s, id, payload) = await PassedProposalAsync();
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var journal = database.Services.GetRequiredService<IPushJournal>();

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        await database.Services.DisposeAsync();

        // The process restarts: new service provider, new DbContexts, same file.
        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        await restarted.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);
        var restartedJournal = restarted.GetRequiredService<SqlitePushJournal>();
        var unfinished = await restartedJournal.FindUnfinishedAsync(Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, restartedJournal).PushAsync(id, payload, Ct);

        Assert.Equal(id, Assert.Single(unfinished).ProposalId);
        Assert.Equal(JournaledStatus.Signed, unfinished[0].Queue!.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(unfinished[0].Queue!.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await restartedJournal.FindAsync(s.Registry.Address, id, Ct))!.Queue!.Status);
        Assert.Empty(await restartedJournal.FindUnfinishedAsync(Ct));

        await s.ReachEtaAsync(node, id, Ct);
        var executed = await new RegistryPush(s.Registry, RegistryScenario.Operator, restartedJournal).PushAsync(id, payload, Ct);

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(2, executed.Version);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
        Assert.Equal(payload.Set.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
    }

    [Fact]
    public async Task Push_CrashBeforeBroadcast_JournaledBeforeSendAndResumeSendsThoseBytes()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var (s, id, payload) = await PassedProposalAsync();
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var journal = database.Services.GetRequiredService<IPushJournal>();

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(node, CrashPoint.BeforeBroadcast), RegistryScenario.Operator, journal).PushAsync(id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await journal.FindAsync(s.Registry.Address, id, Ct))!.Queue!;
        var nonceAfterCrash = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, payload, Ct);

        Assert.Equal(nonceBefore, nonceAfterCrash);
        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(journaled.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
    }

    [Fact]
    public async Task Push_CrashBetweenExecuteBroadcastAndReceipt_ResumeReportsTheExecutionWithoutSecondTransaction()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var (s, id, payload) = await PassedProposalAsync();
        var journal = database.Services.GetRequiredService<IPushJournal>();
        var queued = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, payload, Ct);
        Assert.Equal(PushOutcome.Queued, queued.Outcome);
        await s.ReachEtaAsync(node, id, Ct);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await journal.FindAsync(s.Registry.Address, id, Ct))!.Execute!;
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, payload, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(PushOutcome.Executed, resumed.Outcome);
        Assert.Equal((2L, journaled.Hash, queued.QueueTransaction), (resumed.Version, resumed.ExecuteTransaction!.Value, resumed.QueueTransaction));
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        var again = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, payload, Ct);
        Assert.Equal(PushOutcome.Executed, again.Outcome);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
    }

    /// <summary>A registry with a parameter proposal (the revised set) registered, voted For by accounts 4 and 5 (4 of 7: quorum and majority) and its vote ended.</summary>
    private async Task<(RegistryScenario Scenario, Hash32 Id, ParametersPayload Payload)> PassedProposalAsync()
    {
        var s = await RegistryScenario.DeployAsync(node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var identity = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(identity, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(node, identity.Id, Ct);
        Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(identity.Id, Ct)).State);
        return (s, identity.Id, payload);
    }
}
