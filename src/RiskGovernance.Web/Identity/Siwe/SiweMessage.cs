using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.Identity.Siwe;

/// <summary>
/// An EIP-4361 (Sign-In with Ethereum) message. <see cref="Format"/> writes the exact text a
/// wallet signs with personal_sign; <see cref="Parse"/> reads it strictly against the EIP's ABNF
/// and throws <see cref="InputValidationException"/> naming the field ("siwe.nonce", ...).
/// Times are written in UTC with millisecond precision (RFC 3339).
/// </summary>
public sealed partial record SiweMessage
{
    /// <summary>The only version this specification defines.</summary>
    public const string Version1 = "1";

    /// <summary>Longest message accepted by <see cref="Parse"/> (characters).</summary>
    public const int MaxLength = 4096;

    private const string Preamble = " wants you to sign in with your Ethereum account:";

    /// <summary>Creates a message and checks every field (field-named errors).</summary>
    public SiweMessage(
        string domain, Address address, string? statement, string uri, long chainId, string nonce,
        DateTimeOffset issuedAt, DateTimeOffset? expirationTime = null, DateTimeOffset? notBefore = null,
        string? requestId = null, IReadOnlyList<string>? resources = null, string? scheme = null, string version = Version1)
    {
        Scheme = scheme;
        Domain = domain;
        Address = address;
        Statement = statement;
        Uri = uri;
        Version = version;
        ChainId = chainId;
        Nonce = nonce;
        IssuedAt = issuedAt;
        ExpirationTime = expirationTime;
        NotBefore = notBefore;
        RequestId = requestId;
        Resources = resources ?? [];
        var e = new ValidationErrors();
        Check(e);
        e.ThrowIfAny();
    }

    /// <summary>Optional URI scheme of the requesting origin (e.g. "https").</summary>
    public string? Scheme { get; }

    /// <summary>The RFC 3986 authority requesting the sign-in (host[:port]).</summary>
    public string Domain { get; }

    /// <summary>The account signing in (written in its EIP-55 form).</summary>
    public Address Address { get; }

    /// <summary>Optional human-readable statement (no line breaks).</summary>
    public string? Statement { get; }

    /// <summary>The RFC 3986 URI the sign-in is about.</summary>
    public string Uri { get; }

    /// <summary>Always "1".</summary>
    public string Version { get; }

    /// <summary>EIP-155 chain id the session is bound to.</summary>
    public long ChainId { get; }

    /// <summary>The relying party's nonce: at least 8 letters or digits.</summary>
    public string Nonce { get; }

    /// <summary>When the message was made.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the message stops being valid (optional in the EIP; required by this portal's verifier).</summary>
    public DateTimeOffset? ExpirationTime { get; }

    /// <summary>When the message becomes valid (optional).</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Optional request id (RFC 3986 pchar).</summary>
    public string? RequestId { get; }

    /// <summary>Optional resources (URIs).</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary>The EIP-4361 text (LF line ends, no trailing newline).</summary>
    public string Format()
    {
        var b = new StringBuilder();
        if (Scheme is not null)
        {
            b.Append(Scheme).Append("://");
        }

        b.Append(Domain).Append(Preamble).Append('\n');
        b.Append(Address.ToString()).Append('\n');
        b.Append('\n');
        if (Statement is not null)
        {
            b.Append(Statement).Append('\n');
        }

        b.Append('\n');
        b.Append("URI: ").Append(Uri).Append('\n');
        b.Append("Version: ").Append(Version).Append('\n');
        b.Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        b.Append("Nonce: ").Append(Nonce).Append('\n');
        b.Append("Issued At: ").Append(FormatTime(IssuedAt));
        if (ExpirationTime is { } expires)
        {
            b.Append("\nExpiration Time: ").Append(FormatTime(expires));
        }

        if (NotBefore is { } notBefore)
        {
            b.Append("\nNot Before: ").Append(FormatTime(notBefore));
        }

        if (RequestId is not null)
        {
            b.Append("\nRequest ID: ").Append(RequestId);
        }

        if (Resources.Count > 0)
        {
            b.Append("\nResources:");
            foreach (var resource in Resources)
            {
                b.Append("\n- ").Append(resource);
            }
        }

        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();

    /// <summary>An RFC 3339 time as this type writes it: UTC, milliseconds, "Z".</summary>
    public static string FormatTime(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads an EIP-4361 message strictly: every line in its place, LF line ends, no trailing
    /// newline, version 1, an EIP-55 address (or all lower/upper case), a nonce of at least 8
    /// letters or digits, RFC 3339 times. Throws <see cref="InputValidationException"/> naming the field.
    /// </summary>
    public static SiweMessage Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new InputValidationException("siwe.message", "is empty");
        }

        if (text.Length > MaxLength)
        {
            throw new InputValidationException("siwe.message", $"is longer than {MaxLength} characters");
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new InputValidationException("siwe.message", "must use LF line ends (found CR)");
        }

        var lines = text.Split('\n');
        var cursor = new LineCursor(lines);

        // Line 1: [scheme "://"] domain " wants you to sign in with your Ethereum account:"
        var first = cursor.Next("siwe.domain", "the first line (\"<domain> wants you to sign in with your Ethereum account:\")");
        if (!first.EndsWith(Preamble, StringComparison.Ordinal))
        {
            throw new InputValidationException("siwe.domain", "the first line must be \"<domain> wants you to sign in with your Ethereum account:\"");
        }

        var origin = first[..^Preamble.Length];
        string? scheme = null;
        var schemeEnd = origin.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = origin[..schemeEnd];
            origin = origin[(schemeEnd + 3)..];
            if (!SchemePattern().IsMatch(scheme))
            {
                throw new InputValidationException("siwe.scheme", $"'{Shorten(scheme)}' is not a URI scheme");
            }
        }

