using RiskGovernance.Chain.Abi;

namespace RiskGovernance.Chain.Rpc;

/// <summary>Why an endpoint was unusable.</summary>
public enum ChainUnavailableReason
{
    /// <summary>The connection failed (refused, reset, DNS).</summary>
    ConnectionFailed,

    /// <summary>The endpoint did not answer within the request timeout.</summary>
    Timeout,

    /// <summary>The endpoint answered with an HTTP error status and no JSON-RPC response.</summary>
    HttpError,

    /// <summary>The endpoint answered with something that is not a JSON-RPC response.</summary>
    InvalidResponse,
}

/// <summary>
/// The RPC endpoint could not be used (down, timing out, answering HTTP errors) after the configured
/// retries. The message names the endpoint (scheme, host and port) and the method.
/// </summary>
public class ChainUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainUnavailableException(string endpoint, string method, ChainUnavailableReason reason, int attempts, string detail, Exception? inner = null)
        : base($"RPC endpoint {endpoint} unavailable for {method} after {attempts} attempt(s): {detail}", inner)
    {
        Endpoint = endpoint;
        Method = method;
        Reason = reason;
        Attempts = attempts;
    }

    /// <summary>The endpoint as scheme://host:port.</summary>
    public string Endpoint { get; }

    /// <summary>The JSON-RPC method.</summary>
    public string Method { get; }

    /// <summary>Why the endpoint was unusable.</summary>
    public ChainUnavailableReason Reason { get; }

    /// <summary>Attempts made (1 + retries).</summary>
    public int Attempts { get; }
}

/// <summary>The endpoint did not answer within the per-call timeout, on every attempt.</summary>
public sealed class ChainTimeoutException : ChainUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public ChainTimeoutException(string endpoint, string method, int attempts, TimeSpan timeout, Exception? inner = null)
        : base(endpoint, method, ChainUnavailableReason.Timeout, attempts, $"timed out (no answer within {timeout.TotalMilliseconds:0} ms per attempt).", inner)
        => Timeout = timeout;

    /// <summary>The per-attempt timeout.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>The node answered with a JSON-RPC error (never retried).</summary>
public class ChainRpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainRpcException(string method, int code, string rpcMessage, string? data)
        : base($"{method} failed with JSON-RPC error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = data;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    protected ChainRpcException(string method, int code, string rpcMessage, string? data, string message)
        : base(message)
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = data;
    }

    /// <summary>The JSON-RPC method.</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code (3 for execution reverted).</summary>
    public int Code { get; }

    /// <summary>The node's error message.</summary>
    public string RpcMessage { get; }

    /// <summary>The error data: the revert data hex for reverts, else the raw JSON text (or null).</summary>
    public string? ErrorData { get; }

    /// <summary>True for "nonce too low"-style errors (the cached nonce is stale).</summary>
    public bool IsNonceTooLow => RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || RpcMessage.Contains("nonce is too low", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the node already has this exact transaction.</summary>
    public bool IsAlreadyKnown => RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A call or gas estimate reverted; <see cref="Reason"/> holds the decoded revert data.</summary>
public sealed class ContractRevertException : ChainRpcException
{
    /// <summary>Creates the exception.</summary>
    public ContractRevertException(string method, int code, string rpcMessage, string? data, RevertReason reason)
        : base(method, code, rpcMessage, data, $"{method} reverted: {Preconditions.NotNull(reason, nameof(reason)).Message}")
        => Reason = reason;

    /// <summary>The decoded revert (custom error, Error(string), Panic(uint256) or unknown).</summary>
    public RevertReason Reason { get; }
}

/// <summary>A mined transaction has status 0 (reverted).</summary>
public sealed class TransactionRevertedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionRevertedException(TransactionReceipt receipt, RevertReason? reason = null)
        : base($"Transaction {Preconditions.NotNull(receipt, nameof(receipt)).TransactionHash} reverted in block {receipt.BlockNumber} (gas used {receipt.GasUsed})" + (reason is null ? "." : $": {reason.Message}"))
    {
        Receipt = receipt;
        Reason = reason;
    }

    /// <summary>The receipt with status 0.</summary>
    public TransactionReceipt Receipt { get; }

    /// <summary>The revert reason when it could be found by replaying the call, else null.</summary>
    public RevertReason? Reason { get; }
}

/// <summary>No receipt (or not enough confirmations) within the receipt timeout.</summary>
public sealed class ReceiptTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ReceiptTimeoutException(Hash32 transactionHash, TimeSpan waited, int confirmations)
        : base($"Transaction {transactionHash} has no receipt with {confirmations} confirmation(s) after {waited}.")
        => TransactionHash = transactionHash;

    /// <summary>The transaction waited for.</summary>
    public Hash32 TransactionHash { get; }
}
