using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Contracts.Registry;

/// <summary>A contract call or transaction estimate that reverted, with the custom error decoded when known.</summary>
public sealed class ContractRevertException : Exception
{
    /// <summary>Creates the exception from raw revert data and, when decoded, the error.</summary>
    public ContractRevertException(byte[] revertData, string? errorName = null, IReadOnlyList<object>? arguments = null, string? nodeMessage = null)
        : base(Describe(revertData, errorName, arguments, nodeMessage))
    {
        RevertData = revertData;
        ErrorName = errorName;
        Arguments = arguments ?? [];
    }

    /// <summary>The raw revert data (selector and arguments).</summary>
    public byte[] RevertData { get; }

    /// <summary>The custom error's name (e.g. "NotCommitteeMember"), null when not decoded.</summary>
    public string? ErrorName { get; }

    /// <summary>Decoded arguments: BigInteger for integers, Address, Hash32 for bytes32.</summary>
    public IReadOnlyList<object> Arguments { get; }

    /// <summary>The integer argument at <paramref name="index"/>.</summary>
    public BigInteger IntegerArgument(int index) => (BigInteger)Arguments[index];

    /// <summary>The address argument at <paramref name="index"/>.</summary>
    public Address AddressArgument(int index) => (Address)Arguments[index];

    private static string Describe(byte[] data, string? name, IReadOnlyList<object>? arguments, string? nodeMessage)
        => name is null
            ? $"execution reverted ({nodeMessage ?? "no message"}); revert data {Hex.Encode(data)}"
            : $"execution reverted: {name}({string.Join(", ", arguments ?? [])})";
}

/// <summary>The JSON-RPC endpoint could not be reached or answered with something other than JSON-RPC.</summary>
public sealed class ChainUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A JSON-RPC error that is not a revert.</summary>
public sealed class ChainRpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainRpcException(string method, long code, string message)
        : base($"{method} failed with JSON-RPC error {code}: {message}")
    {
        Code = code;
        RpcMessage = message;
    }

    /// <summary>JSON-RPC error code.</summary>
    public long Code { get; }

    /// <summary>The node's message.</summary>
    public string RpcMessage { get; }
}
