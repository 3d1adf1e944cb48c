using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Rpc;

/// <summary>The fields of <c>eth_call</c> and <c>eth_estimateGas</c>. A null <see cref="To"/> simulates a contract creation.</summary>
public sealed record CallRequest
{
    private readonly byte[] _data;

    /// <summary>Creates a request.</summary>
    public CallRequest(Address? to, ReadOnlySpan<byte> data, Address? from = null, BigInteger? value = null, BigInteger? gas = null)
    {
        if (value is { Sign: < 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value must be >= 0.");
        }

        if (gas is { Sign: <= 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(gas), "gas must be > 0.");
        }

        To = to;
        _data = data.ToArray();
        From = from;
        Value = value;
        Gas = gas;
    }

    /// <summary>Target contract, or null for a creation.</summary>
    public Address? To { get; }

    /// <summary>Call data (or init code).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Caller (msg.sender).</summary>
    public Address? From { get; }

    /// <summary>Value in wei.</summary>
    public BigInteger? Value { get; }

    /// <summary>Gas limit for the simulation.</summary>
    public BigInteger? Gas { get; }

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is { } from)
        {
            json["from"] = from.ToLowerHex();
        }

        if (To is { } to)
        {
            json["to"] = to.ToLowerHex();
        }

        if (Gas is { } gas)
        {
            json["gas"] = Hex.EncodeQuantity(gas);
        }

        if (Value is { } value)
        {
            json["value"] = Hex.EncodeQuantity(value);
        }

        json["data"] = Hex.Encode(_data);
        return json;
    }
}

/// <summary>A log emitted by a transaction.</summary>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<Hash32> Topics,
    ReadOnlyMemory<byte> Data,
    BigInteger BlockNumber,
    Hash32 BlockHash,
    Hash32 TransactionHash,
    BigInteger LogIndex,
    bool Removed)
{
    internal static LogEntry FromJson(JsonElement json) => new(
        Address.Parse(json.GetProperty("address").GetString()!.ToLowerInvariant(), "log.address"),
        [.. json.GetProperty("topics").EnumerateArray().Select(t => Hash32.Parse(t.GetString()!, "log.topics"))],
        Hex.Decode(json.GetProperty("data").GetString()!, "log.data"),
        RpcJson.Quantity(json, "blockNumber"),
        RpcJson.OptionalHash(json, "blockHash") ?? default,
        RpcJson.OptionalHash(json, "transactionHash") ?? default,
        RpcJson.Quantity(json, "logIndex"),
        json.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
}

/// <summary>A transaction receipt.</summary>
public sealed record TransactionReceipt(
    Hash32 TransactionHash,
    BigInteger BlockNumber,
    Hash32 BlockHash,
    Address From,
    Address? To,
    Address? ContractAddress,
    bool Succeeded,
    BigInteger GasUsed,
    BigInteger EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs)
{
    internal static TransactionReceipt FromJson(JsonElement json) => new(
        Hash32.Parse(json.GetProperty("transactionHash").GetString()!, "receipt.transactionHash"),
        RpcJson.Quantity(json, "blockNumber"),
        Hash32.Parse(json.GetProperty("blockHash").GetString()!, "receipt.blockHash"),
        RpcJson.RequiredAddress(json, "from"),
        RpcJson.OptionalAddress(json, "to"),
        RpcJson.OptionalAddress(json, "contractAddress"),
        RpcJson.Quantity(json, "status") == BigInteger.One,
        RpcJson.Quantity(json, "gasUsed"),
        json.TryGetProperty("effectiveGasPrice", out _) ? RpcJson.Quantity(json, "effectiveGasPrice") : BigInteger.Zero,
        [.. json.GetProperty("logs").EnumerateArray().Select(LogEntry.FromJson)]);
}

/// <summary>The header fields of a block that callers need.</summary>
public sealed record BlockHeader(BigInteger Number, Hash32 Hash, DateTimeOffset Timestamp, BigInteger? BaseFeePerGas, BigInteger GasLimit)
{
    internal static BlockHeader FromJson(JsonElement json) => new(
        RpcJson.Quantity(json, "number"),
        Hash32.Parse(json.GetProperty("hash").GetString()!, "block.hash"),
        DateTimeOffset.FromUnixTimeSeconds((long)RpcJson.Quantity(json, "timestamp")),
        json.TryGetProperty("baseFeePerGas", out var fee) && fee.ValueKind == JsonValueKind.String ? Hex.DecodeQuantity(fee.GetString()!, "block.baseFeePerGas") : null,
        RpcJson.Quantity(json, "gasLimit"));
}

/// <summary>Suggested EIP-1559 fees: the next block's base fee and a priority fee (tip).</summary>
public sealed record FeeSuggestion(BigInteger BaseFeePerGas, BigInteger MaxPriorityFeePerGas)
{
    /// <summary>A fee cap that survives <paramref name="baseFeeMultiplier"/>-fold base fee growth: base * multiplier + tip.</summary>
    public BigInteger MaxFeePerGas(int baseFeeMultiplier = 2) => (BaseFeePerGas * baseFeeMultiplier) + MaxPriorityFeePerGas;
}

/// <summary>A filter for <c>eth_getLogs</c>. Topics: position-wise, null matches anything.</summary>
public sealed record LogFilter
{
    /// <summary>Creates a filter.</summary>
    public LogFilter(BlockParameter fromBlock, BlockParameter toBlock, IReadOnlyList<Address>? addresses = null, IReadOnlyList<Hash32?>? topics = null)
    {
        if (topics is { Count: > 4 })
        {
            throw new ArgumentException("topics: at most 4 topic positions.", nameof(topics));
        }

        FromBlock = fromBlock;
        ToBlock = toBlock;
        Addresses = addresses is null ? [] : [.. addresses];
        Topics = topics is null ? [] : [.. topics];
    }

    /// <summary>First block (inclusive).</summary>
    public BlockParameter FromBlock { get; }

    /// <summary>Last block (inclusive).</summary>
    public BlockParameter ToBlock { get; }

    /// <summary>Emitting contracts (empty: any).</summary>
    public IReadOnlyList<Address> Addresses { get; }

    /// <summary>Topic constraints by position (null: any).</summary>
    public IReadOnlyList<Hash32?> Topics { get; }

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["fromBlock"] = FromBlock.ToString(),
            ["toBlock"] = ToBlock.ToString(),
        };
        if (Addresses.Count > 0)
        {
            json["address"] = new JsonArray([.. Addresses.Select(a => (JsonNode)a.ToLowerHex())]);
        }

        if (Topics.Count > 0)
        {
            json["topics"] = new JsonArray([.. Topics.Select(t => t is { } topic ? (JsonNode?)topic.ToString() : null)]);
        }

        return json;
    }
}

