using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity;

/// <summary>Registrations of Sign-In with Ethereum: the nonce store, the verifier, the session cookie and its keys.</summary>
public static class PortalIdentityExtensions
{
    /// <summary>Name of the session cookie.</summary>
    public const string CookieName = "riskgov.session";

    /// <summary>
    /// Registers the public-origin guard, the nonce store and verifier, the session store's service,
    /// cookie authentication (a session token checked in the store on every request;
    /// Portal:SessionLifetime, no sliding, HttpOnly, SameSite=Strict; 401/403 instead of redirects) and
    /// authorization. The keys that sign the cookie are registered by <see cref="KeyProtection.AddProtectedKeyRing"/>.
    /// </summary>
    public static IServiceCollection AddPortalIdentity(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<SiweNonceStore>();
        services.AddSingleton<SiweVerifier>();
        services.AddSingleton<PortalSessions>();
        services.AddPublicOriginGuard();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<PortalOptions>, IHostEnvironment>((cookie, portal, environment) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                cookie.ExpireTimeSpan = portal.Value.SessionLifetime;
                cookie.SlidingExpiration = false;

                // Sessions last in wall-clock time: the portal's clock may be moved forward in development
                // (time travel with the local chain), which must not sign everybody out.
                cookie.TimeProvider = TimeProvider.System;

                // The cookie is only a pointer: every request checks its session in the store, and a
                // revoked, expired or unknown session is anonymous (and its cookie deleted).
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
                    if (await sessions.ValidateAsync(PortalSessions.TokenOf(context.Principal), context.HttpContext.RequestAborted) is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();

        // Replaces the ServerAuthenticationStateProvider of AddInteractiveServerComponents (registered before).
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        return services;
    }
}
