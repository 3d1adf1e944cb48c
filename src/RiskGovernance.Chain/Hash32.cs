using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain;

/// <summary>
/// A 32-byte value: a transaction or block hash, a signing digest, a log topic, a bytes32 word.
/// <c>default(Hash32)</c> is all zeros.
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

    internal ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    /// <summary>A copy of the 32 bytes.</summary>
    public byte[] ToBytes() => _bytes is null ? new byte[Length] : (byte[])_bytes.Clone();

    /// <summary>Creates a value from exactly 32 bytes.</summary>
    public static Hash32 FromBytes(ReadOnlySpan<byte> bytes, string paramName = "bytes")
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"{paramName}: expected {Length} bytes, got {bytes.Length}.", paramName);
        }

        return new Hash32(bytes.ToArray());
    }

    /// <summary>Parses 0x + 64 hex digits (prefix optional).</summary>
    public static Hash32 Parse(string value, string paramName = "value")
        => new(Hex.DecodeFixed(value, Length, paramName));

    /// <summary>Keccak-256 of the bytes.</summary>
    public static Hash32 Keccak(ReadOnlySpan<byte> data) => new(Crypto.Keccak256.Hash(data));

    /// <summary>Keccak-256 of the UTF-8 bytes of the text.</summary>
    public static Hash32 Keccak(string text) => new(Crypto.Keccak256.Hash(text));

    /// <summary>Lower-case hex with the 0x prefix.</summary>
    public override string ToString() => Hex.Encode(Span);

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
