using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence.Audit;
using RiskGovernance.Persistence.Committees;
using RiskGovernance.Persistence.Conversions;
using RiskGovernance.Persistence.Portal;
using RiskGovernance.Persistence.Push;

namespace RiskGovernance.Persistence;

/// <summary>The governance database: proposals, committee, ratified sets, the audit log and the push journal.</summary>
public sealed class GovernanceDbContext(DbContextOptions<GovernanceDbContext> options) : DbContext(options)
{
    /// <summary>The name of the assembly holding the migrations (the top-level migrations/ project).</summary>
    public const string MigrationsAssembly = "RiskGovernance.Migrations";

    /// <summary>Proposals (the aggregate root, with its votes and owned collections).</summary>
    public DbSet<Proposal> Proposals => Set<Proposal>();

    /// <summary>Votes, one per member and proposal.</summary>
    public DbSet<Vote> Votes => Set<Vote>();

    /// <summary>The current committee.</summary>
    public DbSet<CommitteeMemberRow> CommitteeMembers => Set<CommitteeMemberRow>();

    /// <summary>Every ratified parameter set, by registry version.</summary>
    public DbSet<RatifiedParameterSetRow> RatifiedParameterSets => Set<RatifiedParameterSetRow>();

    /// <summary>The hash-chained audit log (append-only).</summary>
    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    /// <summary>The head of the audit chain (one row).</summary>
    public DbSet<AuditHeadRow> AuditHead => Set<AuditHeadRow>();

    /// <summary>The push journal: one row per proposal and registry.</summary>
    public DbSet<PushJournalRow> PushJournal => Set<PushJournalRow>();

    /// <summary>Book and market snapshots the portal simulates on.</summary>
    public DbSet<BookSnapshotRow> BookSnapshots => Set<BookSnapshotRow>();

    /// <summary>Stored engine results (simulations run once, reused).</summary>
    public DbSet<StoredResultRow> StoredResults => Set<StoredResultRow>();

    /// <summary>The portal's sign-in sessions (server-side; the cookie carries only a token).</summary>
    public DbSet<Sessions.SessionRow> Sessions => Set<Sessions.SessionRow>();

    /// <summary>Daily market history: closes and the DVOL index, by series, asset and date.</summary>
    public DbSet<History.MarketHistoryRow> MarketHistory => Set<History.MarketHistoryRow>();

    /// <summary>The margin-book indexer's cursor per contract.</summary>
    public DbSet<MarginBook.MarginIndexCursorRow> MarginIndexCursors => Set<MarginBook.MarginIndexCursorRow>();

    /// <summary>The blocks the margin-book indexer has seen (for reorg detection).</summary>
    public DbSet<MarginBook.MarginIndexBlockRow> MarginIndexBlocks => Set<MarginBook.MarginIndexBlockRow>();

    /// <summary>Indexed deposits and withdrawals.</summary>
    public DbSet<MarginBook.MarginCollateralChangeRow> MarginCollateralChanges => Set<MarginBook.MarginCollateralChangeRow>();

    /// <summary>Indexed positions, open and closed.</summary>
    public DbSet<MarginBook.MarginPositionRow> MarginPositions => Set<MarginBook.MarginPositionRow>();

    /// <summary>
    /// Options for a SQLite file at <paramref name="databasePath"/>, with the pragmas and the
    /// migrations assembly; used by the DI registration, the design-time factory and tests.
    /// </summary>
    public static TBuilder Configure<TBuilder>(TBuilder builder, string databasePath, TimeSpan busyTimeout)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
            Pooling = true,
        };
        builder.UseSqlite(connection.ToString(), sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(new SqlitePragmas(busyTimeout));
        return builder;
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<Hash32>().HaveConversion<Hash32Converter>();
        configurationBuilder.Properties<Address>().HaveConversion<AddressConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GovernanceDbContext).Assembly);
    }
}
