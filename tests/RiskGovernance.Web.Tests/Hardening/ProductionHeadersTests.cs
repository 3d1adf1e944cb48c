using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// Production behind HTTPS: HSTS on every answer and the session cookie marked Secure; in
/// Development over plain HTTP neither (the local demo runs on http://127.0.0.1). The portal's own
/// header middleware and cookie options, on a minimal host (Production needs no chain for this).
/// </summary>
public sealed class ProductionHeadersTests
{
    private static async Task<WebApplication> StartAsync(string environment, string? publicOrigin = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        if (publicOrigin is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:PublicOrigin"] = publicOrigin });
        }

        builder.Services.AddPortalIdentity();
        var app = builder.Build();
        app.UsePortalSecurityHeaders();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> GetAsync(WebApplication app, string baseAddress)
    {
        var client = app.GetTestClient();
        client.BaseAddress = new Uri(baseAddress);
        return await client.GetAsync(new Uri("/ping", UriKind.Relative));
    }

    [Fact]
    public async Task Production_OverHttps_HstsAndEverySecurityHeader()
    {
        await using var app = await StartAsync(Environments.Production);
        using var response = await GetAsync(app, "https://portal.example/");

        Assert.Equal([PortalSecurityHeaders.StrictTransportSecurity], response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal([PortalSecurityHeaders.ContentSecurityPolicy], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
    }

    [Fact]
    public async Task Production_BehindATlsProxy_HttpsPublicOrigin_Hsts()
    {
        await using var app = await StartAsync(Environments.Production, "https://riskgov.example");
        using var response = await GetAsync(app, "http://127.0.0.1/");

        Assert.Equal([PortalSecurityHeaders.StrictTransportSecurity], response.Headers.GetValues("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Development_NoHsts()
    {
        await using var app = await StartAsync(Environments.Development, "https://riskgov.example");
        using var response = await GetAsync(app, "https://localhost/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("Production", CookieSecurePolicy.Always)]
    [InlineData("Staging", CookieSecurePolicy.Always)]
    [InlineData("Development", CookieSecurePolicy.SameAsRequest)]
    public async Task SessionCookie_SecureOutsideDevelopment(string environment, CookieSecurePolicy expected)
    {
        await using var app = await StartAsync(environment);
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie;

        Assert.Equal(expected, cookie.SecurePolicy);
        Assert.Equal(PortalIdentityExtensions.CookieName, cookie.Name);
    }
}
