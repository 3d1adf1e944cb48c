using RiskGovernance.Governance.Application;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Live;

/// <summary>
/// /api/feeder, for signed-in committee members only (401 when not signed in, 403 for others): GET the demo feeder's
/// state (<see cref="FeederStatus"/>), POST /pause and /resume (JSON content type, as every cookie-authenticated write).
/// 404 when the portal runs no feeder (not the demo).
/// </summary>
public static class FeederEndpoints
{
    /// <summary>Maps /api/feeder.</summary>
    public static IEndpointRouteBuilder MapFeederApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var feeder = endpoints.MapGroup("/api/feeder").WithTags("api");
        feeder.MapGet("", (HttpContext context, GovernanceService committee, LiveComponents live, CancellationToken ct)
            => Handle(context, committee, live, write: false, (f, _) => Task.FromResult(f.Status), ct));
        feeder.MapPost("/pause", (HttpContext context, GovernanceService committee, LiveComponents live, CancellationToken ct)
            => Handle(context, committee, live, write: true, (f, c) => f.PauseAsync(c), ct)).DisableAntiforgery();
        feeder.MapPost("/resume", (HttpContext context, GovernanceService committee, LiveComponents live, CancellationToken ct)
            => Handle(context, committee, live, write: true, (f, c) => f.ResumeAsync(c), ct)).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Handle(
        HttpContext context, GovernanceService committee, LiveComponents live, bool write, Func<PriceFeeder, CancellationToken, Task<FeederStatus>> action, CancellationToken ct)
    {
        var user = await CurrentUser.ResolveAsync(context.User, committee, ct);
        if (!user.IsSignedIn)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in first",
                "feeder: only signed-in committee members may see or steer the price feeder; you are not signed in (POST /auth/challenge, then /auth/login).");
        }
        if (!user.IsMember)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not a committee member",
                $"feeder: {user.Address} is not a member of the committee.");
        }
        if (write && !PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }
        if (live.Feeder is not { } feeder)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No price feeder",
                "feeder: this portal runs no price feeder (it runs only in the demo, Portal:Demo:Enabled).");
        }
        return Results.Ok(await action(feeder, ct));
    }
}
