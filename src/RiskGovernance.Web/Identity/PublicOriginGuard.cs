using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity;

/// <summary>
/// Holds every request to the configured public origin (Portal:PublicOrigin): a request whose Host
/// is not the origin's host and port is refused with a 400 problem naming <c>host</c>; a write
/// (any method but GET, HEAD, OPTIONS, TRACE) whose Origin header names another origin is refused with a
/// 403 problem naming <c>origin</c>. It runs before everything else, ASP.NET Core's host filtering
/// included (whose AllowedHosts is set to the same host), so nothing behind it (a sign-in challenge
/// above all: its nonce and message) is reached.
/// </summary>
public sealed class PublicOriginGuard(RequestDelegate next, IOptions<PortalOptions> options)
{
    private readonly PublicOrigin _origin = options.Value.Origin;

    /// <summary>Checks the request's Host and (for writes) Origin.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Headers.Host.ToString();
        if (!_origin.MatchesHost(host))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "host",
                $"'{Shown(host)}' is not this portal; it answers only at {_origin.Authority} ({_origin.Origin})");
            return;
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 0 && IsWrite(context.Request.Method) && !_origin.MatchesOrigin(origin.ToString()))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "origin",
                $"a request from '{Shown(origin.ToString())}' is refused; only pages of {_origin.Origin} may send it");
            return;
        }

        await next(context);
    }

    private static bool IsWrite(string method)
        => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    // What the client sent, shortened and without control characters, to quote in the answer.
    private static string Shown(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(100).ToArray());
        return value.Length > 100 ? clean + "…" : clean;
    }

    private static Task Refuse(HttpContext context, int status, string field, string message)
        => Results.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
                detail: $"{field}: {message}",
                title: "The request was refused.",
                statusCode: status)
            .ExecuteAsync(context);
}

/// <summary>Registration of <see cref="PublicOriginGuard"/> and of AllowedHosts from the public origin.</summary>
public static class PublicOriginGuardExtensions
{
    /// <summary>
    /// Puts <see cref="PublicOriginGuard"/> in front of the whole pipeline (a startup filter registered
    /// first, so it runs before the host filtering of the web host defaults) and sets
    /// <see cref="HostFilteringOptions.AllowedHosts"/> to the public origin's host, whatever
    /// the AllowedHosts setting says.
    /// </summary>
    public static IServiceCollection AddPublicOriginGuard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, GuardStartupFilter>());
        services.AddOptions<HostFilteringOptions>()
            .PostConfigure<IOptions<PortalOptions>>((hosts, portal) =>
            {
                hosts.AllowedHosts = [portal.Value.Origin.Host];
                hosts.AllowEmptyHosts = false;
            });
        return services;
    }

    private sealed class GuardStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<PublicOriginGuard>();
            next(app);
        };
    }
}
