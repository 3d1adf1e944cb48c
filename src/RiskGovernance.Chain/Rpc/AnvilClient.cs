using System.Numerics;
using System.Text.Json;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Rpc;

/// <summary>
/// Test-chain controls of anvil (and Hardhat-compatible nodes): time travel, mining, snapshots,
/// balances. For local development and tests only; production code never needs it.
/// </summary>
public sealed class AnvilClient
{
    private readonly EthRpcClient _rpc;

    /// <summary>Wraps a client pointed at an anvil node.</summary>
    public AnvilClient(EthRpcClient rpc) => _rpc = Preconditions.NotNull(rpc, nameof(rpc));

    /// <summary><c>evm_increaseTime</c>: moves the clock of the next block forward; returns the total offset in seconds.</summary>
    public async Task<BigInteger> IncreaseTimeAsync(TimeSpan delta, CancellationToken cancellationToken)
    {
        Preconditions.Positive(delta, nameof(delta));
        var result = await _rpc.SendRequestAsync("evm_increaseTime", [Hex.EncodeQuantity((long)delta.TotalSeconds)], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Number ? new BigInteger(result.GetInt64()) : Hex.DecodeQuantity(result.GetString() ?? "0x0", "evm_increaseTime result");
    }

    /// <summary><c>anvil_setNextBlockTimestamp</c>: the timestamp of the next mined block.</summary>
    public Task SetNextBlockTimestampAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync("anvil_setNextBlockTimestamp", [Hex.EncodeQuantity(timestamp.ToUnixTimeSeconds())], cancellationToken);

    /// <summary><c>anvil_mine</c>: mines <paramref name="blocks"/> empty blocks.</summary>
    public Task MineAsync(CancellationToken cancellationToken, int blocks = 1)
    {
        if (blocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blocks), $"blocks must be >= 1 (was {blocks}).");
        }

        return blocks == 1
            ? _rpc.SendRequestAsync("evm_mine", [], cancellationToken)
            : _rpc.SendRequestAsync("anvil_mine", [Hex.EncodeQuantity(blocks)], cancellationToken);
    }

    /// <summary><c>evm_snapshot</c>: returns the snapshot id.</summary>
    public async Task<BigInteger> SnapshotAsync(CancellationToken cancellationToken)
        => await _rpc.QuantityAsync("evm_snapshot", [], cancellationToken).ConfigureAwait(false);

    /// <summary><c>evm_revert</c>: restores a snapshot (which is consumed); false if the id is unknown.</summary>
    public async Task<bool> RevertAsync(BigInteger snapshotId, CancellationToken cancellationToken)
    {
        var result = await _rpc.SendRequestAsync("evm_revert", [Hex.EncodeQuantity(snapshotId)], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.True;
    }

    /// <summary><c>anvil_setBalance</c>.</summary>
    public Task SetBalanceAsync(Address account, BigInteger wei, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync("anvil_setBalance", [account.ToLowerHex(), Hex.EncodeQuantity(wei)], cancellationToken);

    /// <summary><c>evm_setAutomine</c>: mine each transaction at once (the anvil default) or not.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync("evm_setAutomine", [enabled], cancellationToken);
}
