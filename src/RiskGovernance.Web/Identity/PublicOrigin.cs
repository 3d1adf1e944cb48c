using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RiskGovernance.Web.Identity;

/// <summary>
/// The portal's configured public origin (Portal:PublicOrigin): http or https, a host, an optional
/// port, no path, query, fragment or user information. Sign-in messages name it; requests are
/// compared with it, never the other way round.
/// </summary>
public sealed record PublicOrigin
{
    private PublicOrigin(string scheme, string host, int port, bool defaultPort)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Authority = defaultPort ? host : host + ":" + port.ToString(CultureInfo.InvariantCulture);
        Origin = scheme + "://" + Authority;
    }

    /// <summary>"http" or "https".</summary>
    public string Scheme { get; }

    /// <summary>The host name or IP literal, lower case (IPv6 in brackets).</summary>
    public string Host { get; }

    /// <summary>The port (the scheme's default when none was given).</summary>
    public int Port { get; }

    /// <summary>host[:port] as a browser sends it in the Host header (the EIP-4361 domain).</summary>
    public string Authority { get; }

    /// <summary>scheme://host[:port], as a browser sends it in the Origin header.</summary>
    public string Origin { get; }

    /// <summary>The URI the sign-in messages name: the origin followed by "/".</summary>
    public string Uri => Origin + "/";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArgumentException"/> naming Portal:PublicOrigin.</summary>
    public static PublicOrigin Parse(string? text)
        => TryParse(text, out var origin, out var problem) ? origin : throw new ArgumentException("Portal:PublicOrigin: " + problem, nameof(text));

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PublicOrigin? origin, out string problem)
    {
        origin = null;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is required: the portal's public origin, e.g. https://portal.example.org or http://127.0.0.1:5000";
            return false;
        }

        var trimmed = text.Trim();
        if (!System.Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != System.Uri.UriSchemeHttp && uri.Scheme != System.Uri.UriSchemeHttps))
        {
            problem = $"'{text}' is not an absolute http or https origin (e.g. https://portal.example.org)";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problem = $"'{text}' must be an origin only: scheme, host and port, without user, path, query or fragment";
            return false;
        }

        if (trimmed.Contains('*', StringComparison.Ordinal) || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"'{text}' must name one host (no wildcard)";
            return false;
        }

        origin = new PublicOrigin(uri.Scheme, HostOf(uri), uri.Port, uri.IsDefaultPort);
        return true;
    }

    /// <summary>True when a Host header value (host[:port]) names this origin's host and port.</summary>
    public bool MatchesHost(string? hostHeader)
    {
        if (string.IsNullOrEmpty(hostHeader))
        {
            return false;
        }

        var parsed = new HostString(hostHeader);
        var host = parsed.Host;
        if (host is null)
        {
            return false;
        }

        var port = parsed.Port ?? (Scheme == System.Uri.UriSchemeHttps ? 443 : 80);
        return string.Equals(host, Host, StringComparison.OrdinalIgnoreCase) && port == Port;
    }

    /// <summary>True when an Origin header value is this origin.</summary>
    public bool MatchesOrigin(string? originHeader)
        => System.Uri.TryCreate(originHeader, UriKind.Absolute, out var uri)
           && string.Equals(uri.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
           && string.IsNullOrEmpty(uri.UserInfo) && uri.AbsolutePath == "/"
           && string.Equals(HostOf(uri), Host, StringComparison.OrdinalIgnoreCase)
           && uri.Port == Port;

    private static string HostOf(System.Uri uri)
        => uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost.Trim('[', ']') + "]" : uri.IdnHost.ToLowerInvariant();

    /// <inheritdoc />
    public override string ToString() => Origin;
}
