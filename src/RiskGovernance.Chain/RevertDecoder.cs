using System.Numerics;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>
/// Names a contract's reverts: the custom errors of its ABI, decoded by Nethereum
/// (<see cref="SmartContractCustomErrorRevertException"/>), and <c>Error(string)</c> reasons.
/// </summary>
public sealed class RevertDecoder
{
    private readonly ErrorABI[] _errors;

    /// <summary>Reads the errors of a contract's ABI (the JSON array solc writes).</summary>
    public RevertDecoder(string abiJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(abiJson);
        _errors = new ABIJsonDeserialiser().DeserialiseContract(abiJson).Errors ?? [];
    }

    /// <summary>The signatures of the known errors, e.g. "ThresholdNotMet(uint256,uint256)".</summary>
    public IEnumerable<string> ErrorSignatures => _errors.Select(e => $"{e.Name}({string.Join(',', e.InputParameters.Select(p => p.Type))})");

    /// <summary>The revert that <paramref name="error"/> (or one of its inner exceptions) reports, or null when it is no revert.</summary>
    public ContractRevertException? TryDecode(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ContractRevertException known:
                    return known;
                case SmartContractCustomErrorRevertException custom:
                    return Decode(custom);
                case SmartContractRevertException reason:
                    return new ContractRevertException("Error", [reason.RevertMessage ?? ""], reason.EncodedData, reason);
                case RpcResponseException rpc when rpc.RpcError?.Code == 3 || (rpc.RpcError?.Message?.Contains("revert", StringComparison.OrdinalIgnoreCase) ?? false):
                    // A creation transaction's estimate (no contract handler): decode the revert data by its selector.
                    var data = rpc.RpcError?.GetDataAsString();
                    return DecodeData(data, rpc) ?? new ContractRevertException("Unknown", [], data, rpc);
            }
        }

        return null;
    }

    private ContractRevertException? DecodeData(string? data, Exception inner)
    {
        if (string.IsNullOrEmpty(data) || !data.StartsWith("0x", StringComparison.Ordinal) || data.Length < 10)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = HexText.Decode(data, "revert data");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }

        var selector = HexText.Encode(bytes.AsSpan(0, 4));
        foreach (var abi in _errors)
        {
            if (string.Equals("0x" + abi.Sha3Signature, selector, StringComparison.OrdinalIgnoreCase))
            {
                var values = new ParameterDecoder().DecodeDefaultData(bytes[4..], abi.InputParameters)
                    .OrderBy(p => p.Parameter.Order).Select(p => Text(p.Result)).ToList();
                return new ContractRevertException(abi.Name, values, data, inner);
            }
        }

        return null;
    }

    private ContractRevertException Decode(SmartContractCustomErrorRevertException custom)
    {
        foreach (var abi in _errors)
        {
            if (custom.IsCustomErrorFor(abi))
            {
                var values = custom.DecodeErrorToDefault(abi).OrderBy(p => p.Parameter.Order).Select(p => Text(p.Result)).ToList();
                return new ContractRevertException(abi.Name, values, custom.ExceptionEncodedData, custom);
            }
        }

        return new ContractRevertException("Unknown", [], custom.ExceptionEncodedData, custom);
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        byte[] bytes => HexText.Encode(bytes),
        BigInteger number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text when Address.TryParse(text.ToLowerInvariant(), out var address) && text.Length == 42 => address.ToString(),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
