using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The composition the portal uses: the persistence layer, the chain adapter (registry gateway,
/// ballot scheme, reconciliation) and the governance service with its validated options. Resolving
/// sends nothing to the chain.
/// </summary>
public sealed class GovernanceRegistrationTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    private ServiceProvider Build(Action<GovernanceRulesOptions> configure)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = directory.NewDataDirectory() })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(ManualTimeProvider.At2026());
        services.AddLogging();
        services.AddPersistence(configuration);
        services.AddChain().Configure(o => o.RpcUrl = new Uri("http://127.0.0.1:9"));
        services.AddSingleton(new RegistrySigners(DevelopmentKeys.Key(0), null));
        services.AddRegistryAdapters(_ => Registry);
        services.AddGovernance();
        services.AddOptions<GovernanceRulesOptions>().Configure(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddGovernance_ValidOptions_ResolvesTheServiceOverTheRealAdaptersWithTheInjectedClockAndDomain()
    {
        using var provider = Build(o =>
        {
            o.ChainId = DevelopmentKeys.LocalChainId;
            o.RegistryAddress = Registry.ToString();
        });

        var service = provider.GetRequiredService<GovernanceService>();

        Assert.Equal(new BallotDomain(DevelopmentKeys.LocalChainId, Registry), service.BallotDomain);
        Assert.IsType<RegistryGateway>(service.Registry);
        Assert.IsType<Eip712BallotScheme>(provider.GetRequiredService<IBallotScheme>());
        Assert.IsType<ManualTimeProvider>(provider.GetRequiredService<TimeProvider>());
        Assert.Same(provider.GetRequiredService<AuditAnchoring>(), provider.GetRequiredService<AuditAnchoring>());
        Assert.Contains(provider.GetServices<IHostedService>(), h => h is ChainReconciliation);
    }

    [Fact]
    public void AddGovernance_InvalidOptions_ValidationNamesFields()
    {
        using var provider = Build(o => o.AuditAnchorInterval = TimeSpan.Zero);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value);

        Assert.Contains("Governance:AuditAnchorInterval: must be > 0", ex.Failures);
        Assert.Contains("Governance:ChainId: must be > 0", ex.Failures);
        Assert.Contains("Governance:RegistryAddress: must be a non-zero 0x address", ex.Failures);
    }

    [Fact]
    public void GovernanceService_InvalidOptions_RejectedNamingFields()
    {
        using var provider = Build(o =>
        {
            o.ChainId = DevelopmentKeys.LocalChainId;
            o.RegistryAddress = Registry.ToString();
        });

        var ex = Assert.Throws<Engine.Validation.InputValidationException>(() => new GovernanceService(
            provider.GetRequiredService<IProposalRepository>(), provider.GetRequiredService<ICommitteeStore>(), provider.GetRequiredService<IRegistryGateway>(),
            provider.GetRequiredService<IBallotScheme>(), TimeProvider.System, new GovernanceRulesOptions { ChainId = DevelopmentKeys.LocalChainId, RegistryAddress = "" }));

        Assert.Equal("Governance:RegistryAddress", ex.Errors.Single().Field);
    }
}
