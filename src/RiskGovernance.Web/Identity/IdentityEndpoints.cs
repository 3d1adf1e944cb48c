using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.Identity;

/// <summary>Body of POST /auth/challenge and /auth/dev-login.</summary>
/// <param name="Address">The 0x account that wants to sign in.</param>
public sealed record SignInAddressRequest(string? Address);

/// <summary>Body of POST /auth/login.</summary>
/// <param name="Message">The EIP-4361 text the server issued, exactly as signed.</param>
/// <param name="Signature">The personal_sign signature (0x, 65 bytes).</param>
public sealed record SignInRequest(string? Message, string? Signature);

/// <summary>Answer of POST /auth/challenge.</summary>
/// <param name="Message">The EIP-4361 message to sign with personal_sign.</param>
/// <param name="ExpiresAt">When the challenge expires.</param>
public sealed record SignInChallenge(string Message, DateTimeOffset ExpiresAt);

/// <summary>The signed-in viewer as the endpoints report it.</summary>
/// <param name="SignedIn">False for an anonymous visitor.</param>
/// <param name="Address">EIP-55 address, or null.</param>
/// <param name="DisplayName">Committee name or short address.</param>
/// <param name="Role">anonymous, holder, member or guardian.</param>
/// <param name="Wallet">browser, dev, or null.</param>
public sealed record ViewerResponse(bool SignedIn, string? Address, string DisplayName, string Role, string? Wallet)
{
    /// <summary>The response for <paramref name="user"/>.</summary>
    public static ViewerResponse Of(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.IsSignedIn, user.Address?.ToString(), user.DisplayName, user.Role.ToString().ToLowerInvariant(), user.Wallet);
    }
}

/// <summary>An active session as GET /auth/sessions reports it.</summary>
/// <param name="Id">Handle to revoke it by.</param>
/// <param name="Wallet">browser or dev.</param>
/// <param name="CreatedAt">When it began.</param>
/// <param name="LastSeenAt">When it was last used (to the minute).</param>
/// <param name="ExpiresAt">When it ends.</param>
/// <param name="UserAgent">The browser at sign-in.</param>
/// <param name="Current">The session of this request.</param>
public sealed record SessionResponse(long Id, string Wallet, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, bool Current);

/// <summary>
/// The sign-in endpoints (minimal APIs): challenge, login, dev-login (only when the development
/// wallet is registered), logout, logout-everywhere, sessions (list and revoke) and me. Requests
/// reach them only with the public origin's Host (and, for these writes, Origin when one is sent):
/// see <see cref="PublicOriginGuard"/>.
/// <para>
/// Antiforgery: these are JSON endpoints called by fetch from the portal's own pages. They are
/// excluded from the antiforgery token check explicitly; cross-site requests are stopped instead by
/// the SameSite=Strict session cookie and by requiring "Content-Type: application/json", which a
/// cross-site HTML form cannot send and a cross-site fetch can only send after a CORS preflight
/// this server never grants.
/// </para>
/// </summary>
public static class IdentityEndpoints
{
    /// <summary>Maps /auth/*.</summary>
    public static IEndpointRouteBuilder MapPortalIdentity(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var auth = endpoints.MapGroup("/auth").DisableAntiforgery().WithTags("identity").WithJsonBodyLimit();
        auth.MapPost("/challenge", ChallengeAsync);
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/logout", (Delegate)LogoutAsync);
        auth.MapPost("/logout-everywhere", LogoutEverywhereAsync);
        auth.MapGet("/sessions", SessionsAsync);
        auth.MapPost("/sessions/{id:long}/revoke", RevokeSessionAsync);
        auth.MapGet("/me", MeAsync);
        if (endpoints.ServiceProvider.GetService<DevelopmentWallet>() is not null)
        {
            auth.MapPost("/dev-login", DevLoginAsync);
        }
        else
        {
            // Not offered here (Production, or Portal:DevWallet off): an explicit 404 with a reason,
            // rather than whatever another endpoint on the same path would answer.
            auth.MapPost("/dev-login", () => ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found",
                "dev-login: the development wallet is not offered by this server (Development with Portal:DevWallet on the local chain only)."));
        }

