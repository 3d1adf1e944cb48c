using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RiskGovernance.Persistence;

/// <summary>
/// Creates the data directory and applies the pending migrations to the database file on start
/// (an empty or missing file becomes the current schema; WAL journal mode is set once and persists).
/// The directory and the file are owner-only (0700 and 0600 on Unix); SQLite gives its -wal and -shm
/// files the database file's mode.
/// </summary>
public sealed class DatabaseMigrator : IHostedService
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly PersistenceOptions _options;
    private readonly Portal.BookFiles _books;

    /// <summary>Creates the migrator for the configured database.</summary>
    public DatabaseMigrator(IDbContextFactory<GovernanceDbContext> contexts, IOptions<PersistenceOptions> options, Portal.BookFiles books)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _books = books ?? throw new ArgumentNullException(nameof(books));
    }

    /// <summary>
    /// Creates the data directory if needed, migrates the database to the latest migration and moves
    /// the books of snapshots stored as JSON text into book files (<see cref="Portal.BookSnapshotUpgrade"/>).
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Files.OwnerOnlyFiles.EnsureDirectory(Path.GetFullPath(_options.DataDirectory));
        var created = !File.Exists(_options.DatabasePath);
        Files.OwnerOnlyFiles.EnsureFile(_options.DatabasePath);
        Files.OwnerOnlyFiles.Restrict(_options.DatabasePath + "-wal");
        Files.OwnerOnlyFiles.Restrict(_options.DatabasePath + "-shm");
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (created)
        {
            // The empty owner-only file becomes a WAL database on its first read-write connection
            // (the pragmas run on open); EF then finds an existing database to migrate.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(cancellationToken);
        await new Portal.BookSnapshotUpgrade(_contexts, _books).RunAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
