using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence.Audit;
using RiskGovernance.Persistence.Committees;
using RiskGovernance.Persistence.Portal;
using RiskGovernance.Persistence.Proposals;
using RiskGovernance.Persistence.Push;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence;

/// <summary>Registers the governance database and its stores.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PersistenceOptions"/> to the "Persistence" section (validated on start),
    /// registers a <see cref="GovernanceDbContext"/> factory for the SQLite file
    /// <c>&lt;DataDirectory&gt;/riskgovernance.db</c>, the stores, and the <see cref="DatabaseMigrator"/>
    /// as a hosted service that migrates the database on start.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<PersistenceOptions>().Bind(configuration.GetSection(PersistenceOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContextFactory<GovernanceDbContext>((provider, builder) =>
        {
            var options = provider.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            GovernanceDbContext.Configure(builder, options.DatabasePath, options.BusyTimeout);
        });
        services.TryAddSingleton<SqliteAuditLog>();
        services.TryAddSingleton<IAuditLog>(provider => provider.GetRequiredService<SqliteAuditLog>());
        services.TryAddSingleton<SqliteProposalRepository>();
        services.TryAddSingleton<IProposalRepository>(provider => provider.GetRequiredService<SqliteProposalRepository>());
        services.TryAddSingleton<SqliteCommitteeStore>();
        services.TryAddSingleton<ICommitteeStore>(provider => provider.GetRequiredService<SqliteCommitteeStore>());
        services.TryAddSingleton<SqlitePushJournal>();
        services.TryAddSingleton<IPushJournal>(provider => provider.GetRequiredService<SqlitePushJournal>());
        services.TryAddSingleton(provider => new BookFiles(provider.GetRequiredService<IOptions<PersistenceOptions>>().Value.DataDirectory));
        services.TryAddSingleton<SqliteBookStore>();
        services.TryAddSingleton<IBookStore>(provider => provider.GetRequiredService<SqliteBookStore>());
        services.TryAddSingleton<IResultStore, SqliteResultStore>();
        services.TryAddSingleton<History.SqliteMarketHistoryStore>();
        services.TryAddSingleton<Sessions.SqliteSessionStore>();
        services.TryAddSingleton<MarginBook.SqliteMarginBookStore>();
        services.TryAddSingleton<Governance.MarginBook.IMarginBookStore>(provider => provider.GetRequiredService<MarginBook.SqliteMarginBookStore>());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseMigrator>());
        return services;
    }
}