/// <summary>Reading helpers for JSON-RPC results.</summary>
internal static class RpcJson
{
    public static BigInteger Quantity(JsonElement json, string property)
        => json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? Hex.DecodeQuantity(value.GetString()!, property)
            : throw new FormatException($"JSON-RPC result lacks the quantity '{property}'.");

    public static Address RequiredAddress(JsonElement json, string property)
        => OptionalAddress(json, property) ?? throw new FormatException($"JSON-RPC result lacks the address '{property}'.");

    public static Address? OptionalAddress(JsonElement json, string property)
        => json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? Address.Parse(value.GetString()!.ToLowerInvariant(), property)
            : null;

    public static Hash32? OptionalHash(JsonElement json, string property)
        => json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? Hash32.Parse(value.GetString()!, property)
            : null;
}

/// <summary>A transaction as the node reports it (<c>eth_getTransactionByHash</c>); <see cref="BlockNumber"/> is null while pending.</summary>
public sealed record TransactionInfo(Hash32 Hash, Address From, Address? To, BigInteger Nonce, BigInteger Value, ReadOnlyMemory<byte> Input, BigInteger? BlockNumber)
{
    internal static TransactionInfo FromJson(JsonElement json) => new(
        Hash32.Parse(json.GetProperty("hash").GetString()!, "transaction.hash"),
        RpcJson.RequiredAddress(json, "from"),
        RpcJson.OptionalAddress(json, "to"),
        RpcJson.Quantity(json, "nonce"),
        RpcJson.Quantity(json, "value"),
        Hex.Decode(json.GetProperty("input").GetString()!, "transaction.input"),
        json.TryGetProperty("blockNumber", out var block) && block.ValueKind == JsonValueKind.String ? Hex.DecodeQuantity(block.GetString()!, "transaction.blockNumber") : null);
}
