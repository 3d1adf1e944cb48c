using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RiskGovernance.Web.History;

/// <summary>Registers the services of a proposal's history panels.</summary>
public static class HistoryServiceCollectionExtensions
{
    /// <summary>The market history source, the shared jobs and <see cref="ProposalRiskAnalysis"/> (singletons).</summary>
    public static IServiceCollection AddProposalHistory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MarketHistorySource>();
        services.TryAddSingleton<HistoryJobs>();
        services.TryAddSingleton<ProposalRiskAnalysis>();
        return services;
    }
}
