using RiskGovernance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
}
