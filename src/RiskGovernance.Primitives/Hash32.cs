using Nethereum.Util;

namespace RiskGovernance.Primitives;

/// <summary>
/// A 32-byte value: a transaction or block hash, a signing digest, a params hash, a bytes32 word.
/// <c>default(Hash32)</c> is all zeros. <see cref="Keccak(ReadOnlySpan{byte})"/> is Ethereum's
/// Keccak-256 (Nethereum's <see cref="Sha3Keccack"/>), not the FIPS SHA3-256.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Hash32JsonConverter))]
public readonly struct Hash32 : IEquatable<Hash32>
{
    /// <summary>Length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[]? _bytes;

    private Hash32(byte[] bytes) => _bytes = bytes;

    /// <summary>All zeros.</summary>
    public static Hash32 Zero => default;

    /// <summary>The 32 bytes, read-only.</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    /// <summary>A copy of the 32 bytes.</summary>
    public byte[] ToBytes() => _bytes is null ? new byte[Length] : (byte[])_bytes.Clone();

    /// <summary>Creates a value from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException">Another length; the message names <paramref name="field"/>.</exception>
    public static Hash32 FromBytes(ReadOnlySpan<byte> bytes, string field = "bytes")
        => bytes.Length == Length
            ? new Hash32(bytes.ToArray())
            : throw new ArgumentException($"{field}: expected {Length} bytes, got {bytes.Length}.", field);

    /// <summary>Parses 0x + 64 hex digits (the prefix is optional).</summary>
    /// <exception cref="ArgumentException">Malformed text; the message names <paramref name="field"/>.</exception>
    public static Hash32 Parse(string value, string field = "value") => new(HexText.DecodeFixed(value, Length, field));

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out Hash32 hash)
    {
        hash = default;
        if (value is null || value.Length != 2 + (2 * Length) || !HexText.IsValid(value))
        {
            return false;
        }

        hash = Parse(value);
        return true;
    }

    /// <summary>Keccak-256 of the bytes.</summary>
    public static Hash32 Keccak(ReadOnlySpan<byte> data) => new(Sha3Keccack.Current.CalculateHash(data.ToArray()));

    /// <summary>Keccak-256 of the UTF-8 bytes of the text.</summary>
    public static Hash32 Keccak(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Keccak(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Lower-case hex with the 0x prefix.</summary>
    public override string ToString() => HexText.Encode(Span);

    /// <inheritdoc/>
    public bool Equals(Hash32 other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Equality of the bytes.</summary>
    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    /// <summary>Inequality of the bytes.</summary>
    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
