using System.Text;

namespace RiskGovernance.Governance.Registry;

/// <summary>
/// Text the registry stores in a bytes32 word (asset symbols, enumeration strings): 1 to 32 UTF-8
/// bytes without NUL, right-padded with zeros. Decoding is strict: interior zeros and invalid UTF-8
/// are refused instead of truncated, naming the field.
/// </summary>
public static class Bytes32Field
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes 1..32 UTF-8 bytes without NUL characters, naming <paramref name="field"/> on error.</summary>
    public static byte[] Encode(string text, string field)
    {
        var word = new byte[32];
        StrictUtf8.GetBytes(Validate(text, field), word);
        return word;
    }

    /// <summary>Checks that <paramref name="text"/> fits a bytes32 faithfully.</summary>
    public static string Validate(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text, field);
        if (text.Length == 0 || text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field}: must be non-empty text without NUL characters.", field);
        }

        var length = StrictUtf8.GetByteCount(text);
        if (length > 32)
        {
            throw new ArgumentException($"{field}: '{text}' is {length} UTF-8 bytes; at most 32 fit in a bytes32.", field);
        }

        return text;
    }

    /// <summary>Decodes a bytes32 word (trailing zeros stripped); rejects interior zeros and invalid UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> word, string field)
    {
        if (word.Length != 32)
        {
            throw new ArgumentException($"{field}: expected 32 bytes, got {word.Length}.", field);
        }

        var end = word.LastIndexOfAnyExcept((byte)0) + 1;
        var content = word[..end];
        if (end == 0 || content.IndexOf((byte)0) >= 0)
        {
            throw new FormatException($"{field}: bytes32 is not zero-padded text.");
        }

        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"{field}: bytes32 is not valid UTF-8.", e);
        }
    }
}
