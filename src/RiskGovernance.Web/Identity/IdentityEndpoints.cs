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

/// <summary>
/// The sign-in endpoints (minimal APIs): challenge, login, dev-login (only when the development
/// wallet is registered), logout and me.
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

    private static async Task<IResult> ChallengeAsync(HttpContext context, SiweVerifier verifier, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadJsonAsync<SignInAddressRequest>(context.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var address = ParseAddress(body!.Address);
            var message = verifier.CreateChallenge(address, context.Request.Scheme, context.Request.Host.Value ?? "");
            return Results.Ok(new SignInChallenge(message.Format(), message.ExpirationTime!.Value));
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
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
            var message = verifier.Verify(body!.Message, body.Signature, context.Request.Host.Value ?? "");
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
            var domain = context.Request.Host.Value ?? "";
            var challenge = verifier.CreateChallenge(address, context.Request.Scheme, domain).Format();
            var signature = wallet.SignPersonalMessage(address, challenge);
            var message = verifier.Verify(challenge, signature, domain);
            return await SignInAsync(context, message, PortalClaims.DevelopmentWallet, committee, ct);
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
        }
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Ok(ViewerResponse.Of(PortalUser.Anonymous));
    }

    private static async Task<IResult> MeAsync(HttpContext context, GovernanceService committee, CancellationToken ct)
        => Results.Ok(ViewerResponse.Of(await CurrentUser.ResolveAsync(context.User, committee, ct)));

    private static async Task<IResult> SignInAsync(HttpContext context, SiweMessage message, string wallet, GovernanceService committee, CancellationToken ct)
    {
        // Sessions last in wall-clock time (see PortalIdentityExtensions); the cookie carries the same end.
        var issued = TimeProvider.System.GetUtcNow();
        var expires = issued + context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.SessionLifetime;
        var identity = new ClaimsIdentity(
        [
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
