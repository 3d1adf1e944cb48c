using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain;

/// <summary>
/// A 20-byte Ethereum account address. <see cref="ToString"/> gives the EIP-55 checksummed form;
/// <see cref="Parse"/> accepts all-lower or all-upper hex, and validates the checksum when the
/// letters are mixed case. <c>default(Address)</c> is the zero address.
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

    /// <summary>A copy of the 20 address bytes.</summary>
    public byte[] ToBytes() => _bytes is null ? new byte[Length] : (byte[])_bytes.Clone();

    internal ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    /// <summary>Creates an address from exactly 20 bytes.</summary>
    public static Address FromBytes(ReadOnlySpan<byte> bytes, string paramName = "bytes")
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"{paramName}: an address is {Length} bytes, got {bytes.Length}.", paramName);
        }

        return new Address(bytes.ToArray());
    }

    /// <summary>
    /// Parses <c>0x</c> + 40 hex digits. Mixed-case input must carry a valid EIP-55 checksum.
    /// </summary>
    /// <exception cref="ArgumentException">Malformed text or a wrong checksum; the message names <paramref name="paramName"/>.</exception>
    public static Address Parse(string value, string paramName = "value")
    {
        Preconditions.NotNull(value, paramName);
        if (!value.StartsWith("0x", StringComparison.Ordinal) || value.Length != 2 + (2 * Length))
        {
            throw new ArgumentException($"{paramName}: an address is 0x followed by 40 hex digits (got '{Shorten(value)}').", paramName);
        }

        var bytes = Hex.Decode(value, paramName);
        var digits = value.AsSpan(2);
        var hasLower = digits.ContainsAny("abcdef");
        var hasUpper = digits.ContainsAny("ABCDEF");
        var address = new Address(bytes);
        if (hasLower && hasUpper && !string.Equals(address.ToString(), value, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{paramName}: invalid EIP-55 checksum for address '{value}'.", paramName);
        }

        return address;
    }

    /// <summary>Parses without throwing; false for malformed text or a wrong mixed-case checksum.</summary>
    public static bool TryParse(string? value, out Address address)
    {
        address = default;
        if (value is null || !value.StartsWith("0x", StringComparison.Ordinal) || value.Length != 42 || !Hex.IsValid(value))
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

    /// <summary>The address of a public key: the last 20 bytes of keccak(x || y).</summary>
    public static Address FromPublicKey(EthPublicKey publicKey)
    {
        Preconditions.NotNull(publicKey, nameof(publicKey));
        var hash = Keccak256.Hash(publicKey.ToUncompressedBytes(withPrefix: false));
        return new Address(hash[12..]);
    }

    /// <summary>The address of a contract created by <paramref name="deployer"/> with <paramref name="nonce"/> (CREATE).</summary>
    public static Address ForCreate(Address deployer, System.Numerics.BigInteger nonce)
    {
        var encoded = Rlp.EncodeList(Rlp.EncodeBytes(deployer.Span), Rlp.EncodeQuantity(nonce));
        return new Address(Keccak256.Hash(encoded)[12..]);
    }

    /// <summary>Lower-case hex with the 0x prefix (the form JSON-RPC accepts everywhere).</summary>
    public string ToLowerHex() => Hex.Encode(Span);

    /// <summary>The EIP-55 checksummed form.</summary>
    public override string ToString()
    {
        var lower = Hex.Encode(Span, withPrefix: false);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[2 + lower.Length];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f;
            chars[i + 2] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }

        return new string(chars);
    }

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

    private static string Shorten(string text) => text.Length <= 50 ? text : text[..50] + "...";
}
