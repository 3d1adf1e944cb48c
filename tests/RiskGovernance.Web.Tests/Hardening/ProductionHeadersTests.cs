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

        // The TestServer's "localhost" (the portal's own host guard is tested elsewhere).
        builder.Configuration["AllowedHosts"] = "*";
        if (publicOrigin is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:PublicOrigin"] = publicOrigin });
        }

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
    public void SessionCookie_SecureOutsideDevelopment(string environment, CookieSecurePolicy expected)
    {
        // The cookie options as the portal's identity registration configures them (no host needed).
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });
        services.AddOptions<PortalOptions>();
        services.AddPortalIdentity();
        using var provider = services.BuildServiceProvider();
        var cookie = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie;

        Assert.Equal(expected, cookie.SecurePolicy);
        Assert.Equal(PortalIdentityExtensions.CookieName, cookie.Name);
    }
}
