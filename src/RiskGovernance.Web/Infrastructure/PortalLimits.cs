using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RiskGovernance.Primitives;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Api;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Infrastructure;

/// <summary>Configuration section "Portal:Limits": how large a request may be.</summary>
public sealed class PortalLimitsOptions : RiskGovernance.Primitives.IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Portal:Limits";

    /// <summary>
    /// Kestrel's request line limit: raised above <see cref="MaxUrlBytes"/> so that the portal, not
    /// Kestrel, answers a long URL (with a problem document). Longer request lines still get
    /// Kestrel's own empty 414.
    /// </summary>
    public const int KestrelRequestLineBytes = 64 * 1024;

    /// <summary>Largest request body of any endpoint (Kestrel's MaxRequestBodySize, enforced while reading, chunked bodies included).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest JSON body of /auth/* and /api/* (per endpoint, enforced while reading).</summary>
    public int MaxJsonBodyBytes { get; set; } = ApiProblems.MaxBodyBytes;

    /// <summary>
    /// Largest body of POST /api/snapshots (a book and a market), enforced while reading. It may exceed
    /// <see cref="MaxRequestBodyBytes"/>: the endpoint raises the server's limit for itself alone.
    /// </summary>
    public long MaxSnapshotBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Longest path and query string (in characters); a longer URL is a 414 problem naming "url".</summary>
    public int MaxUrlBytes { get; set; } = 8 * 1024;

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate().Select(e => e.ToString());

    /// <summary>Every problem, each naming its key; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        if (MaxRequestBodyBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxRequestBodyBytes)}", $"must be in [1024, 1073741824] (was {MaxRequestBodyBytes})"));
        }

        if (MaxJsonBodyBytes < 1024 || MaxJsonBodyBytes > MaxRequestBodyBytes)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxJsonBodyBytes)}", $"must be at least 1024 and at most {nameof(MaxRequestBodyBytes)} (was {MaxJsonBodyBytes})"));
        }

        if (MaxSnapshotBodyBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxSnapshotBodyBytes)}", $"must be in [1024, 1073741824] (was {MaxSnapshotBodyBytes})"));
        }

        if (MaxUrlBytes is < 256 or >= KestrelRequestLineBytes - 1024)
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxUrlBytes)}", $"must be in [256, {KestrelRequestLineBytes - 1025}] (was {MaxUrlBytes})"));
        }

        return e;
    }
}

/// <summary>
/// Configuration section "Portal:RateLimits": fixed windows per client (remote IP) and, chained,
/// per signed-in address, for /auth/* and for writes (every POST, PUT, PATCH or DELETE outside
/// Blazor's own /_blazor endpoints). A refusal is a 429 problem with Retry-After.
/// </summary>
public sealed class PortalRateLimitOptions : RiskGovernance.Primitives.IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Portal:RateLimits";

    /// <summary>The window the permits below are counted in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests to /auth/* per client per window.</summary>
    public int AuthPerClient { get; set; } = 30;

    /// <summary>Requests to /auth/* per signed-in address per window.</summary>
    public int AuthPerAddress { get; set; } = 30;

    /// <summary>Writes (POST, PUT, PATCH, DELETE outside /_blazor and /auth) per client per window.</summary>
    public int WritesPerClient { get; set; } = 60;

    /// <summary>Writes per signed-in address per window.</summary>
    public int WritesPerAddress { get; set; } = 30;

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate().Select(e => e.ToString());

    /// <summary>Every problem, each naming its key; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(Window)}", $"must be between 1 second and 1 hour (was {Window})"));
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(AuthPerClient), AuthPerClient), (nameof(AuthPerAddress), AuthPerAddress),
                     (nameof(WritesPerClient), WritesPerClient), (nameof(WritesPerAddress), WritesPerAddress),
                 })
        {
            if (value is < 1 or > 1_000_000)
            {
                e.Add(new ValidationError($"{SectionName}:{name}", $"must be in [1, 1000000] (was {value})"));
            }
        }

        return e;
    }
}

/// <summary>Endpoint metadata: the largest body the endpoint reads (see <see cref="PortalLimits.WithJsonBodyLimit{TBuilder}"/>).</summary>
/// <param name="MaxRequestBodySize">Bytes.</param>
public sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

