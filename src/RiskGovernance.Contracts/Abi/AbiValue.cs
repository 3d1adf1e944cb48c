using System.Numerics;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Abi;

/// <summary>
/// A value in the Solidity ABI, enough for the registry's functions: static words, bytes,
/// dynamic arrays and tuples (head/tail encoding of the ABI specification).
/// </summary>
internal abstract record AbiValue
{
    public abstract bool IsDynamic { get; }

    public abstract byte[] Encode();

    public static AbiValue Int256(BigInteger value) => new AbiWord(AbiWords.FromSigned(value));

    public static AbiValue UInt256(BigInteger value) => new AbiWord(AbiWords.FromUnsigned(value));

    public static AbiValue Bytes32(ReadOnlySpan<byte> value) => new AbiWord(AbiWords.FromBytes32(value));

    public static AbiValue Bytes32(Hash32 value) => Bytes32(value.ToBytes());

    public static AbiValue Address(Address value) => new AbiWord(AbiWords.FromAddress(value));

    public static AbiValue Bytes(ReadOnlySpan<byte> value) => new AbiBytes(value.ToArray());

    public static AbiValue Array(IEnumerable<AbiValue> items) => new AbiArray([.. items]);

    public static AbiValue Tuple(params AbiValue[] items) => new AbiTuple(items);

    /// <summary>selector ++ encode(args as a tuple).</summary>
    public static byte[] EncodeCall(byte[] selector, params AbiValue[] args)
    {
        var body = new AbiTuple(args).Encode();
        var call = new byte[4 + body.Length];
        selector.AsSpan(0, 4).CopyTo(call);
        body.CopyTo(call, 4);
        return call;
    }

    internal static byte[] EncodeSequence(IReadOnlyList<AbiValue> items)
    {
        var headSize = items.Sum(i => i.IsDynamic ? 32 : i.Encode().Length);
        using var head = new MemoryStream();
        using var tail = new MemoryStream();
        foreach (var item in items)
        {
            var encoded = item.Encode();
            if (item.IsDynamic)
            {
                head.Write(AbiWords.FromUnsigned(headSize + tail.Length));
                tail.Write(encoded);
            }
            else
            {
                head.Write(encoded);
            }
        }

        head.Write(tail.ToArray());
        return head.ToArray();
    }
}

internal sealed record AbiWord(byte[] Word) : AbiValue
{
    public override bool IsDynamic => false;

    public override byte[] Encode() => (byte[])Word.Clone();
}

internal sealed record AbiBytes(byte[] Value) : AbiValue
{
    public override bool IsDynamic => true;

    public override byte[] Encode()
    {
        var padded = (Value.Length + 31) / 32 * 32;
        var result = new byte[32 + padded];
        AbiWords.FromUnsigned(Value.Length).CopyTo(result, 0);
        Value.CopyTo(result, 32);
        return result;
    }
}

internal sealed record AbiArray(IReadOnlyList<AbiValue> Items) : AbiValue
{
    public override bool IsDynamic => true;

    public override byte[] Encode() => [.. AbiWords.FromUnsigned(Items.Count), .. EncodeSequence(Items)];
}

internal sealed record AbiTuple(IReadOnlyList<AbiValue> Items) : AbiValue
{
    public override bool IsDynamic => Items.Any(i => i.IsDynamic);

    public override byte[] Encode() => EncodeSequence(Items);
}
