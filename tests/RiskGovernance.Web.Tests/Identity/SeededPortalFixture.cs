using RiskGovernance.Primitives;
using System.Net.Http.Json;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// One seeded portal (Development, demo, development wallet) over its own anvil, shared by the
/// read-only and sign-in tests of a class. Tests that change proposals start their own portal.
/// </summary>
public sealed class SeededPortalFixture : SeededPortal
{
}

/// <summary>Sign-in steps over HTTP as a browser does them, with a real personal_sign signature.</summary>
internal static class SignIn
{
    public static async Task<string> ChallengeAsync(HttpClient client, string address)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/auth/challenge", UriKind.Relative), new { address });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("message").GetString()!;
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string message, string signature)
        => client.PostAsJsonAsync(new Uri("/auth/login", UriKind.Relative), new { message, signature });

    /// <summary>Challenge, sign with development key <paramref name="keyIndex"/>, login; returns the login response.</summary>
    public static async Task<HttpResponseMessage> WithKeyAsync(HttpClient client, int keyIndex)
    {
        var key = DevelopmentKeys.Key(keyIndex);
        var message = await ChallengeAsync(client, key.Address.ToString());
        return await LoginAsync(client, message, key.SignPersonalMessage(message).ToString());
    }

    public static async Task<JsonElement> MeAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/auth/me", UriKind.Relative)));
        return json.RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
