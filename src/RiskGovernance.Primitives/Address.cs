using Nethereum.Util;

namespace RiskGovernance.Primitives;

/// <summary>
/// A 20-byte Ethereum account address. <see cref="ToString"/> gives the EIP-55 checksummed form
/// (Nethereum's <see cref="AddressUtil"/>); <see cref="Parse"/> accepts all-lower or all-upper hex,
/// and checks the checksum when the letters are mixed case. <c>default(Address)</c> is the zero address.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(AddressJsonConverter))]
public readonly struct Address : IEquatable<Address>
{
    /// <summary>Length of an address in bytes.</summary>
    public const int Length = 20;

    private readonly byte[]? _bytes;

    private Address(byte[] bytes) => _bytes = bytes;

    /// <summary>The zero address (0x0000...0000).</summary>
    public static Address Zero => default;

    /// <summary>True for the zero address.</summary>
    public bool IsZero => _bytes is null || _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>The 20 bytes, read-only.</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    /// <summary>A copy of the 20 address bytes.</summary>
    public byte[] ToBytes() => _bytes is null ? new byte[Length] : (byte[])_bytes.Clone();

    /// <summary>Creates an address from exactly 20 bytes.</summary>
    /// <exception cref="ArgumentException">Another length; the message names <paramref name="field"/>.</exception>
    public static Address FromBytes(ReadOnlySpan<byte> bytes, string field = "bytes")
        => bytes.Length == Length
            ? new Address(bytes.ToArray())
            : throw new ArgumentException($"{field}: an address is {Length} bytes, got {bytes.Length}.", field);

    /// <summary>Parses <c>0x</c> + 40 hex digits. Mixed-case input must carry a valid EIP-55 checksum.</summary>
    /// <exception cref="ArgumentException">Malformed text or a wrong checksum; the message names <paramref name="field"/>.</exception>
    public static Address Parse(string value, string field = "value")
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (!value.StartsWith("0x", StringComparison.Ordinal) || value.Length != 2 + (2 * Length) || !HexText.IsValid(value))
        {
            throw new ArgumentException($"{field}: an address is 0x followed by 40 hex digits (got '{HexText.Shorten(value)}').", field);
        }

        var digits = value.AsSpan(2);
        if (digits.ContainsAny("abcdef") && digits.ContainsAny("ABCDEF") && !AddressUtil.Current.IsChecksumAddress(value))
        {
            throw new ArgumentException($"{field}: invalid EIP-55 checksum for address '{value}'.", field);
        }

        return new Address(Convert.FromHexString(digits));
    }

    /// <summary>Parses without throwing; false for malformed text or a wrong mixed-case checksum.</summary>
    public static bool TryParse(string? value, out Address address)
    {
        address = default;
        if (value is null)
        {
            return false;
        }

        try
        {
            address = Parse(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Lower-case hex with the 0x prefix (the form JSON-RPC accepts everywhere).</summary>
    public string ToLowerHex() => HexText.Encode(Span);

    /// <summary>The EIP-55 checksummed form.</summary>
    public override string ToString() => AddressUtil.Current.ConvertToChecksumAddress(ToLowerHex());

    /// <inheritdoc/>
    public bool Equals(Address other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Equality of the 20 bytes.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Inequality of the 20 bytes.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
