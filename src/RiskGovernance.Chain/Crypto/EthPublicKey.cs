using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Crypto;

/// <summary>A secp256k1 public key (a point on the curve).</summary>
public sealed class EthPublicKey : IEquatable<EthPublicKey>
{
    private readonly ECPoint _point;

    private EthPublicKey(ECPoint point)
    {
        _point = point.Normalize();
        Address = Address.FromPublicKey(this);
    }

    /// <summary>The Ethereum address of this key.</summary>
    public Address Address { get; }

    internal ECPoint Point => _point;

    internal static EthPublicKey FromPoint(ECPoint point) => new(point);

    /// <summary>
    /// Reads a public key: 64 bytes (x || y), 65 bytes (0x04 || x || y) or 33 bytes (compressed).
    /// </summary>
    public static EthPublicKey FromBytes(ReadOnlySpan<byte> bytes, string paramName = "bytes")
    {
        byte[] encoded = bytes.Length switch
        {
            64 => [0x04, .. bytes],
            65 or 33 => bytes.ToArray(),
            _ => throw new ArgumentException($"{paramName}: a public key is 33, 64 or 65 bytes, got {bytes.Length}.", paramName),
        };
        try
        {
            var point = Secp256k1.Curve.Curve.DecodePoint(encoded);
            if (point.IsInfinity || !point.IsValid())
            {
                throw new ArgumentException($"{paramName}: not a point on secp256k1.", paramName);
            }

            return new EthPublicKey(point);
        }
        catch (ArgumentException ex) when (ex.ParamName != paramName)
        {
            throw new ArgumentException($"{paramName}: not a valid secp256k1 public key ({ex.Message}).", paramName, ex);
        }
    }

    /// <summary>The uncompressed encoding, with or without the 0x04 prefix.</summary>
    public byte[] ToUncompressedBytes(bool withPrefix = true)
    {
        var encoded = _point.GetEncoded(compressed: false);
        return withPrefix ? encoded : encoded[1..];
    }

    /// <summary>
    /// Verifies a signature of a 32-byte digest. High-s signatures are rejected (EIP-2).
    /// </summary>
    public bool Verify(Hash32 digest, EthSignature signature)
    {
        Preconditions.NotNull(signature, nameof(signature));
        if (!signature.IsLowS)
        {
            return false;
        }

        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(_point, Secp256k1.Domain));
        return verifier.VerifySignature(digest.ToBytes(), Secp256k1.ToBouncy(signature.R), Secp256k1.ToBouncy(signature.S));
    }

    /// <summary>
    /// Recovers the public key that made <paramref name="signature"/> over <paramref name="digest"/>
    /// (SEC1 v2, 4.1.6). High-s signatures are rejected.
    /// </summary>
    /// <exception cref="ArgumentException">The signature has a high s or recovers no key.</exception>
    public static EthPublicKey Recover(Hash32 digest, EthSignature signature)
    {
        Preconditions.NotNull(signature, nameof(signature));
        if (!signature.IsLowS)
        {
            throw new ArgumentException("signature: s is in the upper half of the curve order (EIP-2 forbids it).", nameof(signature));
        }

        return RecoverUnchecked(digest.Span, Secp256k1.ToBouncy(signature.R), Secp256k1.ToBouncy(signature.S), signature.YParity)
            ?? throw new ArgumentException("signature: no public key recovers from this signature.", nameof(signature));
    }

    internal static EthPublicKey? RecoverUnchecked(ReadOnlySpan<byte> digest, BigInteger r, BigInteger s, int recoveryId)
    {
        var n = Secp256k1.N;
        var x = r; // j = 0: x = r (r + n would exceed the field prime for all practical signatures)
        var fieldPrime = Secp256k1.Curve.Curve.Field.Characteristic;
        if (x.CompareTo(fieldPrime) >= 0)
        {
            return null;
        }

        var xBytes = x.ToByteArrayUnsigned();
        var compressed = new byte[33];
        compressed[0] = (byte)(recoveryId == 0 ? 0x02 : 0x03);
        xBytes.CopyTo(compressed, 33 - xBytes.Length);
        ECPoint pointR;
        try
        {
            pointR = Secp256k1.Curve.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!pointR.Multiply(n).IsInfinity)
        {
            return null;
        }

        var e = new BigInteger(1, digest.ToArray());
        var rInverse = r.ModInverse(n);
        var minusE = e.Negate().Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(
            Secp256k1.Curve.G, minusE.Multiply(rInverse).Mod(n),
            pointR, s.Multiply(rInverse).Mod(n));
        return q.IsInfinity ? null : new EthPublicKey(q);
    }

    /// <inheritdoc/>
    public bool Equals(EthPublicKey? other) => other is not null && _point.Equals(other._point);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EthPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Address.GetHashCode();

    /// <summary>The uncompressed key as hex (0x04...).</summary>
    public override string ToString() => Hex.Encode(ToUncompressedBytes());
}
