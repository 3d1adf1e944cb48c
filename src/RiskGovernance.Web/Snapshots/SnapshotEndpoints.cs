using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Snapshots;

/// <summary>A stored snapshot as GET /api/snapshots lists it.</summary>
/// <param name="Sequence">Its place in the store (1 for the first one stored).</param>
/// <param name="Current">True for the newest one, which proposals are simulated on.</param>
/// <param name="AsOf">Valuation date of the market (yyyy-MM-dd).</param>
/// <param name="Source">Provenance: who published it, when, and its hashes.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">keccak of the stored market JSON (what simulation records name).</param>
/// <param name="BookHash">keccak of the stored book JSON (what simulation records name).</param>
/// <param name="MarketBytes">Size of the stored market JSON.</param>
/// <param name="BookBytes">Size of the stored book JSON.</param>
public sealed record SnapshotResponse(
    long Sequence, bool Current, string AsOf, string Source, DateTimeOffset StoredAt, string MarketHash, string BookHash, long MarketBytes, long BookBytes)
{
    /// <summary>The response for <paramref name="info"/>.</summary>
    public static SnapshotResponse Of(BookSnapshotInfo info, bool current)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(info.Sequence, current, info.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), info.Source, info.StoredAt,
            info.MarketHash.ToString(), info.BookHash.ToString(), info.MarketBytes, info.BookBytes);
    }
}

/// <summary>Answer of POST /api/snapshots: what was stored.</summary>
/// <param name="AsOf">Valuation date of the market (yyyy-MM-dd).</param>
/// <param name="Source">The provenance stored with it.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">keccak of the market's compact JSON.</param>
/// <param name="BookHash">keccak of the book's compact JSON.</param>
/// <param name="Accounts">Accounts in the book.</param>
/// <param name="Assets">Assets in the market.</param>
/// <param name="Publisher">The signed-in publisher (EIP-55).</param>
public sealed record SnapshotPublished(
    string AsOf, string Source, DateTimeOffset StoredAt, string MarketHash, string BookHash, int Accounts, int Assets, string Publisher);

/// <summary>
/// /api/snapshots: GET lists the stored book and market snapshots, newest (current) first; POST
/// stores a new one, which becomes current (every proposal is then simulated on it). Only a
/// signed-in address listed in Portal:DataPublishers may POST (401 when not signed in, 403
/// otherwise); the body is <c>{"market": market.json, "book": book.json}</c>, at most
/// Portal:Limits:MaxSnapshotBodyBytes (16 MiB by default); a bad one is a 400 naming every field
/// in error, and nothing is stored.
/// </summary>
public static class SnapshotEndpoints
{
    /// <summary>Default number of snapshots GET /api/snapshots lists.</summary>
    public const int DefaultListCount = 50;

    /// <summary>Maps /api/snapshots.</summary>
    public static IEndpointRouteBuilder MapSnapshotApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var limit = endpoints.ServiceProvider.GetRequiredService<IOptions<PortalLimitsOptions>>().Value.MaxSnapshotBodyBytes;
        var snapshots = endpoints.MapGroup("/api/snapshots").WithTags("api");
        snapshots.MapGet("", ListAsync).WithJsonBodyLimit();

        // Cookie-authenticated JSON write like /api/proposals/{id}/execute: SameSite=Strict and the
        // required application/json content type keep other sites out.
        snapshots.MapPost("", PublishAsync).DisableAntiforgery().WithMetadata(new RequestBodyLimit(limit));
        return endpoints;
    }

    private static async Task<IResult> ListAsync(string? count, IBookStore books, CancellationToken ct)
    {
        var n = DefaultListCount;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 1000))
        {
            var shown = count.Length > 20 ? count[..20] + "..." : count;
            return ApiProblems.Validation("count", $"must be an integer in [1, 1000] (was '{shown}')");
        }

        var list = await books.ListAsync(n, ct);
        return Results.Ok(list.Select((s, i) => SnapshotResponse.Of(s, i == 0)).ToList());
    }

    private static async Task<IResult> PublishAsync(
        HttpContext context, GovernanceService committee, IBookStore books, IOptions<PortalOptions> portal, IOptions<PortalLimitsOptions> limits,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var user = await CurrentUser.ResolveAsync(context.User, committee, ct);
        if (!user.IsSignedIn)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in first",
                "session: only a signed-in data publisher may publish a snapshot; you are not signed in (POST /auth/challenge, then /auth/login).");
        }

        if (!portal.Value.DataPublisherAddresses.Contains(user.Address!.Value))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not a data publisher",
                $"publisher: {user.Address} is not a data publisher of this portal (Portal:{nameof(PortalOptions.DataPublishers)}); nothing was stored.");
        }

        if (!PortalRequests.IsJson(context.Request))
        {
            return ApiProblems.UnsupportedMediaType();
        }

        var limit = limits.Value.MaxSnapshotBodyBytes;
        var body = await ReadAtMostAsync(context, limit, ct);
        if (body is null)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"body: larger than {limit / 1024} KiB (Portal:Limits:{nameof(PortalLimitsOptions.MaxSnapshotBodyBytes)}); nothing was stored.");
        }

        Engine.Model.ParameterSet? ratified;
        try
        {
            ratified = await committee.GetInForceAsync(ct) is { } inForce ? ParameterSetJson.Read(inForce.ParamsJson) : null;
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "The chain refused or did not answer",
                $"chain: the ratified parameter set could not be read to check the snapshot against ({ChainErrors.NodeMessage(e)}); nothing was stored.");
        }

        SnapshotUpload upload;
        try
        {
            upload = SnapshotUpload.Read(body, ratified);
        }
        catch (InputValidationException e)
        {
            return ApiProblems.Validation(e.Errors);
        }

        var at = time.GetUtcNow();
        var snapshot = upload.ToSnapshot(user.Address.Value, at);
        var stored = await books.SetCurrentAsync(snapshot, ct);
        loggers.CreateLogger(typeof(SnapshotEndpoints)).LogInformation(
            "Snapshot {Sequence} published by {Publisher}: {Accounts} accounts as of {AsOf}, book {BookHash}, market {MarketHash}.",
            stored.Sequence, user.Address, upload.Book.Accounts.Count, upload.Market.AsOf, stored.BookHash, stored.MarketHash);
        return Results.Json(new SnapshotPublished(snapshot.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), snapshot.Source, at,
            stored.MarketHash.ToString(), stored.BookHash.ToString(), upload.Book.Accounts.Count, upload.Market.Assets.Count, user.Address.Value.ToString()),
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The whole body when it holds at most <paramref name="limit"/> bytes; null otherwise (having read no more than limit + 1).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(HttpContext context, long limit, CancellationToken ct)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            while (true)
            {
                var read = await request.Body.ReadAsync(chunk, ct);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
