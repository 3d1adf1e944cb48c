using System.Globalization;
using System.Numerics;

namespace RiskGovernance.Chain.Encoding;

/// <summary>
/// Hexadecimal conversions in the Ethereum conventions: data is an even number of digits with
/// a <c>0x</c> prefix; quantities (JSON-RPC numbers) are <c>0x</c> followed by the shortest
/// digits, <c>0x0</c> for zero.
/// </summary>
public static class Hex
{
    /// <summary>Encodes bytes as lower-case hex, with the <c>0x</c> prefix unless told otherwise.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool withPrefix = true)
    {
        var digits = Convert.ToHexStringLower(bytes);
        return withPrefix ? "0x" + digits : digits;
    }

    /// <summary>
    /// Decodes hex data; the <c>0x</c> prefix is optional, the digit count must be even.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not valid hex; the message names <paramref name="paramName"/>.</exception>
    public static byte[] Decode(string hex, string paramName = "hex")
    {
        Preconditions.NotNull(hex, paramName);
        var digits = StripPrefix(hex);
        if (digits.Length % 2 != 0)
        {
            throw new ArgumentException($"{paramName}: hex data must have an even number of digits (got {digits.Length}).", paramName);
        }

        var index = IndexOfNonHexDigit(digits);
        if (index >= 0)
        {
            throw new ArgumentException($"{paramName}: '{digits[index]}' at position {index} is not a hex digit.", paramName);
        }

        return Convert.FromHexString(digits);
    }

    /// <summary>Decodes hex data that must be exactly <paramref name="length"/> bytes long.</summary>
    public static byte[] DecodeFixed(string hex, int length, string paramName = "hex")
    {
        var bytes = Decode(hex, paramName);
        if (bytes.Length != length)
        {
            throw new ArgumentException($"{paramName}: expected {length} bytes, got {bytes.Length}.", paramName);
        }

        return bytes;
    }

    /// <summary>True when <paramref name="hex"/> is valid hex data (prefix optional, even digit count).</summary>
    public static bool IsValid(string? hex)
    {
        if (hex is null)
        {
            return false;
        }

        var digits = StripPrefix(hex);
        return digits.Length % 2 == 0 && IndexOfNonHexDigit(digits) < 0;
    }

    /// <summary>Encodes a non-negative integer as a JSON-RPC quantity (<c>0x0</c>, <c>0x1a</c>).</summary>
    public static string EncodeQuantity(BigInteger value)
    {
        Preconditions.NonNegative(value, nameof(value));
        if (value.IsZero)
        {
            return "0x0";
        }

        var digits = Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
        return "0x" + digits;
    }

    /// <summary>Decodes a JSON-RPC quantity (<c>0x</c> prefix required, any digit count, no sign).</summary>
    public static BigInteger DecodeQuantity(string hex, string paramName = "hex")
    {
        Preconditions.NotNull(hex, paramName);
        if (!hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length == 2)
        {
            throw new ArgumentException($"{paramName}: a quantity must be 0x followed by hex digits (got '{Shorten(hex)}').", paramName);
        }

        var digits = hex.AsSpan(2);
        var index = IndexOfNonHexDigit(digits);
        if (index >= 0)
        {
            throw new ArgumentException($"{paramName}: '{digits[index]}' at position {index + 2} is not a hex digit.", paramName);
        }

        return BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Big-endian unsigned bytes of a non-negative integer, no leading zeros (zero is empty).</summary>
    public static byte[] ToMinimalBigEndian(BigInteger value)
    {
        Preconditions.NonNegative(value, nameof(value));
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Big-endian unsigned bytes left-padded with zeros to <paramref name="length"/>.</summary>
    public static byte[] ToFixedBigEndian(BigInteger value, int length)
    {
        var minimal = ToMinimalBigEndian(value);
        if (minimal.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"value does not fit in {length} bytes.");
        }

        var result = new byte[length];
        minimal.CopyTo(result, length - minimal.Length);
        return result;
    }

    /// <summary>Reads big-endian unsigned bytes as a non-negative integer.</summary>
    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static ReadOnlySpan<char> StripPrefix(string hex)
        => hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(2) : hex.AsSpan();

    private static int IndexOfNonHexDigit(ReadOnlySpan<char> digits)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
