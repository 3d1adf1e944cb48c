using System.Numerics;

namespace RiskGovernance.Chain.Encoding;

/// <summary>
/// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B). Encoding functions return
/// the encoded item; lists take already-encoded items. Decoding is strict: non-canonical lengths
/// and trailing bytes are rejected.
/// </summary>
public static class Rlp
{
    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }

        var prefix = LengthPrefix(bytes.Length, 0x80);
        var result = new byte[prefix.Length + bytes.Length];
        prefix.CopyTo(result, 0);
        bytes.CopyTo(result.AsSpan(prefix.Length));
        return result;
    }

    /// <summary>Encodes a non-negative integer as its minimal big-endian bytes (zero is 0x80).</summary>
    public static byte[] EncodeQuantity(BigInteger value)
    {
        Preconditions.NonNegative(value, nameof(value));
        return EncodeBytes(Hex.ToMinimalBigEndian(value));
    }

    /// <summary>Encodes a list of already-encoded items.</summary>
    public static byte[] EncodeList(params IReadOnlyList<byte[]> encodedItems)
    {
        Preconditions.NotNull(encodedItems, nameof(encodedItems));
        var payloadLength = 0;
        foreach (var item in encodedItems)
        {
            payloadLength += Preconditions.NotNull(item, nameof(encodedItems)).Length;
        }

        var prefix = LengthPrefix(payloadLength, 0xc0);
        var result = new byte[prefix.Length + payloadLength];
        prefix.CopyTo(result, 0);
        var offset = prefix.Length;
        foreach (var item in encodedItems)
        {
            item.CopyTo(result, offset);
            offset += item.Length;
        }

        return result;
    }

    /// <summary>Decodes exactly one item occupying all of <paramref name="encoded"/>.</summary>
    /// <exception cref="FormatException">Malformed or non-canonical RLP.</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var item = DecodeAt(encoded, 0, out var consumed);
        if (consumed != encoded.Length)
        {
            throw new FormatException($"RLP: {encoded.Length - consumed} trailing bytes after the item.");
        }

        return item;
    }

    private static RlpItem DecodeAt(ReadOnlySpan<byte> data, int offset, out int consumedTo)
    {
        if (offset >= data.Length)
        {
            throw new FormatException("RLP: unexpected end of input.");
        }

        var first = data[offset];
        if (first < 0x80)
        {
            consumedTo = offset + 1;
            return RlpItem.FromBytes([first]);
        }

        if (first < 0xc0)
        {
            var (start, length) = ReadLength(data, offset, 0x80);
            var bytes = data.Slice(start, length).ToArray();
            if (length == 1 && bytes[0] < 0x80)
            {
                throw new FormatException("RLP: a single byte below 0x80 must be encoded as itself.");
            }

            consumedTo = start + length;
            return RlpItem.FromBytes(bytes);
        }

        var (listStart, listLength) = ReadLength(data, offset, 0xc0);
        var end = listStart + listLength;
        var items = new List<RlpItem>();
        var position = listStart;
        while (position < end)
        {
            items.Add(DecodeAt(data[..end], position, out position));
        }

        consumedTo = end;
        return RlpItem.FromList(items);
    }

    private static (int Start, int Length) ReadLength(ReadOnlySpan<byte> data, int offset, byte baseValue)
    {
        var first = data[offset];
        var shortLimit = baseValue + 55;
        int start;
        long length;
        if (first <= shortLimit)
        {
            start = offset + 1;
            length = first - baseValue;
        }
        else
        {
            var lengthOfLength = first - shortLimit;
            if (lengthOfLength > 4 || offset + 1 + lengthOfLength > data.Length)
            {
                throw new FormatException("RLP: length prefix runs past the end of input.");
            }

            if (data[offset + 1] == 0)
            {
                throw new FormatException("RLP: length has leading zeros.");
            }

            length = 0;
            for (var i = 0; i < lengthOfLength; i++)
            {
                length = (length << 8) | data[offset + 1 + i];
            }

            if (length <= 55)
            {
                throw new FormatException("RLP: long form used for a length of 55 or less.");
            }

            start = offset + 1 + lengthOfLength;
        }

        if (start + length > data.Length)
        {
            throw new FormatException("RLP: item runs past the end of input.");
        }

        return (start, (int)length);
    }

    private static byte[] LengthPrefix(int length, byte baseValue)
    {
        if (length <= 55)
        {
            return [(byte)(baseValue + length)];
        }

        var lengthBytes = Hex.ToMinimalBigEndian(length);
        var prefix = new byte[1 + lengthBytes.Length];
        prefix[0] = (byte)(baseValue + 55 + lengthBytes.Length);
        lengthBytes.CopyTo(prefix, 1);
        return prefix;
    }
}

/// <summary>A decoded RLP item: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly IReadOnlyList<RlpItem>? _items;

    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        _bytes = bytes;
        _items = items;
    }

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>The byte string (a copy); throws for a list.</summary>
    public byte[] Bytes => _bytes is not null
        ? (byte[])_bytes.Clone()
        : throw new InvalidOperationException("RLP item is a list, not a byte string.");

    /// <summary>The list items; throws for a byte string.</summary>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new InvalidOperationException("RLP item is a byte string, not a list.");

    /// <summary>The byte string read as a canonical big-endian unsigned integer.</summary>
    public BigInteger AsQuantity()
    {
        var bytes = Bytes;
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new FormatException("RLP: integer has leading zeros.");
        }

        return Hex.FromBigEndian(bytes);
    }

    internal static RlpItem FromBytes(byte[] bytes) => new(bytes, null);

    internal static RlpItem FromList(IReadOnlyList<RlpItem> items) => new(null, items);
}
