using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RiskGovernance.Web.History;

/// <summary>Registers the services of a proposal's history panels.</summary>
public static class HistoryServiceCollectionExtensions
{
    /// <summary>The market history source and <see cref="ProposalRiskAnalysis"/> with its shared jobs (singletons).</summary>
    public static IServiceCollection AddProposalHistory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MarketHistorySource>();
        services.TryAddSingleton<ProposalRiskAnalysis>();
        return services;
    }
}
