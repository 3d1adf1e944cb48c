using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>Registers the connection to the chain.</summary>
public static class ChainServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ChainOptions"/> (validated on start; bind it yourself, e.g.
    /// <c>.BindConfiguration(ChainOptions.SectionName)</c> on the returned builder), one
    /// <see cref="ChainClient"/> and one <see cref="TransactionSender"/> (singletons, so that every
    /// send of a key shares its nonce service) and <see cref="AnvilClient"/>. No signing key is
    /// registered: the host chooses them (<see cref="SigningKey.FromEnvironment"/>, or
    /// <see cref="DevelopmentKeys"/> in Development on the local chain only).
    /// </summary>
    public static OptionsBuilder<ChainOptions> AddChain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new ChainClient(provider.GetRequiredService<IOptions<ChainOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<TransactionSender>();
        services.TryAddTransient<AnvilClient>();
        return services.AddValidatedOptions<ChainOptions>();
    }
}
