using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// The phishing attack on sign-in, over real sockets: a challenge or login that arrives with a
/// foreign Host (as a phishing site's proxy sends it) or a foreign Origin is refused with a problem
/// naming the header, and nothing is issued; the challenge always names the configured origin.
/// </summary>
public sealed class OriginBoundSignInTests(LoopbackPortalFixture fixture) : IClassFixture<LoopbackPortalFixture>
{
    private const string EvilHost = "riskgov-portal.evil.example";

    private static Action<HttpRequestMessage> Host(string host) => r => r.Headers.Host = host;

    private static Action<HttpRequestMessage> Origin(string origin) => r => r.Headers.Add("Origin", origin);

    private int Outstanding => fixture.Get<SiweNonceStore>().Count;

    [Fact]
    public async Task Challenge_ForeignHostHeader_Refused400NamingHostAndNoNonceIssued()
    {
        var attacker = new CookieSession(fixture.Client());
        var before = Outstanding;

        using var response = await attacker.SendAsync(HttpMethod.Post, "/auth/challenge", new { address = DemoCommittee.Guardian.Address.ToString() }, Host(EvilHost));
        var body = await response.Content.ReadAsStringAsync();
        var problem = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("host", out _), body);
        Assert.StartsWith($"host: '{EvilHost}' is not this portal", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wants you to sign in", body, StringComparison.Ordinal);
        Assert.Equal(before, Outstanding);
    }

    [Theory]
    [InlineData("/auth/challenge")]
    [InlineData("/auth/dev-login")]
    public async Task SignIn_SameHostOtherPort_Refused400NamingHost(string path)
    {
        var attacker = new CookieSession(fixture.Client());
        var before = Outstanding;

        using var response = await attacker.SendAsync(HttpMethod.Post, path, new { address = DemoCommittee.Guardian.Address.ToString() }, Host("127.0.0.1:1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SignIn.JsonAsync(response)).GetProperty("errors").TryGetProperty("host", out _));
        Assert.Null(CookieSession.SessionCookieOf(response));
        Assert.Equal(before, Outstanding);
    }

    /// <summary>
    /// The attacker relays the victim's signed message to /auth/login with the phishing Host: refused,
    /// no cookie, and the nonce is untouched (the victim's own login with it still works).
    /// </summary>
    [Fact]
    public async Task Login_SignedChallengeRelayedWithForeignHost_Refused400NamingHostAndNoSession()
    {
        var victim = new CookieSession(fixture.Client());
        var key = DevelopmentKeys.Key(DemoCommittee.Guardian.KeyIndex);
        using var challenge = await victim.SendAsync(HttpMethod.Post, "/auth/challenge", new { address = key.Address.ToString() });
        var message = (await SignIn.JsonAsync(challenge)).GetProperty("message").GetString()!;
        var signature = key.SignPersonalMessage(message).ToString();
        var attacker = new CookieSession(fixture.Client());

        using var relayed = await attacker.SendAsync(HttpMethod.Post, "/auth/login", new { message, signature }, Host(EvilHost));
        using var own = await victim.SendAsync(HttpMethod.Post, "/auth/login", new { message, signature });

        Assert.Equal(HttpStatusCode.BadRequest, relayed.StatusCode);
        Assert.True((await SignIn.JsonAsync(relayed)).GetProperty("errors").TryGetProperty("host", out _));
        Assert.Null(CookieSession.SessionCookieOf(relayed));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task DevLogin_ForeignHost_Refused400NamingHostAndNoSession()
    {
        var attacker = new CookieSession(fixture.Client());

        using var response = await attacker.SendAsync(HttpMethod.Post, "/auth/dev-login", new { address = DemoCommittee.Guardian.Address.ToString() }, Host(EvilHost));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SignIn.JsonAsync(response)).GetProperty("errors").TryGetProperty("host", out _));
        Assert.Null(CookieSession.SessionCookieOf(response));
    }

    [Theory]
    [InlineData("/auth/challenge", "https://riskgov-portal.evil.example")]
    [InlineData("/auth/login", "https://riskgov-portal.evil.example")]
    [InlineData("/auth/dev-login", "https://riskgov-portal.evil.example")]
    [InlineData("/auth/challenge", "null")]
    [InlineData("/auth/dev-login", "http://localhost")]
    public async Task SignIn_ForeignOriginHeader_Refused403NamingOriginAndNothingIssued(string path, string origin)
    {
        var attacker = new CookieSession(fixture.Client());
        var before = Outstanding;

        using var response = await attacker.SendAsync(HttpMethod.Post, path, new { address = DemoCommittee.Guardian.Address.ToString() }, Origin(origin));
        var problem = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("origin", out _), problem.ToString());
        Assert.StartsWith("origin: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(CookieSession.SessionCookieOf(response));
        Assert.Equal(before, Outstanding);
    }

    [Fact]
    public async Task Challenge_OwnOriginHeader_NamesTheConfiguredDomainAndUri()
    {
        var visitor = new CookieSession(fixture.Client());
        var authority = fixture.BaseAddress.Authority;

        using var response = await visitor.SendAsync(HttpMethod.Post, "/auth/challenge", new { address = DevelopmentKeys.Key(7).Address.ToString() },
            r =>
            {
                r.Headers.Add("Origin", $"http://{authority}");
                r.Headers.Add("X-Forwarded-Host", EvilHost);
            });
        var message = SiweMessage.Parse((await SignIn.JsonAsync(response)).GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(authority, message.Domain);
        Assert.Equal($"http://{authority}/", message.Uri);
    }

    [Fact]
    public async Task AnyPage_ForeignHost_Refused400NamingHost()
    {
        var visitor = new CookieSession(fixture.Client());

        using var response = await visitor.SendAsync(HttpMethod.Get, "/", change: Host(EvilHost));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SignIn.JsonAsync(response)).GetProperty("errors").TryGetProperty("host", out _));
    }

