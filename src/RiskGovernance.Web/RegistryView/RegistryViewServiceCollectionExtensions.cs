using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Web.RegistryView;

/// <summary>Registers the Overview, Registry and Audit pages' services.</summary>
public static class RegistryViewServiceCollectionExtensions
{
    /// <summary>Adds <see cref="RegistryReader"/>, <see cref="IRatifiedHistory"/>, <see cref="RegistryComparisonService"/>,
    /// <see cref="BookHealthService"/>, <see cref="OverviewService"/> and <see cref="AuditView"/>.</summary>
    public static IServiceCollection AddRegistryView(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<RegistryReader>();
        services.AddSingleton<IRatifiedHistory, SqliteRatifiedHistory>();
        services.AddSingleton<RegistryComparisonService>();
        services.AddSingleton<BookHealthService>();
        services.AddSingleton<OverviewService>();
        services.AddSingleton<AuditView>();
        return services;
    }
}
