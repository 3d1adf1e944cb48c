using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// What the contract wrappers need from a node: calls, signed EIP-1559 transactions prepared
/// and broadcast as two steps (so that a workflow can persist the hash in between), receipts
/// and the latest block. Implementations throw <see cref="ContractRevertException"/> for a
/// revert (eth_call / eth_estimateGas) and <see cref="ChainUnavailableException"/> when the
/// endpoint cannot be reached.
/// </summary>
public interface IChainGateway
{
    /// <summary>The chain id of the node.</summary>
    Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken);

    /// <summary>eth_call against the latest block; returns the return data.</summary>
    Task<byte[]> CallAsync(Address? from, Address to, byte[] data, CancellationToken cancellationToken);

    /// <summary>
    /// Builds and signs a transaction (pending nonce, current fees, estimated gas plus a margin).
    /// The estimate runs the call first, so a transaction that would revert throws here and
    /// nothing is signed.
    /// </summary>
    Task<SignedTransaction> PrepareTransactionAsync(EthPrivateKey sender, Address? to, byte[] data, CancellationToken cancellationToken);

    /// <summary>eth_sendRawTransaction; a transaction the node already knows is not an error.</summary>
    Task<Hash32> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken);

    /// <summary>The receipt, or null while the transaction is unknown or pending.</summary>
    Task<TransactionReceipt?> GetReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken);

    /// <summary>Polls for the receipt until it arrives or <paramref name="timeout"/> passes.</summary>
    Task<TransactionReceipt> WaitForReceiptAsync(Hash32 transactionHash, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Number of transactions sent from the address (latest block).</summary>
    Task<BigInteger> GetTransactionCountAsync(Address address, CancellationToken cancellationToken);

    /// <summary>Timestamp (Unix seconds) of the latest block.</summary>
    Task<long> GetLatestBlockTimestampAsync(CancellationToken cancellationToken);
}

/// <summary>A mined transaction's receipt.</summary>
/// <param name="TransactionHash">Hash.</param>
/// <param name="Succeeded">Status 1.</param>
/// <param name="BlockNumber">Block.</param>
/// <param name="ContractAddress">Created contract, for deployments.</param>
/// <param name="Logs">Emitted logs.</param>
public sealed record TransactionReceipt(
    Hash32 TransactionHash,
    bool Succeeded,
    BigInteger BlockNumber,
    Address? ContractAddress,
    IReadOnlyList<TransactionLog> Logs);

/// <summary>One log entry of a receipt.</summary>
/// <param name="Address">Emitting contract.</param>
/// <param name="Topics">Topics.</param>
/// <param name="Data">Data.</param>
public sealed record TransactionLog(Address Address, IReadOnlyList<Hash32> Topics, byte[] Data);
