using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary><c>uintN</c> or <c>intN</c> (N a multiple of 8 up to 256), two's complement for signed.</summary>
public sealed class AbiIntegerType : AbiType
{
    /// <summary>Creates uintN or intN.</summary>
    public AbiIntegerType(int bits, bool signed)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"bits must be a multiple of 8 in [8, 256] (was {bits}).");
        }

        Bits = bits;
        IsSigned = signed;
        Max = signed ? BigInteger.Pow(2, bits - 1) - 1 : BigInteger.Pow(2, bits) - 1;
        Min = signed ? -BigInteger.Pow(2, bits - 1) : BigInteger.Zero;
    }

    /// <summary>Width in bits.</summary>
    public int Bits { get; }

    /// <summary>True for intN.</summary>
    public bool IsSigned { get; }

    /// <summary>Largest representable value.</summary>
    public BigInteger Max { get; }

    /// <summary>Smallest representable value.</summary>
    public BigInteger Min { get; }

    /// <inheritdoc/>
    public override string CanonicalName => (IsSigned ? "int" : "uint") + Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override bool IsDynamic => false;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
    {
        var number = ToBigInteger(value, path);
        if (number < Min || number > Max)
        {
            throw new ArgumentOutOfRangeException(path, $"{path}: {number} is out of range for {CanonicalName}.");
        }

        return EncodeWord(number);
    }

    internal static byte[] EncodeWord(BigInteger number)
    {
        var word = new byte[32];
        if (number.Sign < 0)
        {
            word.AsSpan().Fill(0xff);
        }

        var bytes = number.ToByteArray(isUnsigned: false, isBigEndian: true);
        if (bytes.Length > 32)
        {
            // Positive 256-bit values carry a leading 0x00 sign byte.
            bytes = bytes[^32..];
        }

        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        EnsureAvailable(data, offset, 32, path);
        var word = data.Slice(offset, 32);
        var value = IsSigned ? new BigInteger(word, isUnsigned: false, isBigEndian: true) : new BigInteger(word, isUnsigned: true, isBigEndian: true);
        if (value < Min || value > Max)
        {
            throw new FormatException($"ABI {path}: word is not a valid {CanonicalName}.");
        }

        return value;
    }
}

/// <summary><c>address</c>: 20 bytes left-padded to a word.</summary>
public sealed class AbiAddressType : AbiType
{
    /// <inheritdoc/>
    public override string CanonicalName => "address";

    /// <inheritdoc/>
    public override bool IsDynamic => false;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
    {
        var address = value switch
        {
            Address a => a,
            string s => Chain.Address.Parse(s, path),
            _ => throw Mismatch(path, "an Address", value),
        };
        var word = new byte[32];
        address.Span.CopyTo(word.AsSpan(12));
        return word;
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        EnsureAvailable(data, offset, 32, path);
        if (data.Slice(offset, 12).IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new FormatException($"ABI {path}: address word has non-zero high bytes.");
        }

        return Chain.Address.FromBytes(data.Slice(offset + 12, 20));
    }
}

/// <summary><c>bool</c>: 0 or 1 in a word.</summary>
public sealed class AbiBoolType : AbiType
{
    /// <inheritdoc/>
    public override string CanonicalName => "bool";

    /// <inheritdoc/>
    public override bool IsDynamic => false;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
        => value is bool b ? AbiIntegerType.EncodeWord(b ? 1 : 0) : throw Mismatch(path, "a bool", value);

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        var word = ReadWord(data, offset, path);
        return word.IsZero ? false : word.IsOne ? true : throw new FormatException($"ABI {path}: bool word is neither 0 nor 1.");
    }
}

/// <summary><c>bytesN</c> (1..32): right-padded to a word.</summary>
public sealed class AbiFixedBytesType : AbiType
{
    /// <summary>Creates bytesN.</summary>
    public AbiFixedBytesType(int size)
    {
        if (size is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"size must be in [1, 32] (was {size}).");
        }

        Size = size;
    }

    /// <summary>N.</summary>
    public int Size { get; }

    /// <inheritdoc/>
    public override string CanonicalName => "bytes" + Size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override bool IsDynamic => false;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
    {
        var bytes = value switch
        {
            byte[] b => b,
            ReadOnlyMemory<byte> m => m.ToArray(),
            Hash32 h => h.ToBytes(),
            string s => Hex.Decode(s, path),
            _ => throw Mismatch(path, $"{Size} bytes", value),
        };
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"{path}: {CanonicalName} needs exactly {Size} bytes, got {bytes.Length}.", path);
        }

        return PadRight(bytes);
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        EnsureAvailable(data, offset, 32, path);
        return data.Slice(offset, Size).ToArray();
    }
}

