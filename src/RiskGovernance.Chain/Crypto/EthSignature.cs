using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Crypto;

/// <summary>
/// A recoverable secp256k1 signature: (r, s) plus the y parity of R (the recovery id, 0 or 1).
/// Signatures made here always have a low s (s &lt;= n/2).
/// </summary>
public sealed record EthSignature
{
    private static readonly BigInteger CurveOrder = Secp256k1.FromBouncy(Secp256k1.N);

    /// <summary>Creates a signature, checking 0 &lt; r, s &lt; n and yParity in {0, 1}.</summary>
    public EthSignature(BigInteger r, BigInteger s, int yParity)
    {
        if (r.Sign <= 0 || r >= CurveOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(r), "r must be in [1, n-1].");
        }

        if (s.Sign <= 0 || s >= CurveOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "s must be in [1, n-1].");
        }

        if (yParity is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(yParity), $"yParity must be 0 or 1 (was {yParity}).");
        }

        R = r;
        S = s;
        YParity = yParity;
    }

    /// <summary>The r value.</summary>
    public BigInteger R { get; }

    /// <summary>The s value.</summary>
    public BigInteger S { get; }

    /// <summary>The recovery id (y parity of R), 0 or 1.</summary>
    public int YParity { get; }

    /// <summary>True when s is in the lower half of the curve order (EIP-2).</summary>
    public bool IsLowS => S <= CurveOrder / 2;

    /// <summary>v as used by personal_sign and EIP-712 signatures: 27 or 28.</summary>
    public int V => 27 + YParity;

    /// <summary>The 65-byte form r || s || v with v = 27/28 (the form wallets and EIP-1271 contracts use).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[65];
        Hex.ToFixedBigEndian(R, 32).CopyTo(bytes, 0);
        Hex.ToFixedBigEndian(S, 32).CopyTo(bytes, 32);
        bytes[64] = (byte)V;
        return bytes;
    }

    /// <summary>The 65-byte form as 0x-prefixed hex.</summary>
    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>Reads r || s || v (65 bytes); v may be 0, 1, 27 or 28.</summary>
    public static EthSignature FromBytes(ReadOnlySpan<byte> bytes, string paramName = "signature")
    {
        if (bytes.Length != 65)
        {
            throw new ArgumentException($"{paramName}: a signature is 65 bytes (r, s, v), got {bytes.Length}.", paramName);
        }

        var v = bytes[64];
        var parity = v switch
        {
            0 or 27 => 0,
            1 or 28 => 1,
            _ => throw new ArgumentException($"{paramName}: v must be 0, 1, 27 or 28 (was {v}).", paramName),
        };
        var r = Hex.FromBigEndian(bytes[..32]);
        var s = Hex.FromBigEndian(bytes[32..64]);
        if (r.IsZero || r >= CurveOrder || s.IsZero || s >= CurveOrder)
        {
            throw new ArgumentException($"{paramName}: r and s must be in [1, n-1].", paramName);
        }

        return new EthSignature(r, s, parity);
    }

    /// <summary>Parses the 65-byte hex form.</summary>
    public static EthSignature Parse(string hex, string paramName = "signature")
        => FromBytes(Hex.Decode(hex, paramName), paramName);
}
