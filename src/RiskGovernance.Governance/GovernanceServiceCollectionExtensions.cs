using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance;

/// <summary>Registers the governance application service and its validated options.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GovernanceService"/> and <see cref="AuditAnchoring"/> (singletons),
    /// <see cref="GovernanceRulesOptions"/> validated on start, and <see cref="TimeProvider.System"/>
    /// unless a TimeProvider is registered. Bind the options yourself, e.g.
    /// <c>services.AddOptions&lt;GovernanceRulesOptions&gt;().BindConfiguration(GovernanceRulesOptions.SectionName)</c>.
    /// The ports come from the infrastructure: <see cref="IProposalRepository"/>,
    /// <see cref="ICommitteeStore"/> and <see cref="IAuditLog"/> from the persistence layer,
    /// <see cref="IRegistryGateway"/> and <see cref="IBallotScheme"/> from the chain adapter.
    /// </summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<GovernanceRulesOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new AuditAnchoring(provider.GetRequiredService<IAuditLog>(), provider.GetRequiredService<IRegistryGateway>()));
        services.TryAddSingleton(provider => new GovernanceService(
            provider.GetRequiredService<IProposalRepository>(),
            provider.GetRequiredService<ICommitteeStore>(),
            provider.GetRequiredService<IRegistryGateway>(),
            provider.GetRequiredService<IBallotScheme>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value,
            provider.GetRequiredService<AuditAnchoring>()));
        return services;
    }
}
