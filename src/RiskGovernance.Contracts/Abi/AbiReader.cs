using System.Numerics;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Abi;

/// <summary>
/// Reads ABI-encoded data strictly: every offset and length is checked against the buffer, and
/// padding of addresses and small integers must be zero.
/// </summary>
internal sealed class AbiReader
{
    private readonly byte[] _data;
    private readonly int _start;

    public AbiReader(byte[] data, int start = 0)
    {
        _data = data;
        _start = start;
    }

    public ReadOnlySpan<byte> Word(int index)
    {
        var at = _start + checked(index * 32);
        if (index < 0 || at + 32 > _data.Length)
        {
            throw new FormatException($"ABI data too short: word {index} at byte {at} of {_data.Length}.");
        }

        return _data.AsSpan(at, 32);
    }

    public BigInteger UInt256(int index) => AbiWords.ToUnsigned(Word(index));

    public BigInteger Int256(int index) => AbiWords.ToSigned(Word(index));

    public byte[] Bytes32(int index) => Word(index).ToArray();

    public Hash32 Hash(int index) => Hash32.FromBytes(Word(index));

    public bool Bool(int index) => SmallUInt(index, 1) == 1;

    public int SmallUInt(int index, int max)
    {
        var value = UInt256(index);
        if (value > max)
        {
            throw new FormatException($"ABI word {index} = {value} exceeds {max}.");
        }

        return (int)value;
    }

    public Address Address(int index)
    {
        var word = Word(index);
        if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new FormatException($"ABI word {index} is not a clean address.");
        }

        return Chain.Address.FromBytes(word[12..]);
    }

    /// <summary>The reader positioned at the dynamic value whose offset is in word <paramref name="index"/>.</summary>
    public AbiReader Dynamic(int index)
    {
        var offset = UInt256(index);
        if (offset > _data.Length - _start)
        {
            throw new FormatException($"ABI offset {offset} in word {index} points outside the data.");
        }

        return new AbiReader(_data, _start + (int)offset);
    }

    /// <summary>Length-prefixed array at this position: (count, reader over the items).</summary>
    public (int Count, AbiReader Items) Array(int maxCount = 100_000)
    {
        var count = UInt256(0);
        if (count > maxCount || _start + 32 + (count * 32) > _data.Length)
        {
            throw new FormatException($"ABI array length {count} does not fit the data.");
        }

        return ((int)count, new AbiReader(_data, _start + 32));
    }

    /// <summary>Length-prefixed bytes at this position.</summary>
    public byte[] Bytes()
    {
        var length = UInt256(0);
        if (length > _data.Length - _start - 32)
        {
            throw new FormatException($"ABI bytes length {length} does not fit the data.");
        }

        return _data.AsSpan(_start + 32, (int)length).ToArray();
    }
}