        return endpoints;
    }

    private static async Task<IResult> ChallengeAsync(HttpContext context, SiweVerifier verifier, GovernanceService committee, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadJsonAsync<SignInAddressRequest>(context.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var address = ParseAddress(body!.Address);
            var message = verifier.CreateChallenge(address, await IsMemberAsync(committee, address, ct));
            return Results.Ok(new SignInChallenge(message.Format(), message.ExpirationTime!.Value));
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
        }
        catch (SignInBusyException e)
        {
            return Busy(context, e);
        }
    }

    // 429 with Retry-After: the store of visitors' challenges is full (members are counted apart).
    private static IResult Busy(HttpContext context, SignInBusyException e)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many sign-ins in progress", e.Message);
    }

    // On the chain's committee now; false when the committee cannot be read (the visitor's pool then applies).
    private static async Task<bool> IsMemberAsync(GovernanceService committee, Address address, CancellationToken ct)
    {
        try
        {
            return (await committee.GetCommitteeAsync(ct)).Find(address) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SiweVerifier verifier, GovernanceService committee, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadJsonAsync<SignInRequest>(context.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var message = verifier.Verify(body!.Message, body.Signature);
            return await SignInAsync(context, message, PortalClaims.BrowserWallet, committee, ct);
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
        }
    }

    private static async Task<IResult> DevLoginAsync(
        HttpContext context, SiweVerifier verifier, DevelopmentWallet wallet, GovernanceService committee, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadJsonAsync<SignInAddressRequest>(context.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var address = ParseAddress(body!.Address);
            if (DemoCommittee.Find(address) is null)
            {
                return ApiProblems.Validation("address", $"{address} is not an account of the development wallet (the demo committee's keys)");
            }

            // The same path as a browser wallet: a challenge from this server, a personal_sign
            // signature, and the full verification (domain, chain, nonce, expiry, signer).
            // The demo committee's challenges are counted apart from the visitors' (member: true),
            // so that a flood of challenges cannot lock the development wallet out either.
            var challenge = verifier.CreateChallenge(address, member: true).Format();
            var signature = wallet.SignPersonalMessage(address, challenge);
            var message = verifier.Verify(challenge, signature);
            return await SignInAsync(context, message, PortalClaims.DevelopmentWallet, committee, ct);
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
        }
        catch (SignInBusyException e)
        {
            return Busy(context, e);
        }
    }

    // Revokes this browser's session in the store (the old cookie is then worth nothing) and deletes the cookie.
    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        var sessions = context.RequestServices.GetRequiredService<PortalSessions>();
        await sessions.EndAsync(PortalSessions.TokenOf(context.User), context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Ok(ViewerResponse.Of(PortalUser.Anonymous));
    }

    // Revokes every session of the signed-in address, in every browser, this one included.
    private static async Task<IResult> LogoutEverywhereAsync(HttpContext context, PortalSessions sessions, CancellationToken ct)
    {
        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        if (SignedInAddress(context.User) is not { } address)
        {
            return NotSignedIn();
        }

        var revoked = await sessions.RevokeAllAsync(address, ct);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Ok(new { revoked, viewer = ViewerResponse.Of(PortalUser.Anonymous) });
    }

    private static async Task<IResult> SessionsAsync(HttpContext context, PortalSessions sessions, CancellationToken ct)
    {
        if (SignedInAddress(context.User) is not { } address)
        {
            return NotSignedIn();
        }

        var current = PortalSessions.TokenOf(context.User) is { } token ? PortalSessions.HashOf(token) : null;
        var list = await sessions.ListAsync(address, ct);
        return Results.Ok(list.Select(s => new SessionResponse(s.Id, s.Wallet, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UserAgent, s.TokenHash == current)).ToList());
    }

    private static async Task<IResult> RevokeSessionAsync(HttpContext context, long id, PortalSessions sessions, CancellationToken ct)
    {
        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        if (SignedInAddress(context.User) is not { } address)
        {
            return NotSignedIn();
        }

        return await sessions.RevokeAsync(address, id, ct)
            ? Results.Ok(new { revoked = id })
            : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found", $"id: {id} is not an active session of {address}.");
    }

    private static Address? SignedInAddress(ClaimsPrincipal user)
        => user.Identity?.IsAuthenticated == true && Address.TryParse(user.FindFirst(PortalClaims.Address)?.Value, out var address) ? address : null;

    private static IResult NotSignedIn()
        => ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Not signed in", "session: not signed in (or the session was revoked or has ended).");

    private static async Task<IResult> MeAsync(HttpContext context, GovernanceService committee, CancellationToken ct)
        => Results.Ok(ViewerResponse.Of(await CurrentUser.ResolveAsync(context.User, committee, ct)));

    private static async Task<IResult> SignInAsync(HttpContext context, SiweMessage message, string wallet, GovernanceService committee, CancellationToken ct)
    {
        // A server-side session (see PortalSessions); the cookie carries its token and the same end
        // (wall-clock time, see PortalIdentityExtensions).
        var member = await IsMemberAsync(committee, message.Address, ct);
        var (token, session) = await context.RequestServices.GetRequiredService<PortalSessions>().BeginAsync(
            message.Address, wallet, message.ChainId, member, context.Request.Headers.UserAgent.ToString(), ct);
        var issued = session.CreatedAt;
        var expires = session.ExpiresAt;
        var identity = new ClaimsIdentity(
        [
            new Claim(PortalClaims.SessionId, token),
            new Claim(ClaimTypes.NameIdentifier, message.Address.ToString()),
            new Claim(ClaimTypes.Name, message.Address.ToString()),
            new Claim(PortalClaims.Address, message.Address.ToString()),
            new Claim(PortalClaims.Wallet, wallet),
            new Claim(PortalClaims.ChainId, message.ChainId.ToString(CultureInfo.InvariantCulture)),
            new Claim(PortalClaims.SessionExpires, expires.ToString("O", CultureInfo.InvariantCulture)),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = new ClaimsPrincipal(identity);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true, IssuedUtc = issued, ExpiresUtc = expires });
        return Results.Ok(ViewerResponse.Of(await CurrentUser.ResolveAsync(principal, committee, ct)));
    }

    private static Address ParseAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputValidationException("address", "is required (0x followed by 40 hex digits)");
        }

        try
        {
            return Address.Parse(text.Trim(), "address");
        }
        catch (ArgumentException e)
        {
            throw new InputValidationException("address", ApiProblems.MessageOf(e, "address"));
        }
    }
}
