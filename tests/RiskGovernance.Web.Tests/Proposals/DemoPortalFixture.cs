using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>One demo portal on its own anvil, shared by the component tests of a class.</summary>
public sealed class DemoPortalFixture : SeededPortal
{
    /// <summary>
    /// Registers the portal's real services in a bUnit context, with <paramref name="authentication"/>
    /// standing for the signed-in viewer.
    /// </summary>
    public void AddTo(BunitContext context, AuthenticationStateProvider authentication)
    {
        ArgumentNullException.ThrowIfNull(context);
        var portal = Portal.Services;
        var services = context.Services;
        services.AddSingleton(portal.GetRequiredService<GovernanceService>());
        services.AddSingleton(portal.GetRequiredService<IProposalRepository>());
        services.AddSingleton(portal.GetRequiredService<ICommitteeStore>());
        services.AddSingleton(portal.GetRequiredService<ImpactSimulations>());
        services.AddSingleton(portal.GetRequiredService<RiskGovernance.Web.History.ProposalRiskAnalysis>());
        services.AddSingleton(portal.GetRequiredService<TimeProvider>());
        services.AddSingleton(portal.GetRequiredService<PortalClock>());
        services.AddSingleton(portal.GetRequiredService<IHostEnvironment>());
        services.AddSingleton(portal.GetRequiredService<IOptions<GovernanceRulesOptions>>());
        services.AddSingleton(portal.GetRequiredService<DevelopmentWallet>());
        services.AddTransient(_ => portal.GetRequiredService<ChainTime>());
        services.AddSingleton(portal.GetRequiredService<ChainClient>());
        services.AddSingleton(portal.GetRequiredService<IRegistryGateway>());
        services.AddSingleton(authentication);
        services.AddSingleton(portal.GetRequiredService<PortalSessions>());
        services.AddScoped<CurrentUser>();
        services.AddScoped<ProposalPageService>();
    }
}

/// <summary>An authentication state the test switches between viewers.</summary>
public sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
{
    /// <summary>The current principal (anonymous at first).</summary>
    public ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity());

    /// <inheritdoc />
    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
}
