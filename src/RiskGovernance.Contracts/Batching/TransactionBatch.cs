using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.Signer;
using RiskGovernance.Chain;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Batching;

/// <summary>One transaction to sign: the signer, its nonce, the target (null creates a contract), the call data and the gas limit.</summary>
/// <param name="Signer">The key that signs.</param>
/// <param name="Nonce">The signer's nonce for this transaction.</param>
/// <param name="To">The called contract (null: a contract creation).</param>
/// <param name="Data">The call data.</param>
/// <param name="Gas">The gas limit (no estimate is made).</param>
public sealed record BatchTransaction(SigningKey Signer, BigInteger Nonce, Address? To, byte[] Data, BigInteger Gas);

/// <summary>
/// Sends many transactions quickly on a LOCAL anvil chain (demo seeding, the demo's price feeder): each is signed
/// offline (legacy, EIP-155) with its given nonce and gas limit, without an estimate, and broadcast raw. With
/// <c>mineInBatches</c> anvil's automine is turned off while they are sent, then blocks are mined until the pool is
/// empty (many transactions per block, the base fee put back to 1 gwei before each), and automine is turned back on. Every receipt is then read: a missing or
/// failed one throws, naming the transaction. Not for a public chain (no fee estimate, no replacement).
/// </summary>
public sealed class TransactionBatch
{
    /// <summary>The base fee set before each batch block (1 gwei).</summary>
    public static readonly BigInteger BaseFeeFloor = 1_000_000_000;

    private readonly ChainClient _chain;
    private readonly long _chainId;

    /// <summary>Sends on <paramref name="chain"/> (of id <paramref name="chainId"/>) at <paramref name="gasPrice"/> wei per gas.</summary>
    public TransactionBatch(ChainClient chain, long chainId, BigInteger gasPrice)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        if (gasPrice.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gasPrice), gasPrice, "gasPrice: must be positive.");
        }
        _chainId = chainId;
        GasPrice = gasPrice;
    }

    /// <summary>The gas price every transaction offers (wei).</summary>
    public BigInteger GasPrice { get; }

    /// <summary>The creation data (bytecode and constructor arguments) of <paramref name="deployment"/>, for a <see cref="BatchTransaction"/> without a target.</summary>
    public static byte[] CreationData<TDeployment>(TDeployment deployment)
        where TDeployment : Nethereum.Contracts.ContractDeploymentMessage, new()
        => new Nethereum.Contracts.MessageEncodingServices.DeploymentMessageEncodingService<TDeployment>().GetDeploymentData(deployment).HexToByteArray();

    /// <summary>The signed raw transaction (0x hex) and its hash.</summary>
    public (string Raw, Hash32 Hash) Sign(BatchTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var key = transaction.Signer.ToAccount(_chainId).PrivateKey;
        var raw = new LegacyTransactionSigner().SignTransaction(
            key.HexToByteArray(), new BigInteger(_chainId), transaction.To?.ToString() ?? "", BigInteger.Zero, transaction.Nonce, GasPrice, transaction.Gas,
            transaction.Data.ToHex(prefix: true)).EnsureHexPrefix();
        return (raw, Hash32.Keccak(raw.HexToByteArray()));
    }

    /// <summary>The signer's next nonce, pending transactions included.</summary>
    public async Task<BigInteger> GetNonceAsync(Address account, CancellationToken cancellationToken)
        => (await _chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.ToString(), Nethereum.RPC.Eth.DTOs.BlockParameter.CreatePending())
            .WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// Signs and sends <paramref name="transactions"/> (up to <paramref name="parallelism"/> at a time; a signer's
    /// transactions in nonce order), mines them (see the class), and returns their receipts in order.
    /// </summary>
    /// <exception cref="TransactionRevertedException">A transaction was mined with status 0.</exception>
    /// <exception cref="ReceiptTimeoutException">A transaction was not mined in time.</exception>
    /// <exception cref="InvalidOperationException">The pool did not empty.</exception>
    public async Task<IReadOnlyList<ChainReceipt>> SendAsync(
        IReadOnlyList<BatchTransaction> transactions, bool mineInBatches, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (transactions.Count == 0)
        {
            return [];
        }
        var signed = new (string Raw, Hash32 Hash)[transactions.Count];
        Parallel.For(0, transactions.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            i => signed[i] = Sign(transactions[i]));

        var anvil = new AnvilClient(_chain);
        if (mineInBatches)
        {
            await anvil.SetAutomineAsync(false, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            // One lane per signer keeps its nonces in order; lanes run in parallel.
            var lanes = Enumerable.Range(0, transactions.Count).GroupBy(i => transactions[i].Signer.Address).Select(g => g.ToList()).ToList();
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (lane, ct) =>
            {
                foreach (var i in lane)
                {
                    await _chain.Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed[i].Raw).WaitAsync(ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            if (mineInBatches)
            {
                for (var blocks = 0; await PendingAsync(cancellationToken).ConfigureAwait(false) > 0; blocks++)
                {
                    if (blocks > transactions.Count + 8)
                    {
                        throw new InvalidOperationException($"{transactions.Count} transactions: the pool did not empty after {blocks} blocks.");
                    }
                    // Full blocks raise the base fee by 1/8 each; keep it low so that the fixed gas price stays above it.
                    await _chain.Rpc.SendRequestAsync<object>("anvil_setNextBlockBaseFeePerGas", null, new HexBigInteger(BaseFeeFloor)).WaitAsync(cancellationToken).ConfigureAwait(false);
                    await anvil.MineAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (mineInBatches)
            {
                await anvil.SetAutomineAsync(true, CancellationToken.None).ConfigureAwait(false);

                // A transaction someone else sent after the last look at the pool would wait there for the next one: mine it.
                if (await PendingAsync(CancellationToken.None).ConfigureAwait(false) > 0)
                {
                    await anvil.MineAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        var receipts = new ChainReceipt[transactions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, transactions.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            // With automine, anvil mines a transaction just after accepting it: wait for the receipt (ChainOptions.ReceiptTimeout).
            var receipt = await _chain.GetReceiptAsync(signed[i].Hash, ct).ConfigureAwait(false)
                ?? await _chain.WaitForReceiptAsync(signed[i].Hash, 1, ct).ConfigureAwait(false);
            receipts[i] = receipt.Succeeded ? receipt : throw new TransactionRevertedException(receipt.TransactionHash, receipt.BlockNumber);
        }).ConfigureAwait(false);
        return receipts;
    }

    private async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        var status = await _chain.Rpc.SendRequestAsync<TxPoolStatus>("txpool_status", null).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)(status.Pending?.Value ?? 0) + (long)(status.Queued?.Value ?? 0);
    }

    private sealed class TxPoolStatus
    {
        [Newtonsoft.Json.JsonProperty("pending")]
        public HexBigInteger? Pending { get; set; }

        [Newtonsoft.Json.JsonProperty("queued")]
        public HexBigInteger? Queued { get; set; }
    }
}
