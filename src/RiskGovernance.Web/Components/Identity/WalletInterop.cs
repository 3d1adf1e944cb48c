using System.Text.Json;
using Microsoft.JSInterop;

namespace RiskGovernance.Web.Components.Identity;

/// <summary>The answer of <c>riskgovWallet.postJson</c>: HTTP status and body text.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">Response body.</param>
public sealed record WalletPostResult(int Status, string Body)
{
    /// <summary>True for a 2xx status.</summary>
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The problem's detail (field-named) for an error body, else a generic text with the status.</summary>
    public string ErrorText()
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
            // not a problem body
        }

        return $"the server answered {Status}";
    }

    /// <summary>A string property of a JSON object body, or null.</summary>
    public string? Property(string name)
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value)
                   && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Typed calls to <c>window.riskgovWallet</c> (wwwroot/js/wallet.js).</summary>
public sealed class WalletInterop(IJSRuntime js)
{
    /// <summary>True when the browser has an EIP-1193 wallet (window.ethereum).</summary>
    public ValueTask<bool> AvailableAsync(CancellationToken ct) => js.InvokeAsync<bool>("riskgovWallet.available", ct);

    /// <summary>Asks the wallet for an account (eth_requestAccounts).</summary>
    public ValueTask<string> RequestAccountAsync(CancellationToken ct) => js.InvokeAsync<string>("riskgovWallet.requestAccount", ct);

    /// <summary>personal_sign of <paramref name="message"/> by <paramref name="address"/>.</summary>
    public ValueTask<string> PersonalSignAsync(string address, string message, CancellationToken ct)
        => js.InvokeAsync<string>("riskgovWallet.personalSign", ct, address, message);

    /// <summary>POSTs JSON from the browser (so that the session cookie lands in the browser).</summary>
    public ValueTask<WalletPostResult> PostJsonAsync(string url, object body, CancellationToken ct)
        => js.InvokeAsync<WalletPostResult>("riskgovWallet.postJson", ct, url, body);

    /// <summary>Reloads the page (or goes to <paramref name="url"/>), so that a new circuit sees the new session.</summary>
    public ValueTask ReloadAsync(string? url = null) => js.InvokeVoidAsync("riskgovWallet.reload", url);
}
