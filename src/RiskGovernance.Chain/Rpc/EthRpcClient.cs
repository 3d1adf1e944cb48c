using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Rpc;

/// <summary>
/// An Ethereum JSON-RPC client over an <see cref="HttpClient"/> (register it as a typed client with
/// <see cref="ChainServiceCollectionExtensions.AddChainRpc(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>).
/// Every call has a per-attempt timeout; transient faults (connection failures, HTTP 5xx/429, timeouts) are retried
/// with exponential backoff; JSON-RPC errors are never retried and surface as <see cref="ChainRpcException"/>
/// (<see cref="ContractRevertException"/> for reverts). Thread-safe.
/// </summary>
public sealed class EthRpcClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ChainRpcOptions _options;
    private readonly TimeProvider _time;
    private readonly string _endpoint;
    private long _nextId;
    private StrongBox<BigInteger>? _chainId;

    /// <summary>Creates a client; the options are validated here.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public EthRpcClient(HttpClient httpClient, IOptions<ChainRpcOptions> options, TimeProvider? timeProvider = null)
    {
        _http = Preconditions.NotNull(httpClient, nameof(httpClient));
        _options = Preconditions.NotNull(Preconditions.NotNull(options, nameof(options)).Value, nameof(options));
        _options.EnsureValid();
        _time = timeProvider ?? TimeProvider.System;
        _endpoint = _options.DisplayUrl;

        // Per-attempt timeouts are ours (RequestTimeout). The HttpClient's own Timeout is left alone so that a
        // client that has already sent requests can be shared; if it fires first it is treated as a timeout too.
    }

    /// <summary>The options in use.</summary>
    public ChainRpcOptions Options => _options;

    /// <summary>The endpoint as shown in messages (scheme, host and port).</summary>
    public string Endpoint => _endpoint;

    /// <summary>The time provider used for backoff and receipt polling.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Sends one JSON-RPC request and returns its <c>result</c> (a cloned element).</summary>
    /// <param name="method">The JSON-RPC method, e.g. <c>eth_blockNumber</c>.</param>
    /// <param name="parameters">The positional parameters (JSON nodes; strings for quantities and data).</param>
    /// <param name="cancellationToken">Cancels the call and any backoff wait.</param>
    /// <exception cref="ChainRpcException">The node returned a JSON-RPC error.</exception>
    /// <exception cref="ChainUnavailableException">The endpoint stayed unusable through all retries.</exception>
    public async Task<JsonElement> SendRequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        Preconditions.NotBlank(method, nameof(method));
        Preconditions.NotNull(parameters, nameof(parameters));
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters.DeepClone(),
        }.ToJsonString();

        var attempts = 0;
        var delay = _options.InitialBackoff;
        while (true)
        {
            attempts++;
            Exception failure;
            ChainUnavailableReason reason;
            string detail;
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var content = new StringContent(body, System.Text.Encoding.UTF8);
                content.Headers.ContentType = JsonMediaType;
                using var response = await _http.PostAsync(_options.RpcUrl, content, attemptTimeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token).ConfigureAwait(false);
                if (TryReadResponse(method, text, out var result))
                {
                    return result;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    failure = new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
                    reason = ChainUnavailableReason.HttpError;
                    detail = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}.";
                }
                else if (!response.IsSuccessStatusCode)
                {
                    throw new ChainUnavailableException(_endpoint, method, ChainUnavailableReason.HttpError, attempts, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} (not retried).");
                }
                else
                {
                    throw new ChainUnavailableException(_endpoint, method, ChainUnavailableReason.InvalidResponse, attempts, "the answer is not a JSON-RPC response.");
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                reason = ChainUnavailableReason.Timeout;
                detail = "timeout";
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
                reason = ChainUnavailableReason.ConnectionFailed;
                detail = $"connection failed ({ex.Message}).";
            }

            if (attempts > _options.MaxRetries)
            {
                throw reason == ChainUnavailableReason.Timeout
                    ? new ChainTimeoutException(_endpoint, method, attempts, _options.RequestTimeout, failure)
                    : new ChainUnavailableException(_endpoint, method, reason, attempts, detail, failure);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary><c>eth_chainId</c> (cached after the first call).</summary>
    public async Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _chainId) is { } cached)
        {
            return cached.Value;
        }

        var chainId = await QuantityAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _chainId, new StrongBox<BigInteger>(chainId));
        return chainId;
    }

    /// <summary><c>eth_blockNumber</c>.</summary>
    public Task<BigInteger> GetBlockNumberAsync(CancellationToken cancellationToken)
        => QuantityAsync("eth_blockNumber", [], cancellationToken);

    /// <summary><c>eth_getBalance</c> in wei.</summary>
    public Task<BigInteger> GetBalanceAsync(Address account, BlockParameter block, CancellationToken cancellationToken)
        => QuantityAsync("eth_getBalance", [account.ToLowerHex(), block.ToString()], cancellationToken);

    /// <summary><c>eth_getTransactionCount</c> (use <see cref="BlockParameter.Pending"/> for the next nonce).</summary>
    public Task<BigInteger> GetTransactionCountAsync(Address account, BlockParameter block, CancellationToken cancellationToken)
        => QuantityAsync("eth_getTransactionCount", [account.ToLowerHex(), block.ToString()], cancellationToken);

    /// <summary><c>eth_getCode</c>: the runtime bytecode (empty for an externally owned account).</summary>
    public async Task<byte[]> GetCodeAsync(Address account, BlockParameter block, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync("eth_getCode", [account.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false);
        return Hex.Decode(result.GetString() ?? string.Empty, "eth_getCode result");
    }

    /// <summary>
    /// <c>eth_estimateGas</c>. A revert (JSON-RPC error 3, or an error carrying revert data) becomes a
    /// <see cref="ContractRevertException"/> decoded with <paramref name="revertDecoder"/>.
    /// </summary>
    public Task<BigInteger> EstimateGasAsync(CallRequest request, RevertDecoder? revertDecoder, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(request, nameof(request));
        return WithRevertDecoding(() => QuantityAsync("eth_estimateGas", [request.ToJson()], cancellationToken), revertDecoder);
    }

    /// <summary><c>eth_call</c>: the return data. Reverts become <see cref="ContractRevertException"/>.</summary>
    public Task<byte[]> CallAsync(CallRequest request, BlockParameter block, RevertDecoder? revertDecoder, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(request, nameof(request));
        return WithRevertDecoding(
            async () =>
            {
                var result = await SendRequestAsync("eth_call", [request.ToJson(), block.ToString()], cancellationToken).ConfigureAwait(false);
                return Hex.Decode(result.GetString() ?? string.Empty, "eth_call result");
            },
            revertDecoder);
    }

    /// <summary><c>eth_getBlockByNumber</c> (header fields only), or null when the block does not exist.</summary>
    public async Task<BlockHeader?> GetBlockAsync(BlockParameter block, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync("eth_getBlockByNumber", [block.ToString(), false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(result);
    }

    /// <summary>
    /// Fee suggestion from <c>eth_feeHistory</c>: the next block's base fee and the median tip of the
    /// last <paramref name="blockCount"/> blocks, at least <paramref name="minimumPriorityFee"/>.
    /// </summary>
    public async Task<FeeSuggestion> SuggestFeesAsync(BigInteger minimumPriorityFee, CancellationToken cancellationToken, int blockCount = 5)
    {
        Preconditions.NonNegative(minimumPriorityFee, nameof(minimumPriorityFee));
        if (blockCount is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(blockCount), $"blockCount must be in [1, 1024] (was {blockCount}).");
        }

        var history = await SendRequestAsync("eth_feeHistory", [Hex.EncodeQuantity(blockCount), "latest", new JsonArray(50)], cancellationToken).ConfigureAwait(false);
        var baseFees = history.GetProperty("baseFeePerGas").EnumerateArray().Select(e => Hex.DecodeQuantity(e.GetString()!, "baseFeePerGas")).ToList();
        var nextBaseFee = baseFees.Count > 0 ? baseFees[^1] : BigInteger.Zero;
        var tips = history.TryGetProperty("reward", out var reward) && reward.ValueKind == JsonValueKind.Array
            ? reward.EnumerateArray().Select(r => r.EnumerateArray().Select(e => Hex.DecodeQuantity(e.GetString()!, "reward")).FirstOrDefault()).Order().ToList()
            : [];
        var medianTip = tips.Count > 0 ? tips[tips.Count / 2] : BigInteger.Zero;
        return new FeeSuggestion(nextBaseFee, BigInteger.Max(medianTip, minimumPriorityFee));
    }

    /// <summary><c>eth_maxPriorityFeePerGas</c>: the node's own tip suggestion.</summary>
    public Task<BigInteger> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken)
        => QuantityAsync("eth_maxPriorityFeePerGas", [], cancellationToken);

    /// <summary><c>eth_sendRawTransaction</c>: broadcasts and returns the hash the node reports.</summary>
    public async Task<Hash32> SendRawTransactionAsync(SignedTransaction transaction, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        var result = await SendRequestAsync("eth_sendRawTransaction", [transaction.RawHex], cancellationToken).ConfigureAwait(false);
        return Hash32.Parse(result.GetString() ?? string.Empty, "eth_sendRawTransaction result");
    }

    /// <summary>
    /// <c>eth_sendRawTransaction</c> of raw bytes, e.g. a transaction persisted from the <c>onSigned</c>
    /// callback and re-broadcast after a restart ("already known" then means it is in the pool).
    /// </summary>
    public async Task<Hash32> SendRawTransactionAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken)
    {
        if (rawTransaction.IsEmpty)
        {
            throw new ArgumentException("rawTransaction: must not be empty.", nameof(rawTransaction));
        }

        var result = await SendRequestAsync("eth_sendRawTransaction", [Hex.Encode(rawTransaction.Span)], cancellationToken).ConfigureAwait(false);
        return Hash32.Parse(result.GetString() ?? string.Empty, "eth_sendRawTransaction result");
    }

    /// <summary><c>eth_getTransactionByHash</c>, or null when the node does not know the transaction.</summary>
    public async Task<TransactionInfo?> GetTransactionAsync(Hash32 transactionHash, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync("eth_getTransactionByHash", [transactionHash.ToString()], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionInfo.FromJson(result);
    }

    /// <summary><c>eth_getTransactionReceipt</c>, or null while the transaction is not mined.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync("eth_getTransactionReceipt", [transactionHash.ToString()], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result);
    }

    /// <summary>
    /// Polls (every <see cref="ChainRpcOptions.ReceiptPollInterval"/>) until the transaction is mined and has
    /// <paramref name="confirmations"/> confirmations (1 = mined), within <see cref="ChainRpcOptions.ReceiptTimeout"/>.
    /// Returns the receipt whatever its status; a reorg that drops the transaction keeps the wait going.
    /// </summary>
    /// <exception cref="ReceiptTimeoutException">Not enough confirmations in time.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Hash32 transactionHash, int confirmations, CancellationToken cancellationToken)
    {
        if (confirmations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confirmations), $"confirmations must be >= 1 (was {confirmations}).");
        }

        var started = _time.GetTimestamp();
        while (true)
        {
            var receipt = await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
            if (receipt is not null)
            {
                var head = await GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
                if (head - receipt.BlockNumber + 1 >= confirmations)
                {
                    return receipt;
                }
            }

            if (_time.GetElapsedTime(started) >= _options.ReceiptTimeout)
            {
                throw new ReceiptTimeoutException(transactionHash, _options.ReceiptTimeout, confirmations);
            }

            await Task.Delay(_options.ReceiptPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>eth_getLogs</c>.</summary>
    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(filter, nameof(filter));
        var result = await SendRequestAsync("eth_getLogs", [filter.ToJson()], cancellationToken).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(LogEntry.FromJson)];
    }

    internal async Task<BigInteger> QuantityAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String
            ? Hex.DecodeQuantity(result.GetString()!, method + " result")
            : throw new ChainUnavailableException(_endpoint, method, ChainUnavailableReason.InvalidResponse, 1, $"expected a hex quantity, got {result.ValueKind}.");
    }

    private static async Task<T> WithRevertDecoding<T>(Func<Task<T>> call, RevertDecoder? decoder)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ChainRpcException ex) when (ex is not ContractRevertException && IsRevert(ex))
        {
            var data = ex.ErrorData is not null && Hex.IsValid(ex.ErrorData) ? Hex.Decode(ex.ErrorData) : [];
            throw new ContractRevertException(ex.Method, ex.Code, ex.RpcMessage, ex.ErrorData, (decoder ?? RevertDecoder.BuiltInOnly).Decode(data));
        }
    }

    private static bool IsRevert(ChainRpcException ex)
        => ex.Code == 3
        || (ex.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase) && (ex.ErrorData is null || Hex.IsValid(ex.ErrorData)));

    private bool TryReadResponse(string method, string text, out JsonElement result)
    {
        result = default;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var parsed) ? parsed : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            string? data = null;
            if (error.TryGetProperty("data", out var d))
            {
                data = d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText();
            }

            throw new ChainRpcException(method, code, message, data);
        }

        if (root.TryGetProperty("result", out var value))
        {
            result = value;
            return true;
        }

        return false;
    }
}
