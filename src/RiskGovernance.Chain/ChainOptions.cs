using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>
/// Settings of the connection to the chain (configuration section <see cref="SectionName"/>). There
/// is no default URL: the endpoint must be configured. Validated on start.
/// </summary>
public sealed class ChainOptions : IValidatableOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chain";

    /// <summary>The HTTP(S) JSON-RPC endpoint. It may carry an API key in its path; messages show only scheme, host and port.</summary>
    public Uri? RpcUrl { get; set; }

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt for transient faults (connection refused, HTTP errors, timeouts). 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; it doubles on every further retry.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval between polls for a transaction receipt.</summary>
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a receipt (and its confirmations) before giving up.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Confirmations a sent transaction waits for (1 = mined).</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>Added to the node's gas estimate, in percent (anvil's estimates are exact).</summary>
    public int GasMarginPercent { get; set; } = 20;

    /// <summary>How many times a "nonce too low" rejection is retried with a fresh nonce.</summary>
    public int MaxNonceRetries { get; set; } = 3;

    /// <summary>The endpoint for messages: scheme, host and port only, so that a key in the path never leaks.</summary>
    public string DisplayUrl => RpcUrl is null ? "(none)" : EndpointDisplay(RpcUrl);

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (RpcUrl is null)
        {
            yield return $"{SectionName}:{nameof(RpcUrl)}: is required.";
        }
        else if (!RpcUrl.IsAbsoluteUri || (RpcUrl.Scheme != Uri.UriSchemeHttp && RpcUrl.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{SectionName}:{nameof(RpcUrl)}: must be an absolute http or https URL.";
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(RequestTimeout), RequestTimeout), (nameof(InitialBackoff), InitialBackoff), (nameof(MaxBackoff), MaxBackoff),
                     (nameof(ReceiptPollInterval), ReceiptPollInterval), (nameof(ReceiptTimeout), ReceiptTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{SectionName}:{name}: must be > 0 (was {value}).";
            }
        }

        if (MaxBackoff < InitialBackoff)
        {
            yield return $"{SectionName}:{nameof(MaxBackoff)}: must be >= {nameof(InitialBackoff)}.";
        }

        foreach (var (name, value, min, max) in new[]
                 {
                     (nameof(MaxRetries), MaxRetries, 0, 20), (nameof(Confirmations), Confirmations, 1, 64),
                     (nameof(GasMarginPercent), GasMarginPercent, 0, 500), (nameof(MaxNonceRetries), MaxNonceRetries, 0, 10),
                 })
        {
            if (value < min || value > max)
            {
                yield return $"{SectionName}:{name}: must be in [{min}, {max}] (was {value}).";
            }
        }
    }

    /// <summary>Throws when <see cref="Problems"/> finds any.</summary>
    /// <exception cref="ArgumentException">Lists every problem.</exception>
    public void EnsureValid()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("options: " + string.Join(" ", problems), "options");
        }
    }

    /// <summary>scheme://host:port of <paramref name="url"/>, with "/…" when a path or query was cut.</summary>
    private static string EndpointDisplay(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Authority) + (url.AbsolutePath.Length > 1 || url.Query.Length > 0 ? "/…" : string.Empty);
    }
}
