namespace RiskGovernance.Chain.Rpc;

/// <summary>
/// Settings of the JSON-RPC client (configuration section <see cref="SectionName"/>). There is no
/// default URL: the endpoint must be configured. Validated on start through
/// <see cref="ChainRpcOptionsValidator"/> and again when a client is created.
/// </summary>
public sealed class ChainRpcOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chain";

    /// <summary>The HTTP(S) JSON-RPC endpoint. May carry an API key in its path; messages show only scheme, host and port.</summary>
    public Uri? RpcUrl { get; set; }

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt for transient faults (connection refused, 5xx, 429, timeout). 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles on every further retry.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval between polls for a transaction receipt.</summary>
    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a receipt (and its confirmations) before giving up.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The problems with these settings, each naming the property; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RpcUrl is null)
        {
            errors.Add($"{SectionName}:{nameof(RpcUrl)}: is required.");
        }
        else if (!RpcUrl.IsAbsoluteUri || (RpcUrl.Scheme != Uri.UriSchemeHttp && RpcUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{SectionName}:{nameof(RpcUrl)}: must be an absolute http or https URL.");
        }

        CheckPositive(errors, RequestTimeout, nameof(RequestTimeout));
        if (MaxRetries is < 0 or > 20)
        {
            errors.Add($"{SectionName}:{nameof(MaxRetries)}: must be in [0, 20] (was {MaxRetries}).");
        }

        CheckPositive(errors, InitialBackoff, nameof(InitialBackoff));
        CheckPositive(errors, MaxBackoff, nameof(MaxBackoff));
        if (MaxBackoff < InitialBackoff)
        {
            errors.Add($"{SectionName}:{nameof(MaxBackoff)}: must be >= {nameof(InitialBackoff)}.");
        }

        CheckPositive(errors, ReceiptPollInterval, nameof(ReceiptPollInterval));
        CheckPositive(errors, ReceiptTimeout, nameof(ReceiptTimeout));
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">Lists every problem.</exception>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("options: " + string.Join(" ", errors), "options");
        }
    }

    /// <summary>The endpoint for messages: scheme, host and port only, so that a key in the path never leaks.</summary>
    internal string DisplayUrl => RpcUrl is null ? "(none)" : EndpointDisplay(RpcUrl);

    internal static string EndpointDisplay(Uri url)
        => url.GetLeftPart(UriPartial.Authority) + (url.AbsolutePath.Length > 1 || url.Query.Length > 0 ? "/…" : string.Empty);

    private static void CheckPositive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{name}: must be > 0 (was {value}).");
        }
    }
}
