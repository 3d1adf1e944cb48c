using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

public sealed class MigrationTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Migrate_FirstRun_CreatesDataDirectoryAndDatabaseFile()
    {
        var dataDirectory = directory.NewDataDirectory();
        await using var services = TestDatabase.Build(dataDirectory, ManualTimeProvider.At2026());
        Assert.False(Directory.Exists(dataDirectory));

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "riskgovernance.db")));
        Assert.Equal(Path.Combine(Path.GetFullPath(dataDirectory), "riskgovernance.db"), services.GetRequiredService<IOptions<PersistenceOptions>>().Value.DatabasePath);
    }

    [Fact]
    public async Task HostedServices_StartAsync_MigratesTheDatabaseOnStart()
    {
        var dataDirectory = directory.NewDataDirectory();
        await using var services = TestDatabase.Build(dataDirectory, ManualTimeProvider.At2026());

        foreach (var hosted in services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync(Ct);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.True(File.Exists(Path.Combine(dataDirectory, PersistenceOptions.DatabaseFileName)));
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_CreatesEveryTableOfTheModel()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();

        Assert.Contains("AuditEntries", tables);
        Assert.Contains("PushJournal", tables);
        foreach (var table in tables)
        {
            var found = await database.ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'");
            Assert.True(Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) == 1, $"table {table} was not created");
        }
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_LeavesNoPendingMigrationOrModelChange()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run dotnet ef migrations add");
    }

    [Fact]
    public async Task Migrate_SecondStart_IsANoOpAndKeepsData()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await database.ExecuteRawAsync("INSERT INTO PushJournal (Registry, ProposalId, UpdatedAt) VALUES ('0x01', '0x02', '2026-01-01 00:00:00+00:00')");

        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM PushJournal"));
    }

    [Fact]
    public async Task Open_AnyConnection_UsesWalJournalAndBusyTimeout()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await using var db = await database.Contexts.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode";
        var journal = await command.ExecuteScalarAsync(Ct);
        command.CommandText = "PRAGMA busy_timeout";
        var busy = await command.ExecuteScalarAsync(Ct);

        Assert.Equal("wal", journal);
        Assert.Equal(5000L, busy);
    }

    [Fact]
    public void Options_BusyTimeoutZero_FailsValidationNamingTheField()
    {
        var options = new PersistenceOptions { DataDirectory = "data", BusyTimeout = TimeSpan.Zero };

        Assert.Equal(["Persistence:BusyTimeout: must be > 0 and at most 5 minutes."], options.Validate());
    }

    [Fact]
    public void AddPersistence_EmptyDataDirectory_FailsValidationNamingTheField()
    {
        using var services = TestDatabase.Build(" ", ManualTimeProvider.At2026());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PersistenceOptions>>().Value);

        Assert.Contains("Persistence:DataDirectory", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The migration before issue 11's (the chain-authoritative governance).</summary>
    private const string PreviousMigration = "20261124021127_MarketHistory";

    private const string OldProposal = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string OldMembership = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string Ada = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Ben = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    /// <summary>
    /// A database the previous version of the portal wrote (its schema up to the MarketHistory
    /// migration, rows as its code stored them: voting rules as fractions, a membership proposal with a
    /// threshold, a quorum time), migrated by the current version: the migration applies, nothing is
    /// lost, the audit chain still verifies, the old proposals load with their votes and timeline and
    /// their rules in the new form, and new proposals can be stored beside them.
    /// </summary>
    [Fact]
    public async Task Migrate_DatabaseOfThePreviousVersionWithData_AppliesKeepsEverythingAndTheOldProposalsLoad()
    {
        var dataDirectory = directory.NewDataDirectory();
        var time = ManualTimeProvider.At2026();
        await using (var old = TestDatabase.Build(dataDirectory, time))
        {
            Directory.CreateDirectory(dataDirectory);
            await using var db = await old.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync(Ct);
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration, Ct);
            Assert.DoesNotContain(await db.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("ChainAuthoritativeGovernance", StringComparison.Ordinal));
        }

        var path = Path.Combine(dataDirectory, PersistenceOptions.DatabaseFileName);
        var audit = await WriteOldRowsAsync(path);

        await using var services = TestDatabase.Build(dataDirectory, time);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        await using (var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync(Ct))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("ChainAuthoritativeGovernance", StringComparison.Ordinal));
        }

        Assert.Equal(2L, await ScalarAsync(path, "SELECT count(*) FROM Proposals"));
        Assert.Equal(2L, await ScalarAsync(path, "SELECT count(*) FROM Votes"));
        Assert.Equal(audit.Count, (long)(await ScalarAsync(path, "SELECT count(*) FROM AuditEntries"))!);
        var log = services.GetRequiredService<IAuditLog>();
        Assert.True((await log.VerifyAsync(Ct)).IsValid);
        Assert.Equal(audit.Select(e => e.Hash), (await log.ListAsync(null, Ct)).Select(e => e.Hash));

        var repository = services.GetRequiredService<IProposalRepository>();
        var all = await repository.ListAsync(null, Ct);
        Assert.Equal([OldMembership, OldProposal], all.Select(p => p.Id.ToString()));
        var executed = (await repository.GetAsync(Hash32.Parse(OldProposal), Ct))!;
        Assert.Equal((ProposalKind.Parameters, ProposalState.Executed, 2L), (executed.Kind, executed.State, executed.ExecutedVersion!.Value));
        Assert.Equal("Raise BTC scan range", executed.Title);
        Assert.Equal([Ada, Ben], executed.Votes.Select(v => v.Voter.ToString()));
        Assert.All(executed.Votes, v => Assert.Null(v.TransactionHash));
        Assert.Equal(["create", "open", "finalize", "queue", "execute"], executed.Timeline.Select(t => t.Action));
        Assert.Equal(new ParameterChange("assets.BTC.scanRange", "0.15", "0.18", false), Assert.Single(executed.Changes));
        Assert.Equal((Hash32.Zero, Hash32.Zero), (executed.PayloadHash, executed.Salt)); // never registered on the new registry
        Assert.Equal(new RiskGovernance.Governance.Rules.GovernanceRules(
            TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 5_000, 6_667), executed.Rules);
        var membership = (await repository.GetAsync(Hash32.Parse(OldMembership), Ct))!;
        Assert.Equal((ProposalKind.Membership, ProposalState.Active), (membership.Kind, membership.State));
        Assert.Equal([Ada, Ben], membership.Membership.Select(m => m.Address.ToString()));

        var fresh = GovernanceSamples.Parameters(GovernanceSamples.Committee(3), "after the migration", time.GetUtcNow());
        await repository.AddAsync(fresh, Ct);
        Assert.Equal(3, (await repository.ListAsync(null, Ct)).Count);
        Assert.True((await log.VerifyAsync(Ct)).IsValid);
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>Writes, with SQL on the old schema, what the previous version stored for two proposals; returns the audit entries written.</summary>
    private static async Task<IReadOnlyList<AuditEntry>> WriteOldRowsAsync(string path)
    {
        const string at = "2026-11-20 09:00:00+00:00";
        const string rules = """{"votingPeriod":"3.00:00:00","quorumFraction":0.5,"majority":"Simple","supermajorityFraction":0.6667,"timelockDelay":"1.00:00:00","gracePeriod":"7.00:00:00","lateQuorumExtension":"12:00:00"}""";
        var paramsHash = Hash32.Keccak("params").ToString();
        var baseHash = Hash32.Keccak("base").ToString();
        var signature = "0x" + new string('1', 128) + "1b";
        var events = new[]
        {
            new AuditEvent(Ada, "proposal.created", OldProposal, """{"paramsHash":"x"}""", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)),
            new AuditEvent("system", "proposal.succeeded", OldProposal, """{"from":"Active","to":"Succeeded"}""", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)),
            new AuditEvent("system", "proposal.executed", OldProposal, """{"from":"Queued","to":"Executed"}""", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)),
        };
        var entries = new List<AuditEntry>();
        foreach (var e in events)
        {
            entries.Add(AuditChain.Next(entries.Count == 0 ? null : entries[^1], e));
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var transaction = connection.BeginTransaction();
        async Task Run(string sql, params (string Name, object? Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            await command.ExecuteNonQueryAsync(Ct);
        }

        const string proposal = "INSERT INTO Proposals (Id, Title, Rationale, Author, Kind, ParamsJson, ParamsHash, BaseVersion, BaseParamsHash, RequiresSupermajority, " +
                                "MembershipThresholdBps, State, CreatedAt, OpenedAt, VotingEndsAt, QuorumReachedAt, Eta, QueueTransactionHash, ExecuteTransactionHash, " +
                                "ExecutedVersion, RulesJson, SimulationJson, Revision) VALUES ($id, $title, 'Why.', $author, $kind, $json, $hash, $base, $baseHash, 0, " +
                                "$threshold, $state, $at, $at, $at, $at, $eta, $queue, $execute, $version, $rules, NULL, 7)";
        await Run(proposal, ("$id", OldProposal), ("$title", "Raise BTC scan range"), ("$author", Ada), ("$kind", "Parameters"), ("$json", """{"method":"grid"}"""),
            ("$hash", paramsHash), ("$base", 1), ("$baseHash", baseHash), ("$threshold", null), ("$state", "Executed"), ("$at", at), ("$eta", at),
            ("$queue", Hash32.Keccak("queue").ToString()), ("$execute", Hash32.Keccak("execute").ToString()), ("$version", 2), ("$rules", rules));
        await Run(proposal, ("$id", OldMembership), ("$title", "Smaller committee"), ("$author", Ada), ("$kind", "Membership"), ("$json", null),
            ("$hash", Hash32.Keccak("membership").ToString()), ("$base", 0), ("$baseHash", Hash32.Zero.ToString()), ("$threshold", 6_000), ("$state", "Active"),
            ("$at", "2026-11-21 09:00:00+00:00"), ("$eta", null), ("$queue", null), ("$execute", null), ("$version", null), ("$rules", rules));
        var step = 0;
        foreach (var (from, to, action) in new[] { ((string?)null, "Draft", "create"), ("Draft", "Active", "open"), ("Active", "Succeeded", "finalize"), ("Succeeded", "Queued", "queue"), ("Queued", "Executed", "execute") })
        {
            await Run("INSERT INTO ProposalTimeline (ProposalId, Ordinal, \"From\", \"To\", At, Actor, Action, TransactionHash) VALUES ($p, $o, $from, $to, $at, $actor, $action, NULL)",
                ("$p", OldProposal), ("$o", step++), ("$from", from), ("$to", to), ("$at", at), ("$actor", action == "create" ? Ada : "system"), ("$action", action));
        }

        await Run("INSERT INTO ProposalChanges (ProposalId, Ordinal, Field, Old, New, ExceedsStepBound) VALUES ($p, 0, 'assets.BTC.scanRange', '0.15', '0.18', 0)", ("$p", OldProposal));
        for (var i = 0; i < 2; i++)
        {
            var voter = i == 0 ? Ada : Ben;
            await Run("INSERT INTO Votes (ProposalId, Voter, ParamsHash, Support, Weight, Reason, Signature, CastAt, Ordinal) VALUES ($p, $v, $h, 'For', $w, NULL, $s, $at, $o)",
                ("$p", OldProposal), ("$v", voter), ("$h", paramsHash), ("$w", 3 - i), ("$s", signature), ("$at", at), ("$o", i));
            await Run("INSERT INTO ProposalCommitteeSnapshot (ProposalId, Ordinal, Address, DisplayName, Weight, Role) VALUES ($p, $o, $a, $n, $w, 'Member')",
                ("$p", OldProposal), ("$o", i), ("$a", voter), ("$n", $"member {i}"), ("$w", 3 - i));
            await Run("INSERT INTO ProposalMembership (ProposalId, Ordinal, Address, DisplayName, Weight, Role) VALUES ($p, $o, $a, $n, $w, $r)",
                ("$p", OldMembership), ("$o", i), ("$a", voter), ("$n", $"member {i}"), ("$w", 3 - i), ("$r", i == 0 ? "Guardian" : "Member"));
            await Run("INSERT INTO CommitteeMembers (Address, Ordinal, DisplayName, Weight, Role) VALUES ($a, $o, $n, $w, 'Member')",
                ("$a", voter), ("$o", i), ("$n", $"member {i}"), ("$w", 3 - i));
        }

        foreach (var e in entries)
        {
            await Run("INSERT INTO AuditEntries (Sequence, Time, Actor, Action, Subject, PayloadJson, PrevHash, Hash) VALUES ($s, $t, $a, $ac, $su, $pj, $ph, $h)",
                ("$s", e.Sequence), ("$t", at), ("$a", e.Event.Actor), ("$ac", e.Event.Action), ("$su", e.Event.Subject), ("$pj", e.Event.PayloadJson),
                ("$ph", e.PreviousHash.ToString()), ("$h", e.Hash.ToString()));
        }

        await Run("INSERT INTO AuditHead (Id, Sequence, Hash) VALUES (1, $s, $h)", ("$s", entries[^1].Sequence), ("$h", entries[^1].Hash.ToString()));
        await transaction.CommitAsync(Ct);
        return entries;
    }
}
