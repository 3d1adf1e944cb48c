using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;

namespace RiskGovernance.Chain;

/// <summary>Registers the chain layer: the typed JSON-RPC client, nonces, sender, deployer and signature verifier.</summary>
public static class ChainServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EthRpcClient"/> as a typed HttpClient plus <see cref="NonceAllocator"/> (singleton),
    /// <see cref="TransactionSender"/>, <see cref="ContractDeployer"/> and <see cref="SignatureVerifier"/>.
    /// Configure <see cref="ChainRpcOptions"/> (and optionally <see cref="TransactionSenderOptions"/>) yourself,
    /// e.g. <c>services.AddOptions&lt;ChainRpcOptions&gt;().BindConfiguration(ChainRpcOptions.SectionName)</c>;
    /// both are validated on start. No signer is registered: choose one explicitly
    /// (<c>LocalKeySigner.FromEnvironment()</c>, or <c>DevelopmentKeys</c> in Development only).
    /// </summary>
    public static IServiceCollection AddChainRpc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ChainRpcOptions>().ValidateOnStart();
        services.AddOptions<TransactionSenderOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChainRpcOptions>, ChainRpcOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransactionSenderOptions>, TransactionSenderOptionsValidator>());
        services.AddHttpClient<EthRpcClient>();
        services.TryAddSingleton<NonceAllocator>();
        services.TryAddTransient<TransactionSender>();
        services.TryAddTransient<ContractDeployer>();
        services.TryAddTransient<SignatureVerifier>();
        return services;
    }

    /// <summary>Registers the chain layer with options set in code.</summary>
    public static IServiceCollection AddChainRpc(this IServiceCollection services, Action<ChainRpcOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddChainRpc();
        services.Configure(configure);
        return services;
    }
}

/// <summary>Validates <see cref="TransactionSenderOptions"/> for the options pipeline.</summary>
public sealed class TransactionSenderOptionsValidator : IValidateOptions<TransactionSenderOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TransactionSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
