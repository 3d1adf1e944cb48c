using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// The lockout attack over HTTP: anonymous challenges for many addresses fill the visitors' store,
/// and one member's address is flooded too. Visitors then get 429 with Retry-After (not 400); the
/// member still signs in with a browser wallet, and the development wallet still signs in.
/// </summary>
public sealed class NonceFloodTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private const int Capacity = 40;

    [Fact]
    public async Task ChallengeFlood_MemberAndDevLoginStillSignIn_VisitorsGet429WithRetryAfter()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?> { ["Portal:MaxSignInChallenges"] = Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var attacker = portal.CreateClient();
        var member = DemoCommittee.Members[1];
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refusal = null;
        for (var i = 0; i < Capacity + 30; i++)
        {
            var response = await attacker.PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address = CookieSession.FreshKey().Address.ToString() });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refusal?.Dispose();
                refusal = response;
            }
            else
            {
                response.Dispose();
            }

            using var memberFlood = await attacker.PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address = member.Address.ToString() });
            Assert.Equal(HttpStatusCode.OK, memberFlood.StatusCode);
        }

        var memberClient = portal.CreateClient();
        using var memberLogin = await SignIn.WithKeyAsync(memberClient, member.KeyIndex);
        var devClient = portal.CreateClient();
        using var devLogin = await devClient.PostAsJsonAsync(new Uri("/auth/dev-login", UriKind.Relative), new { address = DemoCommittee.Guardian.Address.ToString() });
        using var visitor = await portal.CreateClient().PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address = CookieSession.FreshKey().Address.ToString() });

        Assert.Equal(Capacity, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(refusal);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType!.MediaType);
        var seconds = refusal.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 300);
        Assert.StartsWith("siwe.nonce: too many sign-ins are in progress", (await SignIn.JsonAsync(refusal)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, memberLogin.StatusCode);
        Assert.Equal(member.DisplayName, (await SignIn.MeAsync(memberClient)).GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.OK, devLogin.StatusCode);
        Assert.Equal("guardian", (await SignIn.MeAsync(devClient)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, visitor.StatusCode);
        Assert.True(visitor.Headers.Contains("Retry-After"));
        Assert.True(portal.Services.GetRequiredService<SiweNonceStore>().Count <= Capacity + 2 * 3, "the store grew past its bounds");
        refusal.Dispose();
    }
}
