using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace RiskGovernance.Web.Identity;

/// <summary>
/// The circuit's authentication state, re-checked every minute: a Blazor circuit keeps the principal
/// it started with, so a session that reaches its end (the <see cref="PortalClaims.SessionExpires"/>
/// claim, wall-clock time) turns anonymous in a circuit that is still open, as the cookie does for
/// new requests.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <inheritdoc />
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

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
    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return Task.FromResult(IsCurrent(authenticationState.User, TimeProvider.System.GetUtcNow()));
    }
}
