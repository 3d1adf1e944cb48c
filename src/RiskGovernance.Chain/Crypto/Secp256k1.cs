using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace RiskGovernance.Chain.Crypto;

/// <summary>The secp256k1 curve parameters (immutable, shared).</summary>
internal static class Secp256k1
{
    public static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    public static readonly BigInteger N = Curve.N;

    public static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    public static BigInteger ToBouncy(System.Numerics.BigInteger value)
        => new(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));

    public static System.Numerics.BigInteger FromBouncy(BigInteger value)
        => new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
}
