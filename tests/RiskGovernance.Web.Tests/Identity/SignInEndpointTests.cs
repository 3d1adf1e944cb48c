using RiskGovernance.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RiskGovernance.Chain;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>The /auth endpoints on the real seeded portal: challenge, login with a real signature, dev-login, logout.</summary>
public sealed class SignInEndpointTests(SeededPortalFixture fixture) : IClassFixture<SeededPortalFixture>
{
    private HttpClient Client() => fixture.Portal.CreateClient();

    [Fact]
    public async Task Login_ChallengeSignedByAMember_SetsStrictHttpOnlyCookieAndMeReportsTheMember()
    {
        var client = Client();

        using var login = await SignIn.WithKeyAsync(client, DemoCommittee.Members[0].KeyIndex);
        var me = await SignIn.MeAsync(client);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(PortalIdentityExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(me.GetProperty("signedIn").GetBoolean());
        Assert.Equal(DemoCommittee.Members[0].Address.ToString(), me.GetProperty("address").GetString());
        Assert.Equal("Ada Lovelace (risk lead)", me.GetProperty("displayName").GetString());
        Assert.Equal("member", me.GetProperty("role").GetString());
        Assert.Equal("browser", me.GetProperty("wallet").GetString());
    }

    [Fact]
    public async Task Login_NotOnTheCommittee_IsAHolder()
    {
        var client = Client();

        using var login = await SignIn.WithKeyAsync(client, 7);
        var me = await SignIn.MeAsync(client);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("holder", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Login_SameSignedMessageTwice_SecondRefusedNamingNonce()
    {
        var key = DevelopmentKeys.Key(2);
        var message = await SignIn.ChallengeAsync(Client(), key.Address.ToString());
        var signature = key.SignPersonalMessage(message).ToString();
        using var first = await SignIn.LoginAsync(Client(), message, signature);
        var replayClient = Client();

        using var second = await SignIn.LoginAsync(replayClient, message, signature);
        var problem = await SignIn.JsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.StartsWith("siwe.nonce: was already used", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("siwe.nonce", out _));
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.False((await SignIn.MeAsync(replayClient)).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Login_SignedByAnotherKey_RefusedNamingSignature()
    {
        var client = Client();
        var message = await SignIn.ChallengeAsync(client, DevelopmentKeys.Key(1).Address.ToString());

        using var login = await SignIn.LoginAsync(client, message, DevelopmentKeys.Key(6).SignPersonalMessage(message).ToString());
        var problem = await SignIn.JsonAsync(login);

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.StartsWith("siwe.signature:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False((await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Login_MessageForAnotherDomain_RefusedNamingDomain()
    {
        var client = Client();
        var key = DevelopmentKeys.Key(1);
        var message = (await SignIn.ChallengeAsync(client, key.Address.ToString())).Replace("localhost wants", "evil.example wants", StringComparison.Ordinal);

        using var login = await SignIn.LoginAsync(client, message, key.SignPersonalMessage(message).ToString());
        var problem = await SignIn.JsonAsync(login);

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.StartsWith("siwe.domain:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"address\":\"0x1234\"}", "address")]
    [InlineData("{\"address\":\"\"}", "address")]
    [InlineData("{}", "address")]
    [InlineData("{\"address\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79C8\"}", "address")]
    [InlineData("not json", "body")]
    [InlineData("[1,2]", "body")]
    public async Task Challenge_BadBody_RefusedNamingTheField(string body, string field)
    {
        using var response = await Client().PostAsync(new Uri("/auth/challenge", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Login_BodyOver64KiB_Refused413NamingBody()
    {
        var body = "{\"message\":\"" + new string('a', 70_000) + "\",\"signature\":\"0x\"}";

        using var response = await Client().PostAsync(new Uri("/auth/login", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("body:", (await SignIn.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FormPostInsteadOfJson_Refused415()
    {
        using var response = await Client().PostAsync(new Uri("/auth/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "x", ["signature"] = "0x" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.StartsWith("Content-Type:", (await SignIn.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevLogin_Guardian_SignsInWithTheDevelopmentWallet()
    {
        var client = Client();

        using var login = await client.PostAsJsonAsync(new Uri("/auth/dev-login", UriKind.Relative), new { address = DemoCommittee.Guardian.Address.ToString() });
        var me = await SignIn.MeAsync(client);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("guardian", me.GetProperty("role").GetString());
        Assert.Equal("dev", me.GetProperty("wallet").GetString());
        Assert.Equal("Eve Moreau (guardian)", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task DevLogin_AddressOutsideTheDemoCommittee_RefusedNamingAddress()
    {
        var client = Client();

        using var login = await client.PostAsJsonAsync(new Uri("/auth/dev-login", UriKind.Relative), new { address = DevelopmentKeys.Key(8).Address.ToString() });
        var problem = await SignIn.JsonAsync(login);

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.StartsWith("address:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False((await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Logout_SignedIn_ForgetsTheSession()
    {
        var client = Client();
        using var login = await SignIn.WithKeyAsync(client, 3);
        Assert.True((await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean());

        using var logout = await client.PostAsJsonAsync(new Uri("/auth/logout", UriKind.Relative), new { });
        var me = await SignIn.MeAsync(client);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.False(me.GetProperty("signedIn").GetBoolean());
        Assert.Equal("anonymous", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Overview_SignedIn_AppBarShowsTheAccountChip()
    {
        var client = Client();
        var anonymous = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var login = await client.PostAsJsonAsync(new Uri("/auth/dev-login", UriKind.Relative), new { address = DemoCommittee.Members[1].Address.ToString() });

        var signedIn = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("data-testid=\"signin-button\"", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"account-chip\"", anonymous, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"account-chip\"", signedIn, StringComparison.Ordinal);
        Assert.Contains("Ben Graham", signedIn, StringComparison.Ordinal);
    }
}

/// <summary>Sessions across a restart and the development wallet's absence; each test starts its own portal.</summary>
public sealed class SignInHostTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task DevLogin_DevWalletOff_404WithReasonAndNoWalletRegistered()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?> { ["Portal:DevWallet"] = "false" });
        var client = portal.CreateClient();

        using var response = await client.PostAsJsonAsync(new Uri("/auth/dev-login", UriKind.Relative), new { address = DemoCommittee.Members[0].Address.ToString() });
        var problem = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("dev-login: the development wallet is not offered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(portal.Services.GetService(typeof(DevelopmentWallet)));
    }

    [Fact]
    public void AddPortal_ProductionWithDevWalletSetting_RegistersNoDevelopmentWallet()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration["Portal:DevWallet"] = "true";
        builder.Configuration[KeyProtection.KeyVariable] = Convert.ToBase64String(new byte[32]);

        builder.AddPortal();

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(DevelopmentWallet));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(RiskGovernance.Web.Identity.Siwe.SiweVerifier));
    }

    [Fact]
    public async Task Session_PortalRestartedOnTheSameDataDirectory_StillSignedIn()
    {
        var data = Path.Combine(Path.GetTempPath(), "riskgov-web-restart-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data };
        string cookie;
        try
        {
            await using (var first = new PortalFactory(node, settings: settings))
            {
                var client = first.CreateClient();
                using var login = await SignIn.WithKeyAsync(client, 4);
                cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(PortalIdentityExtensions.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
            }

            await using var second = new PortalFactory(node, settings: settings);
            var restarted = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/auth/me", UriKind.Relative));
            request.Headers.Add("Cookie", cookie);
            using var response = await restarted.SendAsync(request);
            var me = await SignIn.JsonAsync(response);

            Assert.True(Directory.EnumerateFiles(Path.Combine(data, KeyProtection.KeysFolder), "key-*.xml").Any());
            Assert.True(me.GetProperty("signedIn").GetBoolean());
            Assert.Equal(DemoCommittee.Members[3].DisplayName, me.GetProperty("displayName").GetString());
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment.
            }
        }
    }
}
