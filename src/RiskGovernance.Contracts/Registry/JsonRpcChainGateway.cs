using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// <see cref="IChainGateway"/> over HTTP JSON-RPC (eth_* methods), signing EIP-1559 transactions
/// locally with the chain layer. The HttpClient is owned by the caller.
/// </summary>
public sealed class JsonRpcChainGateway : IChainGateway
{
    private const long RevertErrorCode = 3;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeSpan _pollInterval;
    private long _requestId;

    /// <summary>Creates the gateway for <paramref name="endpoint"/>.</summary>
    public JsonRpcChainGateway(HttpClient http, Uri endpoint, TimeSpan? pollInterval = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100);
        if (_pollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), "pollInterval must be positive.");
        }
    }

    /// <summary>Gas limit = estimate * 5/4 + 20 000 (anvil's estimates are exact).</summary>
    public static BigInteger GasWithMargin(BigInteger estimate) => (estimate * 5 / 4) + 20_000;

    /// <inheritdoc />
    public async Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken)
        => Hex.DecodeQuantity((await RequestAsync("eth_chainId", [], cancellationToken)).GetString()!);

    /// <inheritdoc />
    public async Task<byte[]> CallAsync(Address? from, Address to, byte[] data, CancellationToken cancellationToken)
    {
        var result = await RequestAsync("eth_call", [CallObject(from, to, data), "latest"], cancellationToken);
        return Hex.Decode(result.GetString()!);
    }

    /// <inheritdoc />
    public async Task<SignedTransaction> PrepareTransactionAsync(EthPrivateKey sender, Address? to, byte[] data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(data);
        var chainId = await GetChainIdAsync(cancellationToken);
        var gas = Hex.DecodeQuantity((await RequestAsync("eth_estimateGas", [CallObject(sender.Address, to, data)], cancellationToken)).GetString()!);
        var nonce = Hex.DecodeQuantity((await RequestAsync("eth_getTransactionCount", [sender.Address.ToString(), "pending"], cancellationToken)).GetString()!);
        var block = await RequestAsync("eth_getBlockByNumber", ["latest", false], cancellationToken);
        var baseFee = block.TryGetProperty("baseFeePerGas", out var fee) ? Hex.DecodeQuantity(fee.GetString()!) : BigInteger.Zero;
        var tip = Hex.DecodeQuantity((await RequestAsync("eth_maxPriorityFeePerGas", [], cancellationToken)).GetString()!);
        var tx = new Eip1559Transaction(chainId, nonce, tip, (baseFee * 2) + tip, GasWithMargin(gas), to, BigInteger.Zero, data);
        return tx.Sign(sender);
    }

    /// <inheritdoc />
    public async Task<Hash32> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rawTransaction);
        var hash = Hash32.Keccak(rawTransaction);
        try
        {
            var result = await RequestAsync("eth_sendRawTransaction", [Hex.Encode(rawTransaction)], cancellationToken);
            return Hash32.Parse(result.GetString()!);
        }
        catch (ChainRpcException e) when (e.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
                                          || e.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase))
        {
            return hash;
        }
    }

    /// <inheritdoc />
    public async Task<TransactionReceipt?> GetReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken)
    {
        var result = await RequestAsync("eth_getTransactionReceipt", [transactionHash.ToString()], cancellationToken);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var logs = result.GetProperty("logs").EnumerateArray().Select(l => new TransactionLog(
            Address.Parse(l.GetProperty("address").GetString()!),
            [.. l.GetProperty("topics").EnumerateArray().Select(t => Hash32.Parse(t.GetString()!))],
            Hex.Decode(l.GetProperty("data").GetString()!))).ToList();
        var contract = result.TryGetProperty("contractAddress", out var c) && c.ValueKind == JsonValueKind.String
            ? Address.Parse(c.GetString()!)
            : (Address?)null;
        return new TransactionReceipt(
            transactionHash,
            Hex.DecodeQuantity(result.GetProperty("status").GetString()!) == BigInteger.One,
            Hex.DecodeQuantity(result.GetProperty("blockNumber").GetString()!),
            contract,
            logs);
    }

    /// <inheritdoc />
    public async Task<TransactionReceipt> WaitForReceiptAsync(Hash32 transactionHash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var receipt = await GetReceiptAsync(transactionHash, timeoutSource.Token);
                if (receipt is not null)
                {
                    return receipt;
                }

                await Task.Delay(_pollInterval, timeoutSource.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no receipt for {transactionHash} within {timeout}.");
        }
    }

    /// <inheritdoc />
    public async Task<BigInteger> GetTransactionCountAsync(Address address, CancellationToken cancellationToken)
        => Hex.DecodeQuantity((await RequestAsync("eth_getTransactionCount", [address.ToString(), "latest"], cancellationToken)).GetString()!);

    /// <inheritdoc />
    public async Task<long> GetLatestBlockTimestampAsync(CancellationToken cancellationToken)
    {
        var block = await RequestAsync("eth_getBlockByNumber", ["latest", false], cancellationToken);
        return (long)Hex.DecodeQuantity(block.GetProperty("timestamp").GetString()!);
    }

    private static Dictionary<string, string> CallObject(Address? from, Address? to, byte[] data)
    {
        var call = new Dictionary<string, string> { ["data"] = Hex.Encode(data) };
        if (from is { } f)
        {
            call["from"] = f.ToString();
        }

        if (to is { } t)
        {
            call["to"] = t.ToString();
        }

        return call;
    }

    private async Task<JsonElement> RequestAsync(string method, object[] parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _requestId);
        var request = new { jsonrpc = "2.0", id, method, @params = parameters };
        JsonElement body;
        try
        {
            using var response = await _http.PostAsJsonAsync(_endpoint, request, cancellationToken);
            response.EnsureSuccessStatusCode();
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ChainUnavailableException($"JSON-RPC endpoint {_endpoint} is not reachable ({method}): {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"JSON-RPC endpoint {_endpoint} timed out ({method}).", e);
        }
        catch (JsonException e)
        {
            throw new ChainUnavailableException($"JSON-RPC endpoint {_endpoint} did not answer JSON ({method}).", e);
        }

        if (body.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            var code = error.TryGetProperty("code", out var c) ? c.GetInt64() : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            if (code == RevertErrorCode && error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
                && Hex.IsValid(data.GetString()))
            {
                throw new ContractRevertException(Hex.Decode(data.GetString()!), nodeMessage: message);
            }

            throw new ChainRpcException(method, code, message);
        }

        if (!body.TryGetProperty("result", out var result))
        {
            throw new ChainUnavailableException($"JSON-RPC endpoint {_endpoint} answered {method} without a result.");
        }

        return result.Clone();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"JsonRpcChainGateway({_endpoint})");
}
