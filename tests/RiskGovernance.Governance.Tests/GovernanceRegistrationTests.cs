using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Testing;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class GovernanceRegistrationTests
{
    private static ServiceProvider Build(Action<GovernanceRulesOptions> configure)
    {
        var w = new GovernanceWorld();
        var services = new ServiceCollection();
        services.AddSingleton<IProposalRepository>(w.Proposals);
        services.AddSingleton<ICommitteeStore>(w.Committee);
        services.AddSingleton<IRegistryGateway>(w.Registry);
        services.AddSingleton(Samples.Ballots);
        services.AddSingleton<TimeProvider>(w.Time);
        services.AddGovernance();
        services.Configure(configure);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddGovernance_ValidOptions_ResolvesServiceWithInjectedClockAndDomain()
    {
        using var provider = Build(o =>
        {
            o.ChainId = Samples.ChainId;
            o.RegistryAddress = Samples.Registry.ToString();
        });
        var service = provider.GetRequiredService<GovernanceService>();
        Assert.Equal(Samples.Domain, service.BallotDomain);
        Assert.IsType<ManualTimeProvider>(provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddGovernance_InvalidOptions_ValidationNamesFields()
    {
        using var provider = Build(o => o.QuorumFraction = 0);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value);
        Assert.Contains("Governance:QuorumFraction: must be in (0, 1]", ex.Failures);
        Assert.Contains("Governance:ChainId: must be > 0", ex.Failures);
    }
}
