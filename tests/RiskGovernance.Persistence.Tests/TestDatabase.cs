using RiskGovernance.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// A temporary directory per test class (deleted after); each test makes its own database in a
/// subdirectory of it through the real AddPersistence registration and migrator.
/// </summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"riskgov-persistence-{Guid.NewGuid():N}");

    public string NewDataDirectory() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"), "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>One migrated database file and the services registered by AddPersistence over it.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(ServiceProvider services, string dataDirectory, ManualTimeProvider time)
    {
        Services = services;
        DataDirectory = dataDirectory;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, PersistenceOptions.DatabaseFileName);

    public ManualTimeProvider Time { get; }

    public IDbContextFactory<GovernanceDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();

    public static ServiceProvider Build(string dataDirectory, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = dataDirectory })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddPersistence(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<TestDatabase> CreateAsync(TemporaryDirectory directory, CancellationToken cancellationToken = default)
    {
        var dataDirectory = directory.NewDataDirectory();
        var time = ManualTimeProvider.At2026();
        var services = Build(dataDirectory, time);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return new TestDatabase(services, dataDirectory, time);
    }

    /// <summary>Runs raw SQL on a connection of its own (the tamperer's view of the file).</summary>
    public async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
