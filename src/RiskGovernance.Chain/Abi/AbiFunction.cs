using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>
/// A contract function: canonical signature, 4-byte selector, call-data encoding and return decoding.
/// Parse from <c>"queue(bytes32,bytes32,bytes,bytes[])"</c> or
/// <c>"balanceOf(address owner) view returns (uint256)"</c>.
/// </summary>
public sealed class AbiFunction
{
    private readonly byte[] _selector;

    /// <summary>Creates a function from its parts.</summary>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null)
    {
        Name = Preconditions.NotBlank(name, nameof(name));
        Inputs = [.. Preconditions.NotNull(inputs, nameof(inputs))];
        Outputs = outputs is null ? [] : [.. outputs];
        Signature = Name + "(" + string.Join(",", Inputs.Select(p => p.Type.CanonicalName)) + ")";
        _selector = Crypto.Keccak256.Hash(Signature)[..4];
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The input parameters.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The output parameters (empty when not declared).</summary>
    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>The canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector: the first 4 bytes of keccak(signature).</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    /// <summary>The selector as 0x-hex (8 digits).</summary>
    public string SelectorHex => Hex.Encode(_selector);

    /// <summary>Parses a human-readable signature (names, <c>returns (...)</c> and modifiers optional).</summary>
    public static AbiFunction Parse(string signature, string paramName = "signature")
    {
        var (name, inputs, outputs) = AbiSignatureParser.Parse(signature, "function", paramName);
        return new AbiFunction(name, inputs, outputs);
    }

    /// <summary>selector || abi.encode(args).</summary>
    public byte[] EncodeCall(params object?[] args)
    {
        Preconditions.NotNull(args, nameof(args));
        if (args.Length != Inputs.Count)
        {
            throw new ArgumentException($"args: {Signature} takes {Inputs.Count} arguments, got {args.Length}.", nameof(args));
        }

        return [.. _selector, .. AbiCodec.EncodeSequence([.. Inputs.Select(p => p.Type)], args, "args")];
    }

    /// <summary>Decodes call data (selector checked) into the input values.</summary>
    public AbiValues DecodeCall(ReadOnlySpan<byte> callData)
    {
        if (callData.Length < 4 || !callData[..4].SequenceEqual(_selector))
        {
            throw new FormatException($"Call data does not start with the selector {SelectorHex} of {Signature}.");
        }

        return new AbiValues(AbiCodec.DecodeSequence([.. Inputs.Select(p => p.Type)], callData[4..], 0, "args"), [.. Inputs.Select(p => p.Name)]);
    }

    /// <summary>Decodes return data with the declared outputs.</summary>
    public AbiValues DecodeOutput(ReadOnlySpan<byte> returnData)
        => new(AbiCodec.DecodeSequence([.. Outputs.Select(p => p.Type)], returnData, 0, "result"), [.. Outputs.Select(p => p.Name)]);

    /// <inheritdoc/>
    public override string ToString() => Signature;
}
