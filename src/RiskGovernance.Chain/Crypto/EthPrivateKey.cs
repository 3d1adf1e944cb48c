using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Crypto;

/// <summary>
/// A secp256k1 private key. Signs 32-byte digests deterministically (RFC 6979 with HMAC-SHA256),
/// normalises s to the lower half and finds the recovery id. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class EthPrivateKey
{
    private readonly Org.BouncyCastle.Math.BigInteger _d;

    private EthPrivateKey(Org.BouncyCastle.Math.BigInteger d)
    {
        _d = d;
        PublicKey = EthPublicKey.FromPoint(Secp256k1.Curve.G.Multiply(d));
    }

    /// <summary>The matching public key.</summary>
    public EthPublicKey PublicKey { get; }

    /// <summary>The address of this key.</summary>
    public Address Address => PublicKey.Address;

    /// <summary>Creates a key from 32 bytes; the scalar must be in [1, n-1].</summary>
    public static EthPrivateKey FromBytes(ReadOnlySpan<byte> bytes, string paramName = "bytes")
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"{paramName}: a private key is 32 bytes, got {bytes.Length}.", paramName);
        }

        var d = new Org.BouncyCastle.Math.BigInteger(1, bytes.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException($"{paramName}: a private key must be in [1, n-1] of secp256k1.", paramName);
        }

        return new EthPrivateKey(d);
    }

    /// <summary>Parses 64 hex digits (0x prefix optional). The message on error never echoes the key.</summary>
    public static EthPrivateKey Parse(string hex, string paramName = "hex")
    {
        Preconditions.NotNull(hex, paramName);
        var trimmed = hex.Trim();
        if (!Hex.IsValid(trimmed))
        {
            throw new ArgumentException($"{paramName}: a private key must be hex.", paramName);
        }

        return FromBytes(Hex.Decode(trimmed, paramName), paramName);
    }

    /// <summary>The 32 key bytes. Handle with care: never log or persist them.</summary>
    public byte[] ExportBytes() => Hex.ToFixedBigEndian(Secp256k1.FromBouncy(_d), 32);

    /// <summary>Signs a 32-byte digest: RFC 6979, low s, recovery id found by trial (0 then 1).</summary>
    public EthSignature Sign(Hash32 digest)
    {
        var hash = digest.ToBytes();
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(_d, Secp256k1.Domain));
        var rs = signer.GenerateSignature(hash);
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.N.Subtract(s);
        }

        for (var recoveryId = 0; recoveryId < 2; recoveryId++)
        {
            var recovered = EthPublicKey.RecoverUnchecked(hash, r, s, recoveryId);
            if (recovered is not null && recovered.Equals(PublicKey))
            {
                return new EthSignature(Secp256k1.FromBouncy(r), Secp256k1.FromBouncy(s), recoveryId);
            }
        }

        throw new InvalidOperationException("No recovery id reproduces the signing key; the signature is unusable.");
    }

    /// <summary>Shows the address only, never the key.</summary>
    public override string ToString() => $"EthPrivateKey({Address})";
}
