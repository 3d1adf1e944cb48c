using Nethereum.JsonRpc.Client;

namespace RiskGovernance.Chain;

/// <summary>Classifies what went wrong when talking to the chain, so that callers need not know Nethereum's exception types.</summary>
public static class ChainErrors
{
    /// <summary>
    /// True for a failure of the chain itself: the endpoint unavailable (<see cref="ChainUnavailableException"/>),
    /// a revert (<see cref="ContractRevertException"/>, <see cref="TransactionRevertedException"/>), a
    /// receipt that did not come (<see cref="ReceiptTimeoutException"/>), or the node refusing a request
    /// with a JSON-RPC error.
    /// </summary>
    public static bool IsChainError(Exception error)
        => error is ChainUnavailableException or ContractRevertException or TransactionRevertedException or ReceiptTimeoutException
           || IsNodeRefusal(error);

    /// <summary>True when the node answered with a JSON-RPC error (it refused the request; nothing was done).</summary>
    public static bool IsNodeRefusal(Exception error) => error is RpcResponseException;

    /// <summary>The node's own words for a JSON-RPC error, else the exception's message.</summary>
    public static string NodeMessage(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is RpcResponseException { RpcError: { } rpc } ? $"{rpc.Message} (JSON-RPC error {rpc.Code})" : error.Message;
    }
}
