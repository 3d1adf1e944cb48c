using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>A Solidity custom error (<c>error Unauthorized(address caller)</c>): selector and argument decoding.</summary>
public sealed class AbiError
{
    private readonly byte[] _selector;

    /// <summary>Creates an error from its parts.</summary>
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = Preconditions.NotBlank(name, nameof(name));
        Inputs = [.. Preconditions.NotNull(inputs, nameof(inputs))];
        Signature = Name + "(" + string.Join(",", Inputs.Select(p => p.Type.CanonicalName)) + ")";
        _selector = Crypto.Keccak256.Hash(Signature)[..4];
    }

    /// <summary>The built-in <c>Error(string)</c> of require/revert with a reason.</summary>
    public static AbiError ErrorString { get; } = Parse("Error(string)");

    /// <summary>The built-in <c>Panic(uint256)</c> of assert, overflow, division by zero...</summary>
    public static AbiError Panic { get; } = Parse("Panic(uint256)");

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The arguments.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The canonical signature.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector.</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    /// <summary>The selector as 0x-hex.</summary>
    public string SelectorHex => Hex.Encode(_selector);

    /// <summary>Parses <c>"Unauthorized(address caller)"</c> (an optional leading <c>error</c> keyword is allowed).</summary>
    public static AbiError Parse(string signature, string paramName = "signature")
    {
        var (name, inputs, _) = AbiSignatureParser.Parse(signature, "error", paramName);
        return new AbiError(name, inputs);
    }

    /// <summary>True when the revert data starts with this error's selector.</summary>
    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData[..4].SequenceEqual(_selector);

    /// <summary>Encodes selector || args (what a contract returns when it reverts with this error).</summary>
    public byte[] Encode(params object?[] args)
    {
        Preconditions.NotNull(args, nameof(args));
        if (args.Length != Inputs.Count)
        {
            throw new ArgumentException($"args: {Signature} takes {Inputs.Count} arguments, got {args.Length}.", nameof(args));
        }

        return [.. _selector, .. AbiCodec.EncodeSequence([.. Inputs.Select(p => p.Type)], args, "args")];
    }

    /// <summary>Decodes the arguments of revert data that starts with this selector.</summary>
    public AbiValues DecodeArguments(ReadOnlySpan<byte> revertData)
    {
        if (!Matches(revertData))
        {
            throw new FormatException($"Revert data does not start with the selector {SelectorHex} of {Signature}.");
        }

        return new AbiValues(AbiCodec.DecodeSequence([.. Inputs.Select(p => p.Type)], revertData[4..], 0, "args"), [.. Inputs.Select(p => p.Name)]);
    }

    /// <inheritdoc/>
    public override string ToString() => Signature;
}
