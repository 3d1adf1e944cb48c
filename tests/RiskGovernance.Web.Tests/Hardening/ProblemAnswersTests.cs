using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// Every refusal and every unknown address answers a problem document (RFC 9457), never an empty
/// body or a stack trace; a browser asking for an unknown page gets the portal's 404 page in its
/// layout; query enums parse strictly; unknown fields in sign-in bodies are refused by name; every
/// response carries the security headers. On the real portal (Development, the demo) over a real
/// anvil node and SQLite file.
/// </summary>
public sealed class ProblemAnswersTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private HttpClient Client() => portal.Portal.CreateClient();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/auth/no-such-thing")]
    [InlineData("/no-such-page")]
    public async Task UnknownAddress_NotABrowserNavigation_404ProblemNamingThePath(string path)
    {
        using var response = await Client().GetAsync(new Uri(path, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal($"path: nothing is at {path}.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/auth/no-such-thing")]
    public async Task UnknownApiAddress_EvenAskingForHtml_JsonProblem(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var response = await Client().SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownPage_BrowserNavigation_404PageInsideThePortalLayout()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/proposals/0x12/nothing/here", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var response = await Client().SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("<title>Not found · RiskGovernance</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/proposals\"", html, StringComparison.Ordinal); // the navigation menu of the layout
        Assert.Contains("href=\"/registry\"", html, StringComparison.Ordinal);
        Assert.Contains(PortalSecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("POST", "/api/committee")]
    [InlineData("DELETE", "/api/proposals")]
    [InlineData("PUT", "/auth/me")]
    public async Task WrongMethod_405ProblemNamingTheMethod(string method, string path)
    {
        using var response = await Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal($"method: {method} is not allowed on {path} (allowed: GET, HEAD).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NotJson_415Problem()
    {
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative),
            new StringContent("address=0x1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.StartsWith("Content-Type:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPostToAPage_NoAntiforgeryToken_400ProblemNamingAntiforgery()
    {
        using var response = await Client().PostAsync(new Uri("/", UriKind.Relative),
            new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("antiforgery:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredBodyOverTheLimit_413ProblemNamingBody()
    {
        var body = "{\"address\":\"" + new string('a', 70 * 1024) + "\"}";
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative), Json(body));

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("body: larger than 64 KiB.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UndeclaredBodyOverTheLimit_413ProblemNamingBody()
    {
        // No Content-Length: the limit holds while reading (the server stops after 64 KiB).
        var bytes = Encoding.UTF8.GetBytes("{\"address\":\"" + new string('a', 200 * 1024) + "\"}");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("body: larger than 64 KiB.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Active,Queued")]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("Active|Queued")]
    public async Task StateFilter_FlagsOrNumbers_400NamingState(string state)
    {
        using var response = await Client().GetAsync(new Uri("/api/proposals?state=" + Uri.EscapeDataString(state), UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith($"state: '{state}' is not a state", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task StateFilter_OneStateAnyCase_Accepted()
    {
        using var response = await Client().GetAsync(new Uri("/api/proposals?state=aCtIvE", UriKind.Relative));
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(rows.EnumerateArray(), r => Assert.Equal("Active", r.GetProperty("state").GetString()));
        Assert.NotEqual(0, rows.GetArrayLength());
    }

    [Theory]
    [InlineData("/auth/challenge", "{\"address\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"domain\":\"evil.example\"}", "domain")]
    [InlineData("/auth/login", "{\"message\":\"m\",\"signature\":\"0x00\",\"isAdmin\":true}", "isAdmin")]
    [InlineData("/auth/dev-login", "{\"address\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"role\":\"guardian\"}", "role")]
    public async Task AuthBody_UnknownField_400NamingTheField(string path, string body, string field)
    {
        using var response = await Client().PostAsync(new Uri(path, UriKind.Relative), Json(body));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith($"{field}: is not a field of this request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AuthBody_FieldTwice_400NamingTheField()
    {
        var address = DemoCommittee.Members[0].Address.ToString();
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative),
            Json($"{{\"address\":\"{address}\",\"ADDRESS\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"}}"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("ADDRESS: appears more than once", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AuthBody_KnownFieldsAnyCase_Accepted()
    {
        var address = DemoCommittee.Members[0].Address.ToString();
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative), Json($"{{\"Address\":\"{address}\"}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/committee")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/healthz")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var response = await Client().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal([PortalSecurityHeaders.ContentSecurityPolicy], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", PortalSecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", PortalSecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // Development over plain HTTP
    }

    /// <summary>A stream whose length is unknown, so that the body is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
