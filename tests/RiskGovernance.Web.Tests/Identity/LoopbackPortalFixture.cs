using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Testing;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// One demo portal served by Kestrel on a real loopback port (its public origin) over its own anvil,
/// shared by the attack tests of a class: requests go over real sockets, with whatever Host and
/// Origin headers the test sends.
/// </summary>
public sealed class LoopbackPortalFixture : IAsyncLifetime
{
    /// <summary>The node.</summary>
    public AnvilFixture Node { get; } = new();

    /// <summary>The portal (started).</summary>
    public PortalFactory Portal { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/ (the configured public origin).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A service of the portal.</summary>
    public T Get<T>() where T : notnull => (T)Portal.Services.GetService(typeof(T))!;

    /// <summary>A client that keeps no cookies (the test passes them itself, as an attacker holding a copy would).</summary>
    public HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Portal = new PortalFactory(Node, serveOnLoopback: true);
        BaseAddress = Portal.Start();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Node.DisposeAsync();
    }
}

/// <summary>A browser's cookie jar reduced to the session cookie, over a cookie-less client.</summary>
internal sealed class CookieSession(HttpClient client)
{
    /// <summary>"riskgov.session=..." as the browser holds it, or null.</summary>
    public string? Cookie { get; set; }

    public HttpClient Client => client;

    /// <summary>A new random key (a wallet of its own, outside the committee).</summary>
    public static SigningKey FreshKey() => SigningKey.Parse("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    /// <summary>Signs in with development key <paramref name="keyIndex"/>.</summary>
    public Task SignInAsync(int keyIndex) => SignInAsync(DevelopmentKeys.Key(keyIndex));

    /// <summary>Signs in with <paramref name="key"/> (challenge, personal_sign, login) and keeps the cookie.</summary>
    public async Task SignInAsync(SigningKey key)
    {
        using var challenge = await SendAsync(HttpMethod.Post, "/auth/challenge", new { address = key.Address.ToString() });
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        var message = (await SignIn.JsonAsync(challenge)).GetProperty("message").GetString()!;
        using var login = await SendAsync(HttpMethod.Post, "/auth/login", new { message, signature = key.SignPersonalMessage(message).ToString() });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Cookie = SessionCookieOf(login) ?? throw new InvalidOperationException("no session cookie");
    }

    /// <summary>Sends a request with the kept cookie (and a JSON body when given).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        change?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>GET /auth/me with the kept cookie.</summary>
    public async Task<JsonElement> MeAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/auth/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SignIn.JsonAsync(response);
    }

    public static string? SessionCookieOf(HttpResponseMessage response)
        => response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(c => c.StartsWith(PortalIdentityExtensions.CookieName + "=", StringComparison.Ordinal)).Select(c => c.Split(';')[0]).FirstOrDefault()
            : null;
}
