using System.Numerics;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Abi;

/// <summary>32-byte ABI words.</summary>
internal static class AbiWords
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;
    private static readonly BigInteger Int256Max = (BigInteger.One << 255) - 1;
    private static readonly BigInteger Int256Min = -(BigInteger.One << 255);

    public static byte[] FromUnsigned(BigInteger value)
    {
        if (value.Sign < 0 || value >= TwoTo256)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} is outside the uint256 range.");
        }

        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    public static byte[] FromSigned(BigInteger value)
    {
        if (value > Int256Max || value < Int256Min)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} is outside the int256 range.");
        }

        return FromUnsigned(value.Sign < 0 ? value + TwoTo256 : value);
    }

    public static byte[] FromBytes32(ReadOnlySpan<byte> value)
    {
        if (value.Length != 32)
        {
            throw new ArgumentException($"bytes32 needs 32 bytes, got {value.Length}.", nameof(value));
        }

        return value.ToArray();
    }

    public static byte[] FromAddress(Address value)
    {
        var word = new byte[32];
        value.ToBytes().CopyTo(word, 12);
        return word;
    }

    public static BigInteger ToUnsigned(ReadOnlySpan<byte> word) => new(word, isUnsigned: true, isBigEndian: true);

    public static BigInteger ToSigned(ReadOnlySpan<byte> word)
    {
        var unsigned = ToUnsigned(word);
        return unsigned > Int256Max ? unsigned - TwoTo256 : unsigned;
    }
}
