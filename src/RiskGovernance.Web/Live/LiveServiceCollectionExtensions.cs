using RiskGovernance.Primitives;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RiskGovernance.Web.Live;

/// <summary>The live services this portal runs (either may be absent): what the /live page and /api/feeder show.</summary>
/// <param name="Follower">The chain follower (null when section Live names no contract and feeds).</param>
/// <param name="Feeder">The demo price feeder (null outside the demo).</param>
public sealed record LiveComponents(ChainFollower? Follower, PriceFeeder? Feeder);

/// <summary>Registers the live chain follower and, in the demo, the price feeder.</summary>
public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Binds section "Live"; adds <see cref="ChainSnapshotWriter"/>, the <see cref="ChainFollower"/> when a contract and feeds are
    /// configured (and Live:Follow is not false), and the <see cref="PriceFeeder"/> with its timer when <paramref name="demo"/> is set.
    /// Register after the demo seeder, so that the seeding is done before the follower starts.
    /// </summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration, bool demo)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName);
        services.TryAddSingleton<ChainSnapshotWriter>();
        services.TryAddSingleton(provider => new LiveComponents(provider.GetService<ChainFollower>(), provider.GetService<PriceFeeder>()));
        var options = configuration.GetSection(LiveOptions.SectionName).Get<LiveOptions>() ?? new LiveOptions();
        if (options.IsConfigured)
        {
            services.TryAddSingleton<ChainFollower>();
            services.AddHostedService(provider => provider.GetRequiredService<ChainFollower>());
        }
        if (demo && options.Feeds.Count > 0)
        {
            services.TryAddSingleton<PriceFeeder>();
            services.AddHostedService<PriceFeederService>();
        }
        return services;
    }
}