        // Line 2: the address.
        var addressText = cursor.Next("siwe.address", "the address line");
        if (!AddressPattern().IsMatch(addressText))
        {
            throw new InputValidationException("siwe.address", $"must be 0x followed by 40 hex digits (got '{Shorten(addressText)}')");
        }

        Address address;
        try
        {
            address = Address.Parse(addressText, "siwe.address");
        }
        catch (ArgumentException)
        {
            throw new InputValidationException("siwe.address", $"'{addressText}' does not carry a valid EIP-55 checksum");
        }

        // Line 3 empty, then either [statement LF] LF, i.e. "statement" + "" or just "".
        if (cursor.Next("siwe.message", "the empty line after the address").Length != 0)
        {
            throw new InputValidationException("siwe.message", "an empty line must follow the address");
        }

        string? statement = null;
        var afterBlank = cursor.Next("siwe.statement", "the statement or an empty line");
        if (afterBlank.Length != 0)
        {
            statement = afterBlank;
            if (cursor.Next("siwe.statement", "the empty line after the statement").Length != 0)
            {
                throw new InputValidationException("siwe.statement", "must be one line followed by an empty line");
            }
        }

        var uri = cursor.Tag("URI: ", "siwe.uri");
        var version = cursor.Tag("Version: ", "siwe.version");
        var chainText = cursor.Tag("Chain ID: ", "siwe.chainId");
        var nonce = cursor.Tag("Nonce: ", "siwe.nonce");
        var issuedAt = ParseTime(cursor.Tag("Issued At: ", "siwe.issuedAt"), "siwe.issuedAt");
        var expirationTime = cursor.OptionalTag("Expiration Time: ") is { } exp ? ParseTime(exp, "siwe.expirationTime") : (DateTimeOffset?)null;
        var notBefore = cursor.OptionalTag("Not Before: ") is { } nbf ? ParseTime(nbf, "siwe.notBefore") : (DateTimeOffset?)null;
        var requestId = cursor.OptionalTag("Request ID: ");
        var resources = new List<string>();
        if (cursor.OptionalExact("Resources:"))
        {
            while (cursor.OptionalTag("- ") is { } resource)
            {
                resources.Add(resource);
            }
        }

        if (cursor.HasMore)
        {
            throw new InputValidationException("siwe.message", $"unexpected line {cursor.Position + 1}: '{Shorten(cursor.Peek)}'");
        }

