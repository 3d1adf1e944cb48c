using System.Globalization;
using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>What kind of revert data was seen.</summary>
public enum RevertKind
{
    /// <summary>No data (a bare <c>revert()</c> or out of gas).</summary>
    Empty,

    /// <summary><c>Error(string)</c> from require/revert with a message.</summary>
    ErrorString,

    /// <summary><c>Panic(uint256)</c> from assert, overflow, etc.</summary>
    Panic,

    /// <summary>A custom error known to the decoder.</summary>
    CustomError,

    /// <summary>Data whose selector is not known.</summary>
    Unknown,
}

/// <summary>Decoded revert data: kind, error name, arguments and the raw bytes.</summary>
public sealed class RevertReason
{
    private readonly byte[] _data;

    internal RevertReason(RevertKind kind, string? errorName, AbiValues arguments, byte[] data)
    {
        Kind = kind;
        ErrorName = errorName;
        Arguments = arguments;
        _data = data;
    }

    /// <summary>The kind of revert.</summary>
    public RevertKind Kind { get; }

    /// <summary>The error name (<c>Error</c>, <c>Panic</c>, or the custom error's), null when empty or unknown.</summary>
    public string? ErrorName { get; }

    /// <summary>The decoded arguments (empty when unknown).</summary>
    public AbiValues Arguments { get; }

    /// <summary>The raw revert data.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The 4-byte selector as hex, or null when there is less than 4 bytes of data.</summary>
    public string? SelectorHex => _data.Length >= 4 ? Hex.Encode(_data.AsSpan(0, 4)) : null;

    /// <summary>A one-line description, e.g. <c>NotProposer(0xf39F...)</c>, <c>Error("too late")</c>, <c>Panic(0x11: arithmetic overflow)</c>.</summary>
    public string Message => Kind switch
    {
        RevertKind.Empty => "reverted without data",
        RevertKind.ErrorString => $"Error(\"{Arguments[0]}\")",
        RevertKind.Panic => $"Panic(0x{((BigInteger)Arguments[0]!).ToString("x2", CultureInfo.InvariantCulture)}: {PanicDescription((BigInteger)Arguments[0]!)})",
        RevertKind.CustomError => $"{ErrorName}({string.Join(", ", Arguments.Select(Format))})",
        _ => $"unknown error {SelectorHex ?? Hex.Encode(_data)}",
    };

    /// <inheritdoc/>
    public override string ToString() => Message;

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        string s => $"\"{s}\"",
        object?[] items => "[" + string.Join(", ", items.Select(Format)) + "]",
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        null => "null",
        _ => value.ToString() ?? string.Empty,
    };

    private static string PanicDescription(BigInteger code) => (int)(code > 0xff ? 0 : code) switch
    {
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "bad storage byte array",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to zero-initialised function",
        _ => "panic",
    };
}

/// <summary>
/// Decodes revert data against a set of known custom errors plus the built-in
/// <c>Error(string)</c> and <c>Panic(uint256)</c>. Immutable.
/// </summary>
public sealed class RevertDecoder
{
    private readonly IReadOnlyList<AbiError> _errors;

    /// <summary>Creates a decoder for these custom errors.</summary>
    public RevertDecoder(IEnumerable<AbiError> customErrors)
        => _errors = [.. Preconditions.NotNull(customErrors, nameof(customErrors))];

    /// <summary>A decoder that knows only the built-in errors.</summary>
    public static RevertDecoder BuiltInOnly { get; } = new([]);

    /// <summary>Creates a decoder from error signatures (<c>"Unauthorized(address)"</c>, ...).</summary>
    public static RevertDecoder FromSignatures(params string[] signatures)
        => new(Preconditions.NotNull(signatures, nameof(signatures)).Select(s => AbiError.Parse(s, nameof(signatures))));

    /// <summary>The known custom errors.</summary>
    public IReadOnlyList<AbiError> CustomErrors => _errors;

    /// <summary>Decodes revert data; never throws for well-formed hex (unknown or malformed data gives <see cref="RevertKind.Unknown"/>).</summary>
    public RevertReason Decode(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        if (copy.Length == 0)
        {
            return new RevertReason(RevertKind.Empty, null, new AbiValues([]), copy);
        }

        try
        {
            if (AbiError.ErrorString.Matches(copy))
            {
                return new RevertReason(RevertKind.ErrorString, "Error", AbiError.ErrorString.DecodeArguments(copy), copy);
            }

            if (AbiError.Panic.Matches(copy))
            {
                return new RevertReason(RevertKind.Panic, "Panic", AbiError.Panic.DecodeArguments(copy), copy);
            }

            foreach (var error in _errors)
            {
                if (error.Matches(copy))
                {
                    return new RevertReason(RevertKind.CustomError, error.Name, error.DecodeArguments(copy), copy);
                }
            }
        }
        catch (FormatException)
        {
            // A selector matched but the arguments do not decode: report as unknown with the raw data.
        }

        return new RevertReason(RevertKind.Unknown, null, new AbiValues([]), copy);
    }
}