/// <summary><c>bytes</c>: length word then right-padded data.</summary>
public sealed class AbiBytesType : AbiType
{
    /// <inheritdoc/>
    public override string CanonicalName => "bytes";

    /// <inheritdoc/>
    public override bool IsDynamic => true;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
    {
        var bytes = value switch
        {
            byte[] b => b,
            ReadOnlyMemory<byte> m => m.ToArray(),
            Hash32 h => h.ToBytes(),
            string s => Hex.Decode(s, path),
            _ => throw Mismatch(path, "bytes (byte[])", value),
        };
        return [.. AbiIntegerType.EncodeWord(bytes.Length), .. PadRight(bytes)];
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        var length = ReadOffsetOrLength(data, offset, path);
        EnsureAvailable(data, offset + 32, length, path);
        return data.Slice(offset + 32, length).ToArray();
    }
}

/// <summary><c>string</c>: UTF-8 bytes encoded as <c>bytes</c>.</summary>
public sealed class AbiStringType : AbiType
{
    /// <inheritdoc/>
    public override string CanonicalName => "string";

    /// <inheritdoc/>
    public override bool IsDynamic => true;

    internal override int HeadSize => 32;

    internal override byte[] EncodeValue(object? value, string path)
    {
        if (value is not string text)
        {
            throw Mismatch(path, "a string", value);
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return [.. AbiIntegerType.EncodeWord(bytes.Length), .. PadRight(bytes)];
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        var length = ReadOffsetOrLength(data, offset, path);
        EnsureAvailable(data, offset + 32, length, path);
        return System.Text.Encoding.UTF8.GetString(data.Slice(offset + 32, length));
    }
}

/// <summary><c>T[k]</c> (fixed) or <c>T[]</c> (dynamic).</summary>
public sealed class AbiArrayType : AbiType
{
    /// <summary>Creates T[] (<paramref name="length"/> null) or T[length].</summary>
    public AbiArrayType(AbiType element, int? length)
    {
        Element = Preconditions.NotNull(element, nameof(element));
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"length must be >= 0 (was {length}).");
        }

        Length = length;
    }

    /// <summary>The element type.</summary>
    public AbiType Element { get; }

    /// <summary>The fixed length, or null for a dynamic array.</summary>
    public int? Length { get; }

    /// <inheritdoc/>
    public override string CanonicalName => Element.CanonicalName + "[" + (Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty) + "]";

    /// <inheritdoc/>
    public override bool IsDynamic => Length is null || Element.IsDynamic;

    internal override int HeadSize => IsDynamic ? 32 : Length!.Value * Element.HeadSize;

    internal override byte[] EncodeValue(object? value, string path)
    {
        var items = AsList(value, path, $"a list for {CanonicalName}");
        if (Length is { } fixedLength && items.Count != fixedLength)
        {
            throw new ArgumentException($"{path}: {CanonicalName} needs exactly {fixedLength} elements, got {items.Count}.", path);
        }

        var types = Enumerable.Repeat(Element, items.Count).ToArray();
        var body = AbiCodec.EncodeSequence(types, items, path);
        return Length is null ? [.. AbiIntegerType.EncodeWord(items.Count), .. body] : body;
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
    {
        int count;
        var start = offset;
        if (Length is { } fixedLength)
        {
            count = fixedLength;
        }
        else
        {
            count = ReadOffsetOrLength(data, offset, path);
            start = offset + 32;
        }

        var types = Enumerable.Repeat(Element, count).ToArray();
        return AbiCodec.DecodeSequence(types, data, start, path);
    }
}

/// <summary>A tuple <c>(T1,T2,...)</c> (a Solidity struct).</summary>
public sealed class AbiTupleType : AbiType
{
    /// <summary>Creates a tuple of the component types.</summary>
    public AbiTupleType(IReadOnlyList<AbiType> components)
    {
        Preconditions.NotNull(components, nameof(components));
        Components = [.. components.Select(c => Preconditions.NotNull(c, nameof(components)))];
    }

    /// <summary>The component types in order.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <inheritdoc/>
    public override string CanonicalName => "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")";

    /// <inheritdoc/>
    public override bool IsDynamic => Components.Any(c => c.IsDynamic);

    internal override int HeadSize => IsDynamic ? 32 : Components.Sum(c => c.HeadSize);

    internal override byte[] EncodeValue(object? value, string path)
    {
        var items = AsList(value, path, $"a tuple (object?[]) for {CanonicalName}");
        if (items.Count != Components.Count)
        {
            throw new ArgumentException($"{path}: {CanonicalName} has {Components.Count} components, got {items.Count} values.", path);
        }

        return AbiCodec.EncodeSequence(Components, items, path);
    }

    internal override object DecodeValue(ReadOnlySpan<byte> data, int offset, string path)
        => AbiCodec.DecodeSequence(Components, data, offset, path);
}
