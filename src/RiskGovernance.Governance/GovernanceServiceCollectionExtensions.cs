using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Governance;

/// <summary>Registers the governance application service and its validated options.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GovernanceService"/> (singleton), <see cref="GovernanceRulesOptions"/> and
    /// <see cref="ParameterBoundsOptions"/> validated on start, and <see cref="TimeProvider.System"/>
    /// unless a TimeProvider is registered. Bind the options yourself, e.g.
    /// <c>services.AddOptions&lt;GovernanceRulesOptions&gt;().BindConfiguration(GovernanceRulesOptions.SectionName)</c>.
    /// <see cref="IProposalRepository"/> and <see cref="ICommitteeStore"/> come from the persistence
    /// layer; <see cref="IRegistryGateway"/> from the host (a <see cref="RegistryGateway"/> with its signers).
    /// Also registers <see cref="ChainReconciliation"/>, which reconciles with the registry on start
    /// (call AddPersistence first, so that the database is migrated before).
    /// </summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GovernanceRulesOptions>().ValidateOnStart();
        services.AddOptions<ParameterBoundsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GovernanceRulesOptions>, GovernanceRulesOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParameterBoundsOptions>, ParameterBoundsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new GovernanceService(
            provider.GetRequiredService<IProposalRepository>(),
            provider.GetRequiredService<ICommitteeStore>(),
            provider.GetRequiredService<IRegistryGateway>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value,
            provider.GetRequiredService<IOptions<ParameterBoundsOptions>>().Value));
        services.AddHostedService<ChainReconciliation>();
        return services;
    }
}

/// <summary>Validates <see cref="GovernanceRulesOptions"/> for the options pipeline ("Governance:Field: message").</summary>
public sealed class GovernanceRulesOptionsValidator : IValidateOptions<GovernanceRulesOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GovernanceRulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }
}

/// <summary>Validates <see cref="ParameterBoundsOptions"/> for the options pipeline.</summary>
public sealed class ParameterBoundsOptionsValidator : IValidateOptions<ParameterBoundsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ParameterBoundsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }
}
