using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// An unexpected failure is a 500 problem document in every environment, Development included
/// (where the developer exception page would show the stack trace), and says nothing of the
/// failure itself; the portal's own error pipeline on a minimal host.
/// </summary>
public sealed class ExceptionProblemTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Failure_500ProblemWithoutStackTraceOrMessage(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration["AllowedHosts"] = "*"; // the TestServer's "localhost"; the portal's own host guard is tested elsewhere
        builder.Services.AddPortalLimits();
        await using var app = builder.Build();
        app.UsePortalSecurityHeaders();
        app.UsePortalErrors();
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret connection string"));
        await app.StartAsync();

        using var response = await app.GetTestClient().GetAsync(new Uri("/boom", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Contains("\"detail\":\"server: the request failed on the server", body, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy")); // the error answer carries the headers too
    }
}
