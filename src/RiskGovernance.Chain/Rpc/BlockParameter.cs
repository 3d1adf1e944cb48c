using System.Numerics;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Rpc;

/// <summary>
/// A block selector for JSON-RPC: a tag (latest, pending, ...) or a block number.
/// <c>default(BlockParameter)</c> means latest.
/// </summary>
public readonly record struct BlockParameter
{
    private readonly string? _tag;
    private readonly BigInteger? _number;

    private BlockParameter(string? tag, BigInteger? number)
    {
        _tag = tag;
        _number = number;
    }

    /// <summary>The latest mined block.</summary>
    public static BlockParameter Latest => new("latest", null);

    /// <summary>The pending state.</summary>
    public static BlockParameter Pending => new("pending", null);

    /// <summary>The genesis block.</summary>
    public static BlockParameter Earliest => new("earliest", null);

    /// <summary>The latest safe block.</summary>
    public static BlockParameter Safe => new("safe", null);

    /// <summary>The latest finalized block.</summary>
    public static BlockParameter Finalized => new("finalized", null);

    /// <summary>The block number, or null for a tag.</summary>
    public BigInteger? Number => _number;

    /// <summary>A specific block.</summary>
    public static BlockParameter At(BigInteger number) => new(null, Preconditions.NonNegative(number, nameof(number)));

    /// <summary>The JSON-RPC form: a tag or a hex quantity.</summary>
    public override string ToString() => _number is { } number ? Hex.EncodeQuantity(number) : _tag ?? "latest";
}
