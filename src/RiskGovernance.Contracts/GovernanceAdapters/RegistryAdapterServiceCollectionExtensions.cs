using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>Registers the governance domain's adapters to the registry contract.</summary>
public static class RegistryAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RiskParameterRegistryService"/> for the registry at <paramref name="registry"/>,
    /// <see cref="IRegistryGateway"/> (<see cref="RegistryGateway"/>), <see cref="IBallotScheme"/>
    /// (<see cref="Eip712BallotScheme"/>) and the <see cref="ChainReconciliation"/> hosted service.
    /// Needs the chain (<see cref="ChainServiceCollectionExtensions.AddChain"/>), an
    /// <see cref="IPushJournal"/> (the persistence layer) and the <see cref="RegistrySigners"/>.
    /// </summary>
    public static IServiceCollection AddRegistryAdapters(this IServiceCollection services, Func<IServiceProvider, Address> registry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.TryAddSingleton(provider => new RiskParameterRegistryService(provider.GetRequiredService<TransactionSender>(), registry(provider)));
        services.TryAddSingleton<IRegistryGateway>(provider => new RegistryGateway(
            provider.GetRequiredService<RiskParameterRegistryService>(), provider.GetRequiredService<RegistrySigners>(), provider.GetRequiredService<IPushJournal>()));
        services.TryAddSingleton<IBallotScheme, Eip712BallotScheme>();
        services.AddHostedService<ChainReconciliation>();
        return services;
    }
}
