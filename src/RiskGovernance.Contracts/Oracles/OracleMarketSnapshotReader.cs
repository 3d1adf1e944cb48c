using RiskGovernance.Chain;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Oracles;

/// <summary>A market snapshot read from on-chain oracles.</summary>
/// <param name="Read">The prices read, with the block they were read at.</param>
/// <param name="Snapshot">The market snapshot with its provenance.</param>
/// <param name="Hash">keccak256 of the snapshot's canonical market JSON and provenance (<see cref="OracleMarketHash"/>).</param>
public sealed record OnChainMarketSnapshot(OnChainOraclePrices Read, OracleMarketSnapshot Snapshot, Hash32 Hash);

/// <summary>
/// Builds a market snapshot from the chain: the feeds' median prices (<see cref="OraclePriceReader"/>, at one
/// block) and each asset's volatility (<see cref="OracleVolatility"/>: DVOL where it exists for the block's date,
/// otherwise the EWMA of the asset's own closes), recording the chain id, block, every feed's round and the dropped feeds.
/// </summary>
public sealed class OracleMarketSnapshotReader
{
    private readonly ChainClient _chain;
    private readonly OraclePriceReader _prices;
    private readonly OracleVolatility _volatility;

    /// <summary>Reads prices with <paramref name="prices"/> on <paramref name="chain"/> and volatilities from <paramref name="volatility"/>.</summary>
    public OracleMarketSnapshotReader(ChainClient chain, OraclePriceReader prices, OracleVolatility volatility)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _volatility = volatility ?? throw new ArgumentNullException(nameof(volatility));
    }

    /// <summary>Reads the feeds at the latest block and builds the snapshot.</summary>
    /// <exception cref="NoUsablePriceException">An asset has no usable feed.</exception>
    /// <exception cref="Engine.Validation.InputValidationException">An asset's volatility cannot be obtained (field <c>history.ASSET</c>).</exception>
    public async Task<OnChainMarketSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var chainId = await _chain.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var read = await _prices.ReadAsync(cancellationToken).ConfigureAwait(false);
        var origin = new OracleMarketOrigin(chainId, read.Block.Number, read.Block.Hash.ToString());
        var snapshot = OracleMarketSnapshot.Build(read.Prices, _volatility, origin);
        return new OnChainMarketSnapshot(read, snapshot, OracleMarketHash.Of(snapshot));
    }
}
