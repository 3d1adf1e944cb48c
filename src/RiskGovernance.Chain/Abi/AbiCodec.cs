using System.Globalization;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>
/// Standard ABI encoding (head/tail with offsets) of a sequence of values, as used for function
/// arguments, return data, constructor arguments, event data and error arguments.
/// </summary>
public static class AbiCodec
{
    /// <summary>Encodes <paramref name="values"/> as the tuple of <paramref name="types"/>.</summary>
    /// <exception cref="ArgumentException">A value does not fit its type; the message names its position (<c>args[1][0]</c>).</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        Preconditions.NotNull(types, nameof(types));
        Preconditions.NotNull(values, nameof(values));
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"values: {types.Count} types but {values.Count} values.", nameof(values));
        }

        return EncodeSequence(types, values, "args");
    }

    /// <summary>Encodes values for a parenthesised type list such as <c>"(uint256,bytes32[])"</c> or <c>"uint256,address"</c>.</summary>
    public static byte[] Encode(string typeList, params object?[] values)
        => Encode(ParseTypeList(typeList, nameof(typeList)), values);

    /// <summary>Decodes data as the tuple of <paramref name="types"/>.</summary>
    /// <exception cref="FormatException">The data is too short or not a valid encoding.</exception>
    public static AbiValues Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        Preconditions.NotNull(types, nameof(types));
        return new AbiValues(DecodeSequence(types, data, 0, "result"));
    }

    /// <summary>Decodes data for a type list such as <c>"(uint256,string)"</c>.</summary>
    public static AbiValues Decode(string typeList, ReadOnlySpan<byte> data)
        => Decode(ParseTypeList(typeList, nameof(typeList)), data);

    /// <summary>Parses <c>"(t1,t2)"</c> or <c>"t1,t2"</c> or <c>""</c> into the component types.</summary>
    public static IReadOnlyList<AbiType> ParseTypeList(string typeList, string paramName = "typeList")
    {
        Preconditions.NotNull(typeList, paramName);
        var text = typeList.Trim();
        if (!text.StartsWith('(') || AbiType.Parse(text, paramName) is not AbiTupleType)
        {
            text = "(" + text + ")";
        }

        return ((AbiTupleType)AbiType.Parse(text, paramName)).Components;
    }

    internal static byte[] EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, string path)
    {
        var headLength = types.Sum(t => t.HeadSize);
        var heads = new List<byte>(headLength);
        var tails = new List<byte>();
        for (var i = 0; i < types.Count; i++)
        {
            var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            var encoded = types[i].EncodeValue(values[i], itemPath);
            if (types[i].IsDynamic)
            {
                heads.AddRange(AbiIntegerType.EncodeWord(headLength + tails.Count));
                tails.AddRange(encoded);
            }
            else
            {
                heads.AddRange(encoded);
            }
        }

        heads.AddRange(tails);
        return [.. heads];
    }

    internal static object?[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int start, string path)
    {
        var result = new object?[types.Count];
        var head = start;
        for (var i = 0; i < types.Count; i++)
        {
            var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (types[i].IsDynamic)
            {
                var offset = AbiType.ReadOffsetOrLength(data, head, itemPath);
                result[i] = types[i].DecodeValue(data, start + offset, itemPath);
            }
            else
            {
                result[i] = types[i].DecodeValue(data, head, itemPath);
            }

            head += types[i].HeadSize;
        }

        return result;
    }

    /// <summary>Hex of an encoding, for diagnostics.</summary>
    internal static string ToHex(byte[] data) => Hex.Encode(data);
}
