using RiskGovernance.Chain;

namespace RiskGovernance.Web.Infrastructure;

/// <summary>
/// Development time travel on the local chain: advances anvil's clock (evm_increaseTime and a
/// mined block) and the portal's clock together. Only available on chain 31337 in Development.
/// </summary>
public sealed class ChainTime(ChainClient chain, AnvilClient anvil, PortalClock clock)
{
    /// <summary>Aligns the portal clock with the latest block's time when the chain is ahead.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var latest = await chain.GetLatestBlockAsync(cancellationToken);
        clock.AdvanceTo(latest.Timestamp);
    }

    /// <summary>Moves both clocks forward by <paramref name="delta"/> (1 second to 365 days).</summary>
    public async Task AdvanceAsync(TimeSpan delta, CancellationToken cancellationToken)
    {
        if (delta < TimeSpan.FromSeconds(1) || delta > TimeSpan.FromDays(365))
        {
            throw new Engine.Validation.InputValidationException("delta", "must be between 1 second and 365 days");
        }

        var chainId = await chain.ReadChainIdAsync(cancellationToken);
        if (chainId != DevelopmentKeys.LocalChainId)
        {
            throw new InvalidOperationException($"time travel is only for the local chain (31337); this is chain {chainId}.");
        }

        var before = clock.GetUtcNow();
        await anvil.IncreaseTimeAsync(delta, cancellationToken);
        await anvil.MineAsync(cancellationToken);
        clock.AdvanceTo(before + delta);
        await SyncAsync(cancellationToken);
    }
}
