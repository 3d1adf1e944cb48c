namespace RiskGovernance.Web.Infrastructure;

/// <summary>
/// The security headers every response carries: a Content-Security-Policy that Blazor Server and
/// MudBlazor work under (scripts only from the portal itself; inline styles, which MudBlazor's
/// theme and components use; the circuit's WebSocket to the same origin), nosniff, a referrer
/// policy, and no framing (frame-ancestors and X-Frame-Options). Outside Development, a request
/// over HTTPS (or a portal whose Portal:PublicOrigin is https) also gets HSTS.
/// </summary>
public static class PortalSecurityHeaders
{
    /// <summary>The Content-Security-Policy of every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Strict-Transport-Security value (one year) sent outside Development over HTTPS.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>
    /// Adds the headers to every response (set just before it starts, so that error answers, whose
    /// headers the exception handler clears, carry them as well). Goes first in the pipeline.
    /// </summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var hsts = !app.Environment.IsDevelopment();
        var httpsOrigin = app.Configuration["Portal:PublicOrigin"] is { } origin
                          && origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                if (hsts && (context.Request.IsHttps || httpsOrigin))
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
