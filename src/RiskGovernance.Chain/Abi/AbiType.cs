using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>
/// A Solidity ABI type, described by its canonical string (<c>uint256</c>, <c>bytes32[]</c>,
/// <c>(uint256,bytes32[])[]</c>). Parse with <see cref="Parse"/>; encode and decode sequences of
/// values with <see cref="AbiCodec"/>.
/// </summary>
/// <remarks>
/// Values for encoding: integers as <see cref="BigInteger"/> or any CLR integer; <c>address</c> as
/// <see cref="Chain.Address"/> (or its hex string); <c>bool</c>; <c>bytesN</c> and <c>bytes</c> as
/// <c>byte[]</c> (or <see cref="Hash32"/> for bytes32, or a hex string); <c>string</c>; arrays as any
/// <see cref="IEnumerable"/>; tuples as <c>object?[]</c>, any <see cref="IList"/> or a C# tuple.
/// Decoded values are <see cref="BigInteger"/>, <see cref="Chain.Address"/>, <c>bool</c>, <c>byte[]</c>,
/// <c>string</c>, and <c>object?[]</c> for arrays and tuples.
/// </remarks>
public abstract class AbiType : IEquatable<AbiType>
{
    private protected AbiType()
    {
    }

    /// <summary>uint256.</summary>
    public static AbiType Uint256 { get; } = new AbiIntegerType(256, signed: false);

    /// <summary>int256.</summary>
    public static AbiType Int256 { get; } = new AbiIntegerType(256, signed: true);

    /// <summary>address.</summary>
    public static AbiType Address { get; } = new AbiAddressType();

    /// <summary>bool.</summary>
    public static AbiType Bool { get; } = new AbiBoolType();

    /// <summary>bytes32.</summary>
    public static AbiType Bytes32 { get; } = new AbiFixedBytesType(32);

    /// <summary>bytes (dynamic).</summary>
    public static AbiType Bytes { get; } = new AbiBytesType();

    /// <summary>string.</summary>
    public static AbiType String { get; } = new AbiStringType();

    /// <summary>The canonical name used in signatures (<c>uint256</c>, <c>(address,bytes)[]</c>).</summary>
    public abstract string CanonicalName { get; }

    /// <summary>True for types whose encoding is referenced by offset (bytes, string, T[], tuples containing them).</summary>
    public abstract bool IsDynamic { get; }

    /// <summary>Bytes taken in the head of an enclosing tuple: 32 for dynamic types.</summary>
    internal abstract int HeadSize { get; }

    /// <summary>Parses a canonical type string. <c>uint</c>/<c>int</c> are read as uint256/int256.</summary>
    /// <exception cref="ArgumentException">Unknown or malformed type; the message names <paramref name="paramName"/>.</exception>
    public static AbiType Parse(string text, string paramName = "type")
    {
        Preconditions.NotNull(text, paramName);
        var position = 0;
        var type = AbiTypeParser.ParseType(text, ref position, paramName);
        if (position != text.Length)
        {
            throw new ArgumentException($"{paramName}: unexpected '{text[position..]}' after type in '{text}'.", paramName);
        }

        return type;
    }

    /// <summary>A fixed or dynamic array of this type.</summary>
    public AbiType ArrayOf(int? length = null) => new AbiArrayType(this, length);

    /// <summary>Encodes one value of this type.</summary>
    public byte[] Encode(object? value) => AbiCodec.Encode([this], [value]);

    internal abstract byte[] EncodeValue(object? value, string path);

    internal abstract object DecodeValue(ReadOnlySpan<byte> data, int offset, string path);

    /// <inheritdoc/>
    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc/>
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => CanonicalName;

    internal static BigInteger ReadWord(ReadOnlySpan<byte> data, int offset, string path)
    {
        EnsureAvailable(data, offset, 32, path);
        return Hex.FromBigEndian(data.Slice(offset, 32));
    }

    internal static int ReadOffsetOrLength(ReadOnlySpan<byte> data, int offset, string path)
    {
        var value = ReadWord(data, offset, path);
        if (value > data.Length)
        {
            throw new FormatException($"ABI {path}: offset or length {value} exceeds the data length {data.Length}.");
        }

        return (int)value;
    }

    internal static void EnsureAvailable(ReadOnlySpan<byte> data, int offset, int length, string path)
    {
        if (offset < 0 || length < 0 || (long)offset + length > data.Length)
        {
            throw new FormatException($"ABI {path}: needs {length} bytes at offset {offset}, data has {data.Length}.");
        }
    }

    internal static byte[] PadRight(ReadOnlySpan<byte> bytes)
    {
        var padded = new byte[(bytes.Length + 31) / 32 * 32];
        bytes.CopyTo(padded);
        return padded;
    }

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string '{(s.Length > 40 ? s[..40] + "..." : s)}'",
        _ => value.GetType().Name,
    };

    internal static ArgumentException Mismatch(string path, string expected, object? value)
        => new($"{path}: expected {expected}, got {Describe(value)}.", path);

    internal static IReadOnlyList<object?> AsList(object? value, string path, string expected)
    {
        switch (value)
        {
            case null:
            case string:
            case byte[]:
                throw Mismatch(path, expected, value);
            case ITuple tuple:
                var items = new object?[tuple.Length];
                for (var i = 0; i < tuple.Length; i++)
                {
                    items[i] = tuple[i];
                }

                return items;
            case IReadOnlyList<object?> list:
                return list;
            case IEnumerable enumerable:
                return enumerable.Cast<object?>().ToArray();
            default:
                throw Mismatch(path, expected, value);
        }
    }

    internal static BigInteger ToBigInteger(object? value, string path) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte b8 => b8,
        sbyte sb => sb,
        _ => throw Mismatch(path, "an integer (BigInteger, int, long, ...)", value),
    };

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
