using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

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
/// retries. The message names the endpoint by scheme, host and port only, and the method; it never
/// shows the URL's path, where providers put API keys.
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

/// <summary>The endpoint did not answer within the per-attempt timeout, on every attempt.</summary>
public sealed class ChainTimeoutException : ChainUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public ChainTimeoutException(string endpoint, string method, int attempts, TimeSpan timeout, Exception? inner = null)
        : base(endpoint, method, ChainUnavailableReason.Timeout, attempts, $"timed out (no answer within {timeout.TotalMilliseconds:0} ms per attempt).", inner)
        => Timeout = timeout;

    /// <summary>The per-attempt timeout.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>
/// A call or gas estimate reverted, and nothing was sent. <see cref="ErrorName"/> and
/// <see cref="Arguments"/> hold the contract's custom error as Nethereum decoded it with the
/// contract's ABI ("ThresholdNotMet", [5, 6]), or "Error" with the reason string.
/// </summary>
public sealed class ContractRevertException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContractRevertException(string errorName, IReadOnlyList<string> arguments, string? encodedData, Exception? inner = null)
        : base($"{errorName}({string.Join(", ", arguments)})", inner)
    {
        ErrorName = errorName;
        Arguments = arguments;
        EncodedData = encodedData;
    }

    /// <summary>The custom error's name; "Error" for a reason string, "Panic" for a panic code, "Unknown" when the data matches no error of the ABI.</summary>
    public string ErrorName { get; }

    /// <summary>The error's arguments as text, in declaration order.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The raw revert data (0x-hex), when the node returned any.</summary>
    public string? EncodedData { get; }
}

/// <summary>A mined transaction has status 0 (reverted).</summary>
public sealed class TransactionRevertedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionRevertedException(Hash32 transactionHash, long blockNumber, ContractRevertException? reason = null)
        : base($"Transaction {transactionHash} reverted in block {blockNumber}" + (reason is null ? "." : $": {reason.Message}"), reason)
    {
        TransactionHash = transactionHash;
        BlockNumber = blockNumber;
        Reason = reason;
    }

    /// <summary>The reverted transaction.</summary>
    public Hash32 TransactionHash { get; }

    /// <summary>The block it was mined in.</summary>
    public long BlockNumber { get; }

    /// <summary>Why it reverted, when replaying the call could tell.</summary>
    public ContractRevertException? Reason { get; }
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
