using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Proposals;

/// <summary>Registers the proposal pages' services.</summary>
public static class ProposalsServiceCollectionExtensions
{
    /// <summary>The shared impact simulations (singleton job registry) and the per-circuit page service.</summary>
    public static IServiceCollection AddPortalProposals(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ImpactSimulations>();
        services.AddScoped<ProposalPageService>();
        return services;
    }
}
