using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>A block header as the portal needs it.</summary>
/// <param name="Number">Block number.</param>
/// <param name="Hash">Block hash.</param>
/// <param name="Timestamp">Block time.</param>
public sealed record ChainBlock(long Number, Hash32 Hash, DateTimeOffset Timestamp);

/// <summary>A mined transaction's receipt as the portal needs it.</summary>
/// <param name="TransactionHash">The transaction.</param>
/// <param name="BlockNumber">The block that holds it.</param>
/// <param name="Succeeded">Status 1.</param>
/// <param name="From">The sender.</param>
/// <param name="ContractAddress">The created contract, for a deployment.</param>
/// <param name="GasUsed">Gas used.</param>
public sealed record ChainReceipt(Hash32 TransactionHash, long BlockNumber, bool Succeeded, Address From, Address? ContractAddress, BigInteger GasUsed);

/// <summary>
/// The connection to one chain, through Nethereum's <see cref="Web3"/>: a JSON-RPC client whose
/// requests go through <see cref="RpcFaultInterceptor"/> (retries, a per-attempt timeout and
/// <see cref="ChainUnavailableException"/>), one <see cref="Web3"/> per signing key (each with
/// Nethereum's in-memory nonce service, shared by every send of that key), and the reads the
/// portal needs. Register one per chain (singleton); it is thread-safe.
/// <para>
/// Nethereum's requests take no cancellation token: the methods here stop waiting when theirs is
/// cancelled, and a request already on the wire ends at its timeout.
/// </para>
/// </summary>
public sealed class ChainClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ConcurrentDictionary<Address, Web3> _signers = new();
    private readonly TimeProvider _time;
    private long _chainId;

    /// <summary>Connects to <see cref="ChainOptions.RpcUrl"/> (validated here) with its own HTTP client.</summary>
    public ChainClient(ChainOptions options, TimeProvider? time = null)
        : this(options, new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }), time, ownsHttp: true)
    {
    }

    /// <summary>Connects through <paramref name="httpClient"/> (for tests and custom handlers); its Timeout is set to the request timeout.</summary>
    public ChainClient(ChainOptions options, HttpClient httpClient, TimeProvider? time = null)
        : this(options, httpClient, time, ownsHttp: false)
    {
    }

    private ChainClient(ChainOptions options, HttpClient httpClient, TimeProvider? time, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        options.EnsureValid();
        Options = options;
        _time = time ?? TimeProvider.System;
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _http.Timeout = options.RequestTimeout;
        Rpc = new RpcClient(options.RpcUrl, _http) { OverridingRequestInterceptor = new RpcFaultInterceptor(options, _time) };
        Web3 = new Web3(Rpc);
    }

    /// <summary>The options in use.</summary>
    public ChainOptions Options { get; }

    /// <summary>The endpoint as messages show it (scheme, host and port).</summary>
    public string Endpoint => Options.DisplayUrl;

    /// <summary>The JSON-RPC client (with the fault interceptor).</summary>
    public IClient Rpc { get; }

    /// <summary>A <see cref="Web3"/> without an account, for reads and calls.</summary>
    public Web3 Web3 { get; }

    /// <summary>
    /// The <see cref="Web3"/> that sends as <paramref name="signer"/>: its account signs EIP-1559
    /// transactions for this chain, with one Nethereum nonce service per key for the whole process.
    /// </summary>
    public async Task<Web3> Web3ForAsync(SigningKey signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (_signers.TryGetValue(signer.Address, out var known))
        {
            return known;
        }

        // Nothing is remembered until the chain id is known: a chain that is down now is asked again next time.
        var chainId = await GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        return _signers.GetOrAdd(signer.Address, _ =>
        {
            var account = signer.ToAccount(chainId);
            account.NonceService = new InMemoryNonceService(account.Address, Rpc);
            return new Web3(account, Rpc);
        });
    }

    /// <summary>The chain id (read once, then remembered).</summary>
    public async Task<long> GetChainIdAsync(CancellationToken cancellationToken)
    {
        var known = Interlocked.Read(ref _chainId);
        if (known != 0)
        {
            return known;
        }

        var id = await ReadChainIdAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _chainId, id);
        return id;
    }

    /// <summary>Asks the node for its chain id now (eth_chainId, never cached): a health probe.</summary>
    public async Task<long> ReadChainIdAsync(CancellationToken cancellationToken)
        => (long)(await Web3.Eth.ChainId.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The latest block number.</summary>
    public async Task<long> GetBlockNumberAsync(CancellationToken cancellationToken)
        => (long)(await Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The latest block.</summary>
    public async Task<ChainBlock> GetLatestBlockAsync(CancellationToken cancellationToken)
        => await GetBlockAsync(BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false)
           ?? throw new InvalidOperationException("the node returned no latest block.");

    /// <summary>The block at <paramref name="number"/>, or null when the chain is shorter.</summary>
    public Task<ChainBlock?> GetBlockAsync(long number, CancellationToken cancellationToken)
        => GetBlockAsync(new BlockParameter(new HexBigInteger(number)), cancellationToken);

    /// <summary>The deployed code at <paramref name="account"/> (empty for an account without code).</summary>
    public async Task<byte[]> GetCodeAsync(Address account, CancellationToken cancellationToken)
    {
        var code = await Web3.Eth.GetCode.SendRequestAsync(account.ToString()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(code) ? [] : HexText.Decode(code, "eth_getCode result");
    }

    /// <summary>The receipt of a transaction, or null while it is not mined.</summary>
    public async Task<ChainReceipt?> GetReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken)
    {
        var receipt = await Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash.ToString()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return receipt is null ? null : ToReceipt(receipt);
    }

    /// <summary>True when the node knows the transaction (mined or pending).</summary>
    public async Task<bool> IsKnownTransactionAsync(Hash32 transactionHash, CancellationToken cancellationToken)
        => await Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash.ToString()).WaitAsync(cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Polls (every <see cref="ChainOptions.ReceiptPollInterval"/>) until the transaction is mined with
    /// <paramref name="confirmations"/> confirmations (1 = mined), within <see cref="ChainOptions.ReceiptTimeout"/>.
    /// Returns the receipt whatever its status.
    /// </summary>
    /// <exception cref="ReceiptTimeoutException">Not enough confirmations in time.</exception>
    public async Task<ChainReceipt> WaitForReceiptAsync(Hash32 transactionHash, int confirmations, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmations, 1);
        var started = _time.GetTimestamp();
        while (true)
        {
            if (await GetReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false) is { } receipt
                && await GetBlockNumberAsync(cancellationToken).ConfigureAwait(false) - receipt.BlockNumber + 1 >= confirmations)
            {
                return receipt;
            }

            if (_time.GetElapsedTime(started) >= Options.ReceiptTimeout)
            {
                throw new ReceiptTimeoutException(transactionHash, Options.ReceiptTimeout, confirmations);
            }

            await Task.Delay(Options.ReceiptPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal static ChainReceipt ToReceipt(TransactionReceipt receipt) => new(
        Hash32.Parse(receipt.TransactionHash, "receipt.transactionHash"),
        (long)receipt.BlockNumber.Value,
        receipt.Status?.Value == BigInteger.One,
        Address.Parse(receipt.From.ToLowerInvariant(), "receipt.from"),
        string.IsNullOrEmpty(receipt.ContractAddress) ? null : Address.Parse(receipt.ContractAddress.ToLowerInvariant(), "receipt.contractAddress"),
        receipt.GasUsed?.Value ?? BigInteger.Zero);

    private async Task<ChainBlock?> GetBlockAsync(BlockParameter block, CancellationToken cancellationToken)
    {
        var header = await Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(block).WaitAsync(cancellationToken).ConfigureAwait(false);
        return header is null
            ? null
            : new ChainBlock((long)header.Number.Value, Hash32.Parse(header.BlockHash, "block.hash"), DateTimeOffset.FromUnixTimeSeconds((long)header.Timestamp.Value));
    }
}