        if (!ChainIdPattern().IsMatch(chainText) || !long.TryParse(chainText, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
        {
            throw new InputValidationException("siwe.chainId", $"must be a decimal chain id (got '{Shorten(chainText)}')");
        }

        return new SiweMessage(origin, address, statement, uri, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources, scheme, version);
    }

    private void Check(ValidationErrors e)
    {
        if (Scheme is not null && !SchemePattern().IsMatch(Scheme))
        {
            e.Add("siwe.scheme", $"'{Shorten(Scheme)}' is not a URI scheme");
        }

        if (string.IsNullOrEmpty(Domain) || !AuthorityPattern().IsMatch(Domain))
        {
            e.Add("siwe.domain", $"must be an RFC 3986 authority such as example.org or 127.0.0.1:5000 (got '{Shorten(Domain ?? "")}')");
        }

        if (Address.IsZero)
        {
            e.Add("siwe.address", "must not be the zero address");
        }

        if (Statement is not null && (Statement.Length == 0 || !StatementPattern().IsMatch(Statement)))
        {
            e.Add("siwe.statement", "must be one non-empty line of printable ASCII (RFC 3986 reserved or unreserved characters and spaces)");
        }

        if (string.IsNullOrEmpty(Uri) || !UriPattern().IsMatch(Uri) || !System.Uri.TryCreate(Uri, UriKind.Absolute, out _))
        {
            e.Add("siwe.uri", $"must be an absolute RFC 3986 URI (got '{Shorten(Uri ?? "")}')");
        }

        if (!string.Equals(Version, Version1, StringComparison.Ordinal))
        {
            e.Add("siwe.version", $"must be 1 (got '{Shorten(Version ?? "")}')");
        }

        if (ChainId <= 0)
        {
            e.Add("siwe.chainId", $"must be > 0 (got {ChainId})");
        }

        if (string.IsNullOrEmpty(Nonce) || !NoncePattern().IsMatch(Nonce))
        {
            e.Add("siwe.nonce", $"must be at least 8 letters or digits (got '{Shorten(Nonce ?? "")}')");
        }

        if (ExpirationTime is { } expires && expires <= IssuedAt)
        {
            e.Add("siwe.expirationTime", "must be after the issued-at time");
        }

        if (RequestId is not null && !PcharPattern().IsMatch(RequestId))
        {
            e.Add("siwe.requestId", "must be RFC 3986 path characters");
        }

        for (var i = 0; i < Resources.Count; i++)
        {
            if (Resources[i] is null || !UriPattern().IsMatch(Resources[i]) || !System.Uri.TryCreate(Resources[i], UriKind.Absolute, out _))
            {
                e.Add($"siwe.resources[{i}]", "must be an absolute RFC 3986 URI");
            }
        }
    }

    private static DateTimeOffset ParseTime(string text, string field)
    {
        if (!TimePattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new InputValidationException(field, $"must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z (got '{Shorten(text)}')");
        }

        return time;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*$")]
    private static partial Regex SchemePattern();

    // authority = [ userinfo "@" ] host [ ":" port ]: host is a reg-name, an IPv4 or a bracketed IPv6 literal.
    [GeneratedRegex(@"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:%]*@)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::[0-9]{1,5})?$")]
    private static partial Regex AuthorityPattern();

    [GeneratedRegex("^0x[0-9A-Fa-f]{40}$")]
    private static partial Regex AddressPattern();

    // reserved / unreserved / " " (RFC 3986): no control characters, no line breaks.
    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;= ]+$")]
    private static partial Regex StatementPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")]
    private static partial Regex UriPattern();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex ChainIdPattern();

    [GeneratedRegex("^[A-Za-z0-9]{8,}$")]
    private static partial Regex NoncePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$")]
    private static partial Regex PcharPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex TimePattern();

    /// <summary>Reads the message line by line, naming the field when a line is missing or wrong.</summary>
    private sealed class LineCursor(string[] lines)
    {
        public int Position { get; private set; }

        public bool HasMore => Position < lines.Length;

        public string Peek => lines[Position];

        public string Next(string field, string what)
            => HasMore ? lines[Position++] : throw new InputValidationException(field, $"the message ends before {what}");

        public string Tag(string tag, string field)
        {
            var line = Next(field, $"the \"{tag.Trim()}\" line");
            return line.StartsWith(tag, StringComparison.Ordinal)
                ? line[tag.Length..]
                : throw new InputValidationException(field, $"expected a line starting with \"{tag}\" at line {Position} (got '{Shorten(line)}')");
        }

        public string? OptionalTag(string tag)
        {
            if (HasMore && lines[Position].StartsWith(tag, StringComparison.Ordinal))
            {
                return lines[Position++][tag.Length..];
            }

            return null;
        }

        public bool OptionalExact(string line)
        {
            if (HasMore && string.Equals(lines[Position], line, StringComparison.Ordinal))
            {
                Position++;
                return true;
            }

            return false;
        }
    }
}
