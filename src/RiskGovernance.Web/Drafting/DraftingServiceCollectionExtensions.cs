namespace RiskGovernance.Web.Drafting;

/// <summary>Registrations of the New proposal and What-if pages.</summary>
public static class DraftingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ProposalDrafting"/>, <see cref="RulesDrafting"/> and <see cref="WhatIfCalculator"/> (scoped: one per circuit or request).</summary>
    public static IServiceCollection AddPortalDrafting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddScoped<ProposalDrafting>();
        services.AddScoped<RulesDrafting>();
        services.AddScoped<WhatIfCalculator>();
        return services;
    }
}