/// <summary>
/// What keeps the portal within bounds: request size limits (Kestrel's body limit, a per-endpoint
/// body limit, a URL limit), rate limits, and problem documents (RFC 9457) for every refusal and
/// every error, in every environment, never a stack trace.
/// </summary>
public static class PortalLimits
{
    /// <summary>The path of the 404 page that browsers are shown for an unknown page.</summary>
    public const string NotFoundPath = "/not-found";

    private enum Traffic
    {
        Other,
        Auth,
        Write,
    }

    /// <summary>Registers the options, Kestrel's limits, the rate limiter and the problem details service.</summary>
    public static IServiceCollection AddPortalLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<PortalLimitsOptions>().BindConfiguration(PortalLimitsOptions.SectionName);
        services.AddValidatedOptions<PortalRateLimitOptions>().BindConfiguration(PortalRateLimitOptions.SectionName);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<PortalLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = PortalLimitsOptions.KestrelRequestLineBytes;
        });
        services.AddProblemDetails();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PortalRateLimitOptions>>((options, configured) =>
        {
            var limits = configured.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Classify(context) switch
                {
                    Traffic.Auth => Window("auth-client:" + ClientOf(context), limits.AuthPerClient, limits.Window),
                    Traffic.Write => Window("write-client:" + ClientOf(context), limits.WritesPerClient, limits.Window),
                    _ => RateLimitPartition.GetNoLimiter(""),
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(context => (Classify(context), AddressOf(context)) switch
                {
                    (Traffic.Auth, { } address) => Window("auth-address:" + address, limits.AuthPerAddress, limits.Window),
                    (Traffic.Write, { } address) => Window("write-address:" + address, limits.WritesPerAddress, limits.Window),
                    _ => RateLimitPartition.GetNoLimiter(""),
                }));
            options.OnRejected = (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : Math.Max(1, (int)Math.Ceiling(limits.Window.TotalSeconds));
                var context = rejected.HttpContext;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var what = Classify(context) == Traffic.Auth ? "sign-in requests" : "writes";
                return new ValueTask(ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                        $"rate: too many {what} from this client or account; try again in {seconds} s.",
                        new Dictionary<string, object?> { ["retryAfter"] = seconds })
                    .ExecuteAsync(context));
            };
        });
        return services;
    }

    /// <summary>Sets <paramref name="builder"/>'s endpoints' body limit to Portal:Limits:MaxJsonBodyBytes (by default 64 KiB).</summary>
    public static TBuilder WithJsonBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(new RequestBodyLimit(null)));
        return builder;
    }

    /// <summary>
    /// The outer part of the pipeline: every error becomes a problem document (the exception handler
    /// runs in every environment, so the developer page never shows), status codes without a body
    /// (404, 405, 413, 414, 415...) get one, a browser asking for an unknown page gets the portal's
    /// 404 page, and URLs longer than Portal:Limits:MaxUrlBytes are refused with a 414.
    /// </summary>
    public static WebApplication UsePortalErrors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = WriteExceptionAsync,
        });

        // Outer: a browser's navigation to an unknown page, which the inner handler leaves without a
        // body, gets the 404 page (re-executed with routing, status 404 kept). Inner: every other
        // status without a body gets a problem document.
        app.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true);
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = WriteStatusAsync });
        app.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<PortalLimitsOptions>>().Value;
            var request = context.Request;
            var length = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
            if (length > limits.MaxUrlBytes)
            {
                await ApiProblems.Problem(StatusCodes.Status414UriTooLong, "URL too long",
                    $"url: longer than {limits.MaxUrlBytes} characters (path and query).").ExecuteAsync(context);
                return;
            }

            // The endpoint's own body limit (auth and API JSON), enforced by the server while reading.
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } limit
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit is RequestBodyLimit { MaxRequestBodySize: null } ? limits.MaxJsonBodyBytes : limit.MaxRequestBodySize;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The rate limiter (after authentication, so that it sees the signed-in address).</summary>
    public static WebApplication UsePortalRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// After antiforgery: a form post that failed its check is answered here as a problem document
    /// (413 naming "body" when the form was too large to read, 400 naming "antiforgery" otherwise)
    /// instead of the page endpoint's plain-text refusal.
    /// </summary>
    public static WebApplication UsePortalAntiforgeryProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false } failed)
            {
                // The token store wraps the form reader's failure (Kestrel's 413 is an IOException) in its own exception.
                var tooLarge = false;
                for (var e = failed.Error; e is not null; e = e.InnerException)
                {
                    tooLarge |= e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
                }

                await (tooLarge
                    ? ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, TitleOf(StatusCodes.Status413PayloadTooLarge), BodyTooLarge(context))
                    : ApiProblems.Problem(StatusCodes.Status400BadRequest, "Bad request", "antiforgery: a valid antiforgery token was not provided with this form.")).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>True for a browser's navigation to a page: GET or HEAD accepting text/html, outside /api, /auth and Blazor's and the health endpoints.</summary>
    public static bool IsPageNavigation(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
               && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase))
               && !IsUnder(request.Path, "/api") && !IsUnder(request.Path, "/auth") && !IsUnder(request.Path, "/_blazor")
               && !IsUnder(request.Path, "/_framework") && !IsUnder(request.Path, "/_content") && !IsUnder(request.Path, "/healthz");
    }

    private static bool IsNotFoundPage(HttpContext context)
        => context.Features.Get<IStatusCodeReExecuteFeature>() is not null || IsUnder(context.Request.Path, NotFoundPath);

    private static bool IsUnder(PathString path, string prefix) => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase);

    private static Traffic Classify(HttpContext context)
    {
        var request = context.Request;
        if (IsUnder(request.Path, "/auth"))
        {
            return Traffic.Auth;
        }

        var write = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)
                    || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);
        return write && !IsUnder(request.Path, "/_blazor") ? Traffic.Write : Traffic.Other;
    }

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string? AddressOf(HttpContext context)
        => context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(PortalClaims.Address)?.Value?.ToUpperInvariant() : null;

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window)
        => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async Task WriteExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = context.Response.StatusCode;
        var (title, detail) = error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (TitleOf(status), BodyTooLarge(context)),
            BadHttpRequestException => (TitleOf(status), "request: the server could not read this request."),
            _ => ("Internal error", "server: the request failed on the server; nothing was shown of the failure (see the server's log)."),
        };
        await ApiProblems.Problem(status, title, detail).ExecuteAsync(context);
    }

    private static string BodyTooLarge(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return limit is { } bytes ? $"body: larger than {bytes / 1024} KiB." : "body: too large.";
    }

    private static Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        if (code == StatusCodes.Status404NotFound && IsPageNavigation(context) && !IsNotFoundPage(context))
        {
            return Task.CompletedTask; // the 404 page answers it (UsePortalErrors)
        }

        var detail = code switch
        {
            StatusCodes.Status404NotFound => $"path: nothing is at {Shorten(context.Request.Path.Value)}.",
            StatusCodes.Status405MethodNotAllowed => $"method: {context.Request.Method} is not allowed on {Shorten(context.Request.Path.Value)}"
                                                     + (context.Response.Headers.Allow.Count > 0 ? $" (allowed: {context.Response.Headers.Allow})." : "."),
            StatusCodes.Status413PayloadTooLarge => BodyTooLarge(context),
            StatusCodes.Status414UriTooLong => "url: too long.",
            StatusCodes.Status415UnsupportedMediaType => "Content-Type: this endpoint does not accept this media type.",
            StatusCodes.Status401Unauthorized => "session: sign in first (POST /auth/challenge, then /auth/login).",
            StatusCodes.Status403Forbidden => "session: your role does not allow this.",
            _ => $"request: {ReasonPhrases.GetReasonPhrase(code)}.",
        };
        return ApiProblems.Problem(code, TitleOf(code), detail).ExecuteAsync(context);
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status413PayloadTooLarge => "Body too large",
        StatusCodes.Status414UriTooLong => "URL too long",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };

    private static string Shorten(string? path) => path is { Length: > 200 } ? path[..200] + "..." : path ?? "/";
}
