using System.Text.Json;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// The limits as a real Kestrel server applies them (the portal served on a loopback port): a 40 MB
/// chunked body is a 413 problem document without any stack trace, whichever endpoint it is sent
/// to, and an over-long URL is a 414 problem document.
/// </summary>
public sealed class KestrelLimitsTests(AnvilFixture node) : IClassFixture<AnvilFixture>, IAsyncLifetime
{
    private PortalFactory _portal = null!;
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _portal = new PortalFactory(node, serveOnLoopback: true);
        _server = _portal.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private static JsonElement Problem(RawResponse response, int status)
    {
        Assert.True(status == response.Status, $"expected {status}, got {response.Status}: {response.Body}");
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.DoesNotContain("   at ", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task FortyMegabyteChunkedBody_ToSignIn_413ProblemNamingBody()
    {
        var response = await RawHttp.PostChunkedAsync(_server, "/auth/challenge", "application/json", "{\"address\":\"", 40L * 1024 * 1024);

        var problem = Problem(response, 413);
        Assert.Equal("body: larger than 64 KiB.", problem.GetProperty("detail").GetString());
        Assert.Contains("frame-ancestors 'none'", response.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortyMegabyteChunkedBody_ToTheApi_413Problem()
    {
        var response = await RawHttp.PostChunkedAsync(_server, "/auth/login", "application/json", "{\"message\":\"", 40L * 1024 * 1024);

        Assert.Equal("body: larger than 64 KiB.", Problem(response, 413).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task FortyMegabyteChunkedForm_ToAPage_413ProblemNoStackTrace()
    {
        // A page endpoint reads forms under Kestrel's own limit (Portal:Limits:MaxRequestBodyBytes, 1 MiB).
        var response = await RawHttp.PostChunkedAsync(_server, "/", "application/x-www-form-urlencoded", "a=", 40L * 1024 * 1024);

        Assert.Equal("body: larger than 1024 KiB.", Problem(response, 413).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OverLongUrl_414ProblemNamingUrl()
    {
        var response = await RawHttp.GetAsync(_server, "/api/proposals?state=" + new string('x', 20_000));

        Assert.Equal("url: longer than 8192 characters (path and query).", Problem(response, 414).GetProperty("detail").GetString());
    }
}
