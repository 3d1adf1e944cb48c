namespace RiskGovernance.Primitives;

/// <summary>Hexadecimal text of byte strings, 0x-prefixed, strict: every message names the field.</summary>
public static class HexText
{
    /// <summary>Lower-case hex with the 0x prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>True for 0x followed by an even number of hex digits.</summary>
    public static bool IsValid(string? text)
        => text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.Length % 2 == 0
           && text.AsSpan(2).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;

    /// <summary>Decodes 0x-prefixed hex (the prefix is optional); malformed text names <paramref name="field"/>.</summary>
    /// <exception cref="ArgumentException">Not an even number of hex digits.</exception>
    public static byte[] Decode(string text, string field = "value")
    {
        ArgumentNullException.ThrowIfNull(text, field);
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        if (digits.Length % 2 != 0 || digits.IndexOfAnyExcept("0123456789abcdefABCDEF") >= 0)
        {
            throw new ArgumentException($"{field}: not hex ('{Shorten(text)}' must be 0x followed by an even number of hex digits).", field);
        }

        return Convert.FromHexString(digits);
    }

    /// <summary>Decodes hex of exactly <paramref name="length"/> bytes.</summary>
    /// <exception cref="ArgumentException">Malformed, or another length.</exception>
    public static byte[] DecodeFixed(string text, int length, string field = "value")
    {
        var bytes = Decode(text, field);
        return bytes.Length == length
            ? bytes
            : throw new ArgumentException($"{field}: expected {length} bytes ({2 * length} hex digits), got {bytes.Length}.", field);
    }

    internal static string Shorten(string text) => text.Length <= 50 ? text : text[..50] + "...";
}
