using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Testing;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// The rate limits, as the attacks meet them: a flood of sign-in challenges from one client, and a
/// signed-in account's flood of writes, get 429 problem documents with Retry-After. The windows are
/// an hour long here, so that no permit comes back while a test runs (no timing).
/// </summary>
public sealed class RateLimitTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static async Task<JsonElement> TooManyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(retryAfter, json.RootElement.GetProperty("retryAfter").GetInt32());
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task ChallengeFlood_OneClient_429ProblemWithRetryAfterAndNoNonceIssued()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?>
        {
            ["Portal:RateLimits:AuthPerClient"] = "5",
            ["Portal:RateLimits:Window"] = "01:00:00",
        });
        var client = portal.CreateClient();
        var address = DevelopmentKeys.Key(9).Address.ToString();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address });
            statuses.Add(ok.StatusCode);
        }

        using var refused = await client.PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address });
        var problem = await TooManyAsync(refused);
        using var me = await client.GetAsync(new Uri("/auth/me", UriKind.Relative)); // /auth/* as a whole is limited

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.StartsWith("rate: too many sign-in requests from this client or account", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, me.StatusCode);
    }

    [Fact]
    public async Task WriteFlood_PerSignedInAddress_429ForThatAccountOnly()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?>
        {
            ["Portal:RateLimits:WritesPerAddress"] = "3",
            ["Portal:RateLimits:Window"] = "01:00:00",
        });
        var flooder = portal.CreateClient();
        var other = portal.CreateClient();
        using (var a = await SignIn.WithKeyAsync(flooder, 7))
        using (var b = await SignIn.WithKeyAsync(other, 8))
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        }

        var execute = new Uri("/api/proposals/0x12/execute", UriKind.Relative); // a bad id: 400, but a write all the same
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await flooder.PostAsJsonAsync(execute, new { });
            first.Add(response.StatusCode);
        }

        using var refused = await flooder.PostAsJsonAsync(execute, new { });
        var problem = await TooManyAsync(refused);
        using var otherAccount = await other.PostAsJsonAsync(execute, new { });

        Assert.All(first, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.StartsWith("rate: too many writes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, otherAccount.StatusCode); // same client (IP), another address: not limited
    }

    [Fact]
    public void Defaults_LimitSignInAndWrites_AndBadValuesAreRefusedNamingTheKey()
    {
        var defaults = new PortalRateLimitOptions();
        var bad = new PortalRateLimitOptions { AuthPerClient = 0, Window = TimeSpan.Zero };
        var limits = new PortalLimitsOptions { MaxJsonBodyBytes = 10, MaxUrlBytes = 100_000 };

        Assert.Empty(defaults.Validate());
        Assert.InRange(defaults.AuthPerClient, 1, 100);
        Assert.InRange(defaults.WritesPerAddress, 1, 100);
        Assert.Equal(["Portal:RateLimits:Window", "Portal:RateLimits:AuthPerClient"], bad.Validate().Select(e => e.Field));
        Assert.Equal(["Portal:Limits:MaxJsonBodyBytes", "Portal:Limits:MaxUrlBytes"], limits.Validate().Select(e => e.Field));
        Assert.Empty(new PortalLimitsOptions().Validate());
        Assert.Equal(64 * 1024, new PortalLimitsOptions().MaxJsonBodyBytes);
    }

    [Theory]
    [InlineData("Portal:RateLimits:WritesPerClient", "0")]
    [InlineData("Portal:RateLimits:Window", "00:00:00")]
    [InlineData("Portal:Limits:MaxJsonBodyBytes", "10")]
    public void Registration_BadSetting_RefusedNamingTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPortalLimits().BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() =>
            key.StartsWith(PortalRateLimitOptions.SectionName, StringComparison.Ordinal)
                ? (object)services.GetRequiredService<IOptions<PortalRateLimitOptions>>().Value
                : services.GetRequiredService<IOptions<PortalLimitsOptions>>().Value);

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }
}
