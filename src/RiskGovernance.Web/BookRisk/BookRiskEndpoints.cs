using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.BookRisk;

/// <summary>An account of a top list as GET /api/risk writes it (the status by its JSON name).</summary>
/// <param name="Id">The account id.</param>
/// <param name="Status">healthy, restricted, margin-call or liquidatable.</param>
/// <param name="Equity">Its equity.</param>
/// <param name="MaintenanceMargin">Its MM.</param>
/// <param name="Shortfall">max(0, MM − equity).</param>
/// <param name="GrossNotional">Sum of |quantity| × price over its positions.</param>
/// <param name="LargestAsset">The asset with the largest share of its gross notional.</param>
/// <param name="LargestShare">That share.</param>
public sealed record AccountRiskResponse(
    string Id, string Status, double Equity, double MaintenanceMargin, double Shortfall, double GrossNotional, string? LargestAsset, double LargestShare)
{
    /// <summary>The response for <paramref name="a"/>.</summary>
    public static AccountRiskResponse Of(AccountRisk a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, JsonNames.Of(a.Status), a.Equity, a.MaintenanceMargin, a.Shortfall, a.GrossNotional, a.LargestAsset, a.LargestShare);
    }
}

/// <summary>
/// GET /api/risk: the Book risk page's report on the current snapshot under the ratified set (200), or, while it is
/// being computed in the background, 202 with <c>state: "computing"</c> and the fraction done (ask again later).
/// Errors are RFC 9457 problem documents.
/// </summary>
public static class BookRiskEndpoints
{
    /// <summary>Maps GET /api/risk.</summary>
    public static IEndpointRouteBuilder MapBookRiskApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGroup("/api/risk").WithTags("api").MapGet("", GetAsync).WithJsonBodyLimit();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(BookRiskService risk, CancellationToken ct)
    {
        BookRiskRun? run;
        try
        {
            run = await risk.StartAsync(ct);
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "The chain refused or did not answer",
                $"chain: the ratified parameter set could not be read ({ChainErrors.NodeMessage(e)}).");
        }

        if (run is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No book or no ratified parameter set",
                "snapshot: the book's risk needs a stored snapshot and a ratified parameter set in force.");
        }
        if (!run.Report.IsCompleted)
        {
            return Results.Json(new { state = "computing", fraction = run.Fraction, key = run.Key.ToString() }, statusCode: StatusCodes.Status202Accepted);
        }
        if (!run.Report.IsCompletedSuccessfully)
        {
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The book's risk could not be computed",
                "snapshot: " + (run.Report.Exception?.InnerException?.Message ?? "the computation failed") + " Ask again to retry.");
        }

        var r = await run.Report;
        return Results.Ok(new
        {
            state = "computed",
            key = run.Key.ToString(),
            r.Sequence,
            asOf = r.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.RatifiedVersion,
            r.Method,
            totals = new
            {
                r.Totals.Accounts, r.Totals.Equity, r.Totals.InitialMargin, r.Totals.MaintenanceMargin,
                byStatus = new { r.Totals.ByStatus.Healthy, r.Totals.ByStatus.Restricted, r.Totals.ByStatus.MarginCall, r.Totals.ByStatus.Liquidatable },
            },
            tail = r.Tail,
            byAsset = r.ByAsset,
            uniform = r.Uniform,
            perAsset = r.PerAsset,
            topByMaintenance = r.TopByMaintenance.Select(AccountRiskResponse.Of),
            topByShortfall = r.TopByShortfall.Select(AccountRiskResponse.Of),
            topByConcentration = r.TopByConcentration.Select(AccountRiskResponse.Of),
            elapsedSeconds = r.Elapsed.TotalSeconds,
            r.ComputedAt,
        });
    }
}
