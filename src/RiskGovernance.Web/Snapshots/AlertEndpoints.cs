using System.Globalization;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Snapshots;

/// <summary>A snapshot as GET /api/alerts names it.</summary>
/// <param name="Sequence">Its place in the store.</param>
/// <param name="AsOf">Valuation date of the market (yyyy-MM-dd).</param>
/// <param name="Source">Its provenance.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">keccak of the stored market JSON.</param>
/// <param name="BookHash">keccak of the stored book JSON.</param>
public sealed record AlertSnapshotResponse(long Sequence, string AsOf, string Source, DateTimeOffset StoredAt, string MarketHash, string BookHash)
{
    /// <summary>The response for <paramref name="info"/>.</summary>
    public static AlertSnapshotResponse Of(BookSnapshotInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(info.Sequence, info.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), info.Source, info.StoredAt, info.MarketHash.ToString(), info.BookHash.ToString());
    }
}

/// <summary>One snapshot's liquidation alerts as GET /api/alerts lists them.</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="Previous">The snapshot it is compared with (null for the first one).</param>
/// <param name="State">"computed", "pending" or "first".</param>
/// <param name="ResultKey">The stored result's key (null for the first snapshot).</param>
/// <param name="ComputedAt">When the alerts were computed.</param>
/// <param name="Accounts">The accounts that crossed into liquidatable, largest shortfall first.</param>
public sealed record SnapshotAlertsResponse(
    AlertSnapshotResponse Snapshot, AlertSnapshotResponse? Previous, string State, string? ResultKey, DateTimeOffset? ComputedAt, IReadOnlyList<LiquidationAlert> Accounts);

/// <summary>Answer of GET /api/alerts.</summary>
/// <param name="RatifiedVersion">The ratified version the books are margined under.</param>
/// <param name="ParamsHash">Its params hash.</param>
/// <param name="Snapshots">Newest snapshot first.</param>
public sealed record AlertsResponse(long RatifiedVersion, string ParamsHash, IReadOnlyList<SnapshotAlertsResponse> Snapshots)
{
    /// <summary>The response for <paramref name="view"/>.</summary>
    public static AlertsResponse Of(AlertsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.RatifiedVersion, view.ParamsHash.ToString(), [.. view.Snapshots.Select(s => new SnapshotAlertsResponse(
            AlertSnapshotResponse.Of(s.Snapshot), s.Previous is null ? null : AlertSnapshotResponse.Of(s.Previous),
            s.State.ToString().ToLowerInvariant(), s.ResultKey?.ToString(), s.ComputedAt, s.Alerts))]);
    }
}

/// <summary>
/// GET /api/alerts?count=N: for the newest N snapshots (20 by default), the accounts that crossed into
/// liquidatable against the snapshot stored before, under the ratified set. Read only: the alerts are
/// computed in the background when a snapshot is stored ("pending" until then).
/// </summary>
public static class AlertEndpoints
{
    /// <summary>Maps GET /api/alerts.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGroup("/api/alerts").WithTags("api").MapGet("", GetAsync).WithJsonBodyLimit();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string? count, LiquidationAlerts alerts, CancellationToken ct)
    {
        var n = LiquidationAlerts.DefaultCount;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 1000))
        {
            var shown = count.Length > 20 ? count[..20] + "..." : count;
            return ApiProblems.Validation("count", $"must be an integer in [1, 1000] (was '{shown}')");
        }

        AlertsView? view;
        try
        {
            view = await alerts.GetAsync(n, ct);
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "The chain refused or did not answer",
                $"chain: the ratified parameter set could not be read ({ChainErrors.NodeMessage(e)}).");
        }

        return view is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "No ratified parameter set",
                "ratified: no parameter set is in force yet, so no book can be margined for alerts.")
            : Results.Ok(AlertsResponse.Of(view));
    }
}
