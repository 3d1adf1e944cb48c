using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Persistence;

namespace RiskGovernance.Web.Api;

/// <summary>/healthz: the database and the chain, each reported by name in a JSON body.</summary>
public static class PortalHealth
{
    /// <summary>Adds the "database" and "chain" checks.</summary>
    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ChainHealthCheck>("chain", timeout: TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>Maps /healthz: 200 when every check is healthy, 503 otherwise; JSON status per check.</summary>
    public static IEndpointConventionBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new JsonObject
            {
                ["status"] = entry.Status.ToString(),
                ["description"] = entry.Description,
                ["durationMs"] = Math.Round(entry.Duration.TotalMilliseconds, 1),
            };
        }

        var body = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Web), context.RequestAborted);
    }
}

/// <summary>The governance database answers a query.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<GovernanceDbContext> factory) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("the SQLite database answers")
                : HealthCheckResult.Unhealthy("the SQLite database cannot be opened");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the SQLite database cannot be opened: {e.GetType().Name}");
        }
    }
}

/// <summary>The chain answers eth_chainId (not cached) with Governance:ChainId.</summary>
public sealed class ChainHealthCheck(ChainClient chain, IOptions<GovernanceRulesOptions> rules) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var chainId = await chain.ReadChainIdAsync(cancellationToken);
            return chainId == rules.Value.ChainId
                ? HealthCheckResult.Healthy($"chain {chainId} answers")
                : HealthCheckResult.Unhealthy($"the node is on chain {chainId}, but Governance:ChainId is {rules.Value.ChainId}");
        }
        catch (Exception e) when (ChainErrors.IsChainError(e) || e is InvalidOperationException or FormatException)
        {
            return HealthCheckResult.Unhealthy($"the chain does not answer: {e.Message}");
        }
    }
}
