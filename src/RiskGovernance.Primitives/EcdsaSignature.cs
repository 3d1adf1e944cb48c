using System.Numerics;

namespace RiskGovernance.Primitives;

/// <summary>
/// A 65-byte recoverable secp256k1 signature as wallets give it: r ‖ s ‖ v, with v in {27, 28}
/// (0 and 1 are read as 27 and 28). The value carries no key; recovering the signer is the job of
/// the chain adapters. <see cref="IsLowS"/> is the EIP-2 rule the registry enforces: a signature
/// whose s lies in the upper half of the curve order is the malleable twin of a valid one.
/// </summary>
public sealed record EcdsaSignature
{
    /// <summary>Length in bytes.</summary>
    public const int Length = 65;

    /// <summary>Half the order of secp256k1 (n / 2): the largest s a canonical signature may have.</summary>
    public static readonly BigInteger HalfCurveOrder =
        BigInteger.Parse("57896044618658097711785492504343953926418782139537452191302581570759080747168", System.Globalization.CultureInfo.InvariantCulture);

    private readonly byte[] _bytes;

    private EcdsaSignature(byte[] bytes) => _bytes = bytes;

    /// <summary>r as an unsigned integer.</summary>
    public BigInteger R => new(_bytes.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);

    /// <summary>s as an unsigned integer.</summary>
    public BigInteger S => new(_bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);

    /// <summary>The recovery byte, 27 or 28.</summary>
    public byte V => _bytes[64];

    /// <summary>True when s is in the lower half of the curve order (EIP-2), as the registry requires.</summary>
    public bool IsLowS => S <= HalfCurveOrder;

    /// <summary>Reads 65 bytes r ‖ s ‖ v; v must be 27, 28, 0 or 1 (stored as 27 or 28).</summary>
    /// <exception cref="ArgumentException">Another length or v; the message names <paramref name="field"/>.</exception>
    public static EcdsaSignature FromBytes(ReadOnlySpan<byte> bytes, string field = "signature")
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"{field}: a signature is {Length} bytes (r, s, v), got {bytes.Length}.", field);
        }

        var copy = bytes.ToArray();
        copy[64] = copy[64] switch
        {
            0 or 27 => 27,
            1 or 28 => 28,
            _ => throw new ArgumentException($"{field}: v must be 27 or 28 (was {copy[64]}).", field),
        };
        return new EcdsaSignature(copy);
    }

    /// <summary>Parses 0x + 130 hex digits.</summary>
    /// <exception cref="ArgumentException">Malformed text; the message names <paramref name="field"/>.</exception>
    public static EcdsaSignature Parse(string text, string field = "signature")
        => FromBytes(HexText.Decode(text ?? throw new ArgumentNullException(field, $"{field}: is required."), field), field);

    /// <summary>A copy of the 65 bytes.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>0x-prefixed lower-case hex of the 65 bytes.</summary>
    public override string ToString() => HexText.Encode(_bytes);

    /// <inheritdoc/>
    public bool Equals(EcdsaSignature? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
