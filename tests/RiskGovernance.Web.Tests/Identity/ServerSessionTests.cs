using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence.Sessions;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// Server-side sessions, attacked with copies of the cookie: after sign-out the old cookie is
/// anonymous and cannot execute; "sign out everywhere" and revoking one session end the other
/// browsers' sessions; nobody revokes another address's session.
/// </summary>
public sealed class ServerSessionTests(LoopbackPortalFixture fixture) : IClassFixture<LoopbackPortalFixture>
{
    private CookieSession Browser() => new(fixture.Client());

    [Fact]
    public async Task OldCookieAfterLogout_AnonymousAtMeAndExecuteRefused401()
    {
        var member = Browser();
        await member.SignInAsync(DemoCommittee.Members[2].KeyIndex);
        var copy = new CookieSession(fixture.Client()) { Cookie = member.Cookie };
        using var list = await member.SendAsync(HttpMethod.Get, "/api/proposals");
        var id = (await SignIn.JsonAsync(list)).EnumerateArray().First().GetProperty("id").GetString();
        using var before = await copy.SendAsync(HttpMethod.Post, $"/api/proposals/{id}/execute", new { });
        Assert.True((await copy.MeAsync()).GetProperty("signedIn").GetBoolean());

        using var logout = await member.SendAsync(HttpMethod.Post, "/auth/logout", new { });
        var me = await copy.MeAsync();
        using var execute = await copy.SendAsync(HttpMethod.Post, $"/api/proposals/{id}/execute", new { });

        Assert.NotEqual(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.False(me.GetProperty("signedIn").GetBoolean());
        Assert.Equal("anonymous", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, execute.StatusCode);
    }

    [Fact]
    public async Task OldCookieAfterLogout_SessionRowRevokedWithTheReason()
    {
        var holder = Browser();
        var key = CookieSession.FreshKey();
        await holder.SignInAsync(key);
        var address = key.Address;
        var store = fixture.Get<SqliteSessionStore>();
        var open = Assert.Single(await store.ListActiveAsync(address, DateTimeOffset.UtcNow, CancellationToken.None));

        using var logout = await holder.SendAsync(HttpMethod.Post, "/auth/logout", new { });
        var row = await store.FindAsync(open.TokenHash, CancellationToken.None);

        Assert.Empty(await store.ListActiveAsync(address, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(SessionEndReasons.SignedOut, row!.RevokedReason);
        Assert.DoesNotContain(open.TokenHash, holder.Cookie!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOutEverywhere_SecondBrowsersSessionEndsToo()
    {
        var laptop = Browser();
        var phone = Browser();
        var key = CookieSession.FreshKey();
        await laptop.SignInAsync(key);
        await phone.SignInAsync(key);
        using var listed = await laptop.SendAsync(HttpMethod.Get, "/auth/sessions");
        var sessions = (await SignIn.JsonAsync(listed)).EnumerateArray().ToList();

        using var everywhere = await laptop.SendAsync(HttpMethod.Post, "/auth/logout-everywhere", new { });
        var phoneMe = await phone.MeAsync();
        var laptopMe = await laptop.MeAsync();
        using var phoneList = await phone.SendAsync(HttpMethod.Get, "/auth/sessions");

        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, everywhere.StatusCode);
        Assert.Equal(2, (await SignIn.JsonAsync(everywhere)).GetProperty("revoked").GetInt32());
        Assert.False(phoneMe.GetProperty("signedIn").GetBoolean());
        Assert.False(laptopMe.GetProperty("signedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, phoneList.StatusCode);
    }

    [Fact]
    public async Task RevokeOneSession_ThatBrowserIsAnonymousAndOthersCannotRevokeIt()
    {
        var laptop = Browser();
        var phone = Browser();
        var stranger = Browser();
        var key = CookieSession.FreshKey();
        await laptop.SignInAsync(key);
        await phone.SignInAsync(key);
        await stranger.SignInAsync(CookieSession.FreshKey());
        using var listed = await laptop.SendAsync(HttpMethod.Get, "/auth/sessions");
        var phoneId = (await SignIn.JsonAsync(listed)).EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetInt64();
        using var strangersList = await stranger.SendAsync(HttpMethod.Get, "/auth/sessions");
        var strangerId = (await SignIn.JsonAsync(strangersList)).EnumerateArray().Single().GetProperty("id").GetInt64();

        using var byStranger = await stranger.SendAsync(HttpMethod.Post, $"/auth/sessions/{phoneId}/revoke", new { });
        var phoneAfterStranger = await phone.MeAsync();
        using var revoke = await laptop.SendAsync(HttpMethod.Post, $"/auth/sessions/{phoneId}/revoke", new { });
        using var again = await laptop.SendAsync(HttpMethod.Post, $"/auth/sessions/{phoneId}/revoke", new { });
        using var othersId = await laptop.SendAsync(HttpMethod.Post, $"/auth/sessions/{strangerId}/revoke", new { });

        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.True(phoneAfterStranger.GetProperty("signedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False((await phone.MeAsync()).GetProperty("signedIn").GetBoolean());
        Assert.True((await laptop.MeAsync()).GetProperty("signedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, othersId.StatusCode);
        Assert.True((await stranger.MeAsync()).GetProperty("signedIn").GetBoolean());
    }

    /// <summary>A signed-in member's cookie sent along by another site's page (its Origin): every write is refused before it acts.</summary>
    [Theory]
    [InlineData("/auth/logout")]
    [InlineData("/auth/logout-everywhere")]
    [InlineData("/api/proposals/0x0000000000000000000000000000000000000000000000000000000000000001/execute")]
    public async Task WriteFromAnotherSitesPage_Refused403NamingOriginAndTheSessionKept(string path)
    {
        var member = Browser();
        await member.SignInAsync(DemoCommittee.Members[0].KeyIndex);

        using var response = await member.SendAsync(HttpMethod.Post, path, new { }, r => r.Headers.Add("Origin", "https://riskgov-portal.evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await SignIn.JsonAsync(response)).GetProperty("errors").TryGetProperty("origin", out _));
        Assert.True((await member.MeAsync()).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Sessions_Anonymous_401()
    {
        using var response = await Browser().SendAsync(HttpMethod.Get, "/auth/sessions");
        using var everywhere = await Browser().SendAsync(HttpMethod.Post, "/auth/logout-everywhere", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, everywhere.StatusCode);
    }

    [Fact]
    public async Task ForgedCookie_Anonymous()
    {
        var forger = new CookieSession(fixture.Client()) { Cookie = PortalIdentityExtensions.CookieName + "=CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

        Assert.False((await forger.MeAsync()).GetProperty("signedIn").GetBoolean());
    }
}

/// <summary>Sessions that end on their own (expiry, removal from the committee) and sessions that outlive a restart; each test starts its own portal.</summary>
public sealed class SessionLifetimeTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, RiskGovernance.Chain.SigningKey key)
    {
        var message = await SignIn.ChallengeAsync(client, key.Address.ToString());
        return await SignIn.LoginAsync(client, message, key.SignPersonalMessage(message).ToString());
    }

    [Fact]
    public async Task Session_PastItsEnd_AnonymousAndNoLongerListed()
    {
        await using var portal = new PortalFactory(node, settings: new Dictionary<string, string?> { ["Portal:SessionLifetime"] = "00:00:01" });
        var client = portal.CreateClient();
        var key = CookieSession.FreshKey();
        using var login = await LoginAsync(client, key);
        var store = portal.Services.GetRequiredService<SqliteSessionStore>();
        var session = (await store.ListActiveAsync(key.Address, DateTimeOffset.UtcNow, CancellationToken.None)).Single();

        // (The client may drop the cookie a little before the stored end: its expiry is sent to the second.)
        await Eventually.TrueAsync(async () => !(await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean()
                                               && DateTimeOffset.UtcNow > session.ExpiresAt, Patience, "the session never ended");

        Assert.Empty(await store.ListActiveAsync(key.Address, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.False((await store.FindAsync(session.TokenHash, CancellationToken.None))!.IsActiveAt(DateTimeOffset.UtcNow));
    }

    /// <summary>The store's end holds even when a cookie would still be accepted: the session is refused and marked expired.</summary>
    [Fact]
    public async Task Validate_StoredSessionPastItsEnd_RefusedAndMarkedExpired()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var store = portal.Services.GetRequiredService<SqliteSessionStore>();
        var sessions = portal.Services.GetRequiredService<PortalSessions>();
        var token = "expired-token-" + Guid.NewGuid().ToString("N");
        var began = DateTimeOffset.UtcNow - TimeSpan.FromHours(9);
        var stored = await store.CreateAsync(new SessionRecord(0, PortalSessions.HashOf(token), CookieSession.FreshKey().Address, PortalClaims.BrowserWallet, 31337, false, null,
            began, began, began + TimeSpan.FromHours(8), null, null), CancellationToken.None);

        var validated = await sessions.ValidateAsync(token, CancellationToken.None);

        Assert.Null(validated);
        Assert.Equal(SessionEndReasons.Expired, (await store.FindAsync(stored.TokenHash, CancellationToken.None))!.RevokedReason);
    }

    [Fact]
    public async Task Session_SignedOutBeforeARestart_StaysRevokedAfterIt()
    {
        var data = Path.Combine(Path.GetTempPath(), "riskgov-web-revoked-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data };
        try
        {
            string cookie;
            await using (var first = new PortalFactory(node, settings: settings))
            {
                var client = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
                using var login = await LoginAsync(client, CookieSession.FreshKey());
                cookie = CookieSession.SessionCookieOf(login)!;
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/auth/logout", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
                request.Headers.Add("Cookie", cookie);
                using var logout = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
            }

            await using var second = new PortalFactory(node, settings: settings);
            var restarted = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            using var me = new HttpRequestMessage(HttpMethod.Get, new Uri("/auth/me", UriKind.Relative));
            me.Headers.Add("Cookie", cookie);
            using var response = await restarted.SendAsync(me);

            Assert.False((await SignIn.JsonAsync(response)).GetProperty("signedIn").GetBoolean());
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

    /// <summary>
    /// A member signed in; the committee then removes them on the chain (a membership proposal voted,
    /// queued and executed). Their session ends (not merely downgraded to holder), and the row says why.
    /// </summary>
    [Fact]
    public async Task MemberRemovedFromTheCommittee_SessionRevoked()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();
        var removed = DemoCommittee.Members[3];
        using var login = await SignIn.WithKeyAsync(client, removed.KeyIndex);
        Assert.Equal("member", (await SignIn.MeAsync(client)).GetProperty("role").GetString());
        var steps = new GovernanceSteps(portal);
        var governance = portal.Services.GetRequiredService<GovernanceService>();
        var committee = await governance.GetCommitteeAsync(CancellationToken.None);
        var ada = GovernanceSteps.Member(0);
        var draft = await governance.DraftMembershipAsync(new DraftMembershipCommand("Remove a member", "Test: the member leaves", ada,
            committee.Members.Where(m => m.Address != removed.Address).ToList()), CancellationToken.None);
        var opened = await governance.OpenAsync(draft.Id, ada, CancellationToken.None);
        await steps.VoteAsync(opened, BallotSupport.For, 0, 1, 2, 4);
        await steps.ExecuteAsync(opened, ada);

        await Eventually.TrueAsync(async () => !(await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean(), Patience, "the removed member's session never ended");

        var rows = await portal.Services.GetRequiredService<SqliteSessionStore>().ListActiveAsync(removed.Address, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Empty(rows);
        Assert.DoesNotContain(await governance.GetCommitteeAsync(CancellationToken.None) is { } now ? now.Members : [], m => m.Address == removed.Address);
    }
}

/// <summary>Waits for a condition (never for a fixed time): polls until it holds or the patience runs out.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan patience, string failure)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }
}