    [Fact]
    public void AllowedHosts_FollowsThePublicOrigin()
    {
        var hosts = fixture.Get<IOptions<HostFilteringOptions>>().Value;

        Assert.Equal(["127.0.0.1"], hosts.AllowedHosts);
        Assert.Equal($"http://{fixture.BaseAddress.Authority}", fixture.Get<IOptions<PortalOptions>>().Value.Origin.Origin);
    }
}

/// <summary>Portal:PublicOrigin on its own: what is accepted, what is refused (naming the key).</summary>
public sealed class PublicOriginOptionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("https://Portal.Example.org", "portal.example.org", "https://portal.example.org/")]
    [InlineData("https://portal.example.org:443/", "portal.example.org", "https://portal.example.org/")]
    [InlineData("http://[::1]:8080", "[::1]:8080", "http://[::1]:8080/")]
    public void Parse_Origin_DomainAndUri(string text, string authority, string uri)
    {
        var origin = PublicOrigin.Parse(text);

        Assert.Equal((authority, uri), (origin.Authority, origin.Uri));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("ftp://portal.example.org")]
    [InlineData("https://portal.example.org/app")]
    [InlineData("https://portal.example.org/?x=1")]
    [InlineData("https://user:pw@portal.example.org")]
    [InlineData("https://*.example.org")]
    public void Validate_NotAnOrigin_RefusedNamingTheKey(string text)
    {
        var errors = new PortalOptions { PublicOrigin = text }.Validate();

        Assert.Contains(errors, e => e.Field == "Portal:PublicOrigin");
    }

    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1:5001", false)]
    [InlineData("localhost:5000", false)]
    [InlineData("riskgov-portal.evil.example", false)]
    [InlineData("", false)]
    public void MatchesHost_OnlyTheOriginsHostAndPort(string host, bool matches)
        => Assert.Equal(matches, PublicOrigin.Parse("http://127.0.0.1:5000").MatchesHost(host));

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("https://127.0.0.1:5000", false)]
    [InlineData("http://127.0.0.1:5001", false)]
    [InlineData("null", false)]
    [InlineData("http://127.0.0.1:5000.evil.example", false)]
    public void MatchesOrigin_OnlyTheOrigin(string origin, bool matches)
        => Assert.Equal(matches, PublicOrigin.Parse("http://127.0.0.1:5000").MatchesOrigin(origin));
}

/// <summary>A portal configured for https://portal.example.org behind a TLS proxy: its messages and AllowedHosts follow the configuration, not the request.</summary>
public sealed class ConfiguredOriginTests(RiskGovernance.Testing.AnvilFixture node) : IClassFixture<RiskGovernance.Testing.AnvilFixture>
{
    [Fact]
    public async Task Challenge_RequestOverPlainHttp_NamesTheConfiguredHttpsOriginAndAllowedHostsFollowsIt()
    {
        await using var portal = new Support.PortalFactory(node, settings: new Dictionary<string, string?> { ["Portal:PublicOrigin"] = "https://portal.example.org" });
        var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example.org/") });
        var local = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/") });

        var message = SiweMessage.Parse(await SignIn.ChallengeAsync(client, DevelopmentKeys.Key(7).Address.ToString()));
        using var refused = await local.PostAsync(new Uri("/auth/challenge", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { address = DevelopmentKeys.Key(7).Address.ToString() }));

        Assert.Equal("portal.example.org", message.Domain);
        Assert.Equal("https://portal.example.org/", message.Uri);
        Assert.Equal(["portal.example.org"], ((IOptions<HostFilteringOptions>)portal.Services.GetService(typeof(IOptions<HostFilteringOptions>))!).Value.AllowedHosts);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await SignIn.JsonAsync(refused)).GetProperty("errors").TryGetProperty("host", out _));
    }

    [Fact]
    public void Start_PublicOriginWithAPath_RefusedNamingTheKey()
    {
        using var portal = new Support.PortalFactory(node, settings: new Dictionary<string, string?> { ["Portal:PublicOrigin"] = "https://portal.example.org/app" });

        var error = Assert.ThrowsAny<Exception>(() => portal.Start());

        Assert.Contains("Portal:PublicOrigin", error.ToString(), StringComparison.Ordinal);
    }
}
