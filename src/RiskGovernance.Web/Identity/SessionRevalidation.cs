using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity;

/// <summary>
/// The circuit's authentication state, re-checked every Portal:SessionRevalidationInterval (3 s by
/// default): a Blazor circuit keeps the principal it started with, so a session that is revoked
/// (sign out, sign out everywhere, removal from the committee) or reaches its end turns anonymous
/// in a circuit that is still open, as the cookie does for new requests. One check is one indexed
/// read of the session store (and, for a member, the committee cached for two seconds).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, PortalSessions sessions, IOptions<PortalOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <inheritdoc />
    protected override TimeSpan RevalidationInterval => options.Value.SessionRevalidationInterval;

    /// <summary>True while the principal's session has not reached its end (anonymous principals are always "valid").</summary>
    public static bool IsCurrent(ClaimsPrincipal principal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        var text = principal.FindFirst(PortalClaims.SessionExpires)?.Value;
        return text is not null
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
               && now < expires;
    }

    /// <inheritdoc />
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        return IsCurrent(user, TimeProvider.System.GetUtcNow())
               && (!PortalSessions.NeedsSession(user) || await sessions.ValidateAsync(PortalSessions.TokenOf(user), cancellationToken) is not null);
    }
}
