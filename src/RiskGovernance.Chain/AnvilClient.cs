using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>
/// Test-chain controls of anvil (and Hardhat-compatible nodes), which Nethereum does not wrap:
/// time travel, mining, snapshots, balances. For the local development chain and tests only.
/// </summary>
public sealed class AnvilClient
{
    private readonly IClient _rpc;

    /// <summary>Controls the node behind <paramref name="chain"/>.</summary>
    public AnvilClient(ChainClient chain) => _rpc = (chain ?? throw new ArgumentNullException(nameof(chain))).Rpc;

    /// <summary><c>evm_increaseTime</c>: moves the clock of the next block forward (whole seconds, at least one).</summary>
    public Task IncreaseTimeAsync(TimeSpan delta, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.FromSeconds(1));
        return _rpc.SendRequestAsync<object>("evm_increaseTime", null, new HexBigInteger((long)delta.TotalSeconds)).WaitAsync(cancellationToken);
    }

    /// <summary><c>anvil_setNextBlockTimestamp</c>: the timestamp of the next mined block.</summary>
    public Task SetNextBlockTimestampAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync<object>("anvil_setNextBlockTimestamp", null, new HexBigInteger(timestamp.ToUnixTimeSeconds())).WaitAsync(cancellationToken);

    /// <summary>
    /// <c>evm_setTime</c>: the node's clock reads <paramref name="now"/> from here on and keeps running
    /// (the offset to the host's clock is what anvil keeps; it is lost when anvil restarts).
    /// </summary>
    public Task SetTimeAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync<object>("evm_setTime", null, new HexBigInteger(now.ToUnixTimeSeconds())).WaitAsync(cancellationToken);

    /// <summary><c>evm_mine</c> (one block) or <c>anvil_mine</c> (several empty blocks).</summary>
    public Task MineAsync(CancellationToken cancellationToken, int blocks = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        return blocks == 1
            ? _rpc.SendRequestAsync<object>("evm_mine", null).WaitAsync(cancellationToken)
            : _rpc.SendRequestAsync<object>("anvil_mine", null, new HexBigInteger(blocks)).WaitAsync(cancellationToken);
    }

    /// <summary><c>evm_snapshot</c>: returns the snapshot id.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken)
        => await _rpc.SendRequestAsync<string>("evm_snapshot", null).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary><c>evm_revert</c>: restores a snapshot (which is consumed); false when the id is unknown.</summary>
    public Task<bool> RevertAsync(string snapshotId, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync<bool>("evm_revert", null, snapshotId).WaitAsync(cancellationToken);

    /// <summary><c>anvil_setBalance</c> in wei.</summary>
    public Task SetBalanceAsync(Address account, System.Numerics.BigInteger wei, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync<object>("anvil_setBalance", null, account.ToLowerHex(), new HexBigInteger(wei)).WaitAsync(cancellationToken);

    /// <summary><c>evm_setAutomine</c>: mine each transaction at once (anvil's default) or not.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken)
        => _rpc.SendRequestAsync<object>("evm_setAutomine", null, enabled).WaitAsync(cancellationToken);
}
