using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.BookRisk;
using RiskGovernance.Web.Components;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Live;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Snapshots;

namespace RiskGovernance.Web.Infrastructure;

/// <summary>Every registration of the portal, grouped by concern.</summary>
public static class PortalHostExtensions
{
    /// <summary>Registers the portal: options, the layers below, the chain, identity, simulations and the demo.</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName);

        // The portal's clock comes first, so that every layer below uses it.
        services.AddSingleton<PortalClock>();
        services.AddSingleton<TimeProvider>(provider => provider.GetRequiredService<PortalClock>());

        services.AddPersistence(builder.Configuration);
        services.AddChain().BindConfiguration(ChainOptions.SectionName);
        services.AddOptions<GovernanceRulesOptions>().BindConfiguration(GovernanceRulesOptions.SectionName);
        services.AddSingleton(PortalSigners.Read);
        services.AddRegistryAdapters(provider =>
            Address.Parse(provider.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value.RegistryAddress, "Governance:RegistryAddress"));
        services.AddGovernance();
        services.AddTransient<ChainTime>();
        services.AddRegistryView();
        services.AddSingleton<BookRiskService>();
        services.AddLiquidationAlerts();
        services.AddPortalProposals();
        services.AddProposalHistory();
        services.AddSingleton<RiskGovernance.Web.Snapshots.CurrentSnapshotView>();

        var demo = builder.Configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        if (demo.Demo.Enabled)
        {
            services.AddHostedService<DemoSeeder>();
        }

        services.AddLive(builder.Configuration, demo.Demo.Enabled);

        var chainId = builder.Configuration.GetValue<long>($"{GovernanceRulesOptions.SectionName}:ChainId");
        if (builder.Environment.IsDevelopment() && demo.DevWallet && chainId == DevelopmentKeys.LocalChainId)
        {
            services.AddSingleton<DevelopmentWallet>();
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUser>();
        services.AddPortalDrafting();
        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddHealthChecks();
        services.AddProtectedKeyRing(builder.Configuration, builder.Environment);
        services.AddPortalIdentity();
        services.AddPortalHealthChecks();
        services.AddPortalLimits();
        return builder;
    }

    /// <summary>The request pipeline: security headers, problem documents and limits, identity, rate limits, antiforgery, health, the API and the Blazor app.</summary>
    public static WebApplication UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePortalSecurityHeaders();
        app.UsePortalErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalRateLimits();
        app.UseAntiforgery();
        app.UsePortalAntiforgeryProblems();
        app.MapStaticAssets();
        app.MapPortalHealth();
        app.MapPortalIdentity();
        app.MapPortalApi();
        app.MapSnapshotApi();
        app.MapAlertsApi();
        app.MapBookRiskApi();
        app.MapFeederApi();
        app.MapProposalHistory();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>
/// The keys the portal signs transactions with: the relayer (queue, execute) from RISKGOV_SIGNER_KEY,
/// and the guardian's (veto) from RISKGOV_GUARDIAN_KEY. On the local chain (31337) in Development
/// they default to the public anvil keys of the demo; never in any other case.
/// </summary>
public static class PortalSigners
{
    /// <summary>Environment variable of the guardian's key.</summary>
    public const string GuardianKeyVariable = "RISKGOV_GUARDIAN_KEY";

    /// <summary>Reads the keys from the environment (or the demo keys in Development on chain 31337).</summary>
    /// <exception cref="InvalidOperationException">No relayer key outside the local development chain; the message names the variable.</exception>
    public static RegistrySigners Read(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var rules = services.GetRequiredService<IOptions<GovernanceRulesOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var local = environment.IsDevelopment() && rules.ChainId == DevelopmentKeys.LocalChainId;
        var relayer = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SigningKey.DefaultEnvironmentVariable)) ? SigningKey.FromEnvironment()
            : local ? DevelopmentKeys.Key(DemoCommittee.RelayerKeyIndex)
            : throw new InvalidOperationException($"{SigningKey.DefaultEnvironmentVariable}: the key that sends queue and execute transactions is not set.");
        var guardian = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(GuardianKeyVariable)) ? SigningKey.FromEnvironment(GuardianKeyVariable)
            : local ? DevelopmentKeys.Key(DemoCommittee.Guardian.KeyIndex)
            : null;
        return new RegistrySigners(relayer, guardian);
    }
}
