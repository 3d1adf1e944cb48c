using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Tests.Accounts;

public sealed class SignerAndRegistrationTests
{
    [Fact]
    public void FromEnvironment_VariableSet_SignerForThatKey()
    {
        var variable = "RISKGOV_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        try
        {
            Assert.Equal(DevelopmentKeys.Addresses()[1], LocalKeySigner.FromEnvironment(variable).Address);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void FromEnvironment_VariableMissing_ThrowsNamingVariable()
    {
        var variable = "RISKGOV_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var ex = Assert.Throws<InvalidOperationException>(() => LocalKeySigner.FromEnvironment(variable));
        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_MalformedKey_ThrowsNamingVariableWithoutValue()
    {
        var variable = "RISKGOV_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "0x1234abcd");
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => LocalKeySigner.FromEnvironment(variable));
            Assert.Equal(variable, ex.ParamName);
            Assert.DoesNotContain("1234abcd", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void DevelopmentKeys_Ten_KnownFirstAndLastAddresses()
    {
        var addresses = DevelopmentKeys.Addresses();
        Assert.Equal(10, addresses.Count);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", addresses[0].ToString());
        Assert.Equal("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", addresses[9].ToString());
        Assert.Equal(10, addresses.Distinct().Count());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentKeys.Signer(10));
        Assert.Equal("index", ex.ParamName);
    }

    [Fact]
    public async Task SignTransactionAsync_LocalKey_SenderRecoverable()
    {
        var signer = DevelopmentKeys.Signer(3);
        var tx = new Eip1559Transaction(31337, 1, 1, 2, 21000, DevelopmentKeys.Addresses()[0], 5, []);
        var signed = await signer.SignTransactionAsync(tx, CancellationToken.None);
        Assert.Equal(signer.Address, RiskGovernance.Chain.Crypto.EthPublicKey.Recover(tx.SigningHash(), signed.Signature).Address);
        Assert.Equal(signer.Address, signed.Sender);
    }

    [Fact]
    public void AddChainRpc_ValidOptions_ResolvesClientSenderDeployerVerifier()
    {
        var services = new ServiceCollection();
        services.AddChainRpc(o => o.RpcUrl = new Uri("http://127.0.0.1:18545"));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var client = provider.GetRequiredService<EthRpcClient>();
        Assert.Equal("http://127.0.0.1:18545", client.Endpoint);
        Assert.NotNull(provider.GetRequiredService<TransactionSender>());
        Assert.NotNull(provider.GetRequiredService<ContractDeployer>());
        Assert.NotNull(provider.GetRequiredService<SignatureVerifier>());
        Assert.Same(provider.GetRequiredService<NonceAllocator>(), provider.GetRequiredService<NonceAllocator>());
    }

    [Fact]
    public void AddChainRpc_NoUrl_OptionsValidationFailsNamingSetting()
    {
        var services = new ServiceCollection();
        services.AddChainRpc();
        services.Configure<TransactionSenderOptions>(o => o.GasMarginPercent = -5);
        using var provider = services.BuildServiceProvider();

        var rpcError = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChainRpcOptions>>().Value);
        Assert.Contains("RpcUrl", rpcError.Message, StringComparison.Ordinal);
        var senderError = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TransactionSenderOptions>>().Value);
        Assert.Contains("GasMarginPercent", senderError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChainRpc_BoundFromConfiguration_SettingsApplied()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Chain:RpcUrl"] = "http://127.0.0.1:18545",
                ["Chain:RequestTimeout"] = "00:00:03",
                ["Chain:MaxRetries"] = "5",
                ["Chain:Sender:Confirmations"] = "2",
                ["Chain:Sender:MinPriorityFeePerGas"] = "2000000000",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        services.AddOptions<ChainRpcOptions>().BindConfiguration(ChainRpcOptions.SectionName);
        services.AddOptions<TransactionSenderOptions>().BindConfiguration(TransactionSenderOptions.SectionName);
        services.AddChainRpc();
        using var provider = services.BuildServiceProvider();

        var rpc = provider.GetRequiredService<IOptions<ChainRpcOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), rpc.RequestTimeout);
        Assert.Equal(5, rpc.MaxRetries);
        var sender = provider.GetRequiredService<IOptions<TransactionSenderOptions>>().Value;
        Assert.Equal(2, sender.Confirmations);
        Assert.Equal(2_000_000_000, sender.MinPriorityFeePerGas);
    }

    [Fact]
    public void TransactionRequest_CreationWithoutCode_ThrowsNamingData()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TransactionRequest(null, 0, []));
        Assert.Equal("data", ex.ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => TransactionRequest.Transfer(Address.Zero, -1)).ParamName);
    }
}
