using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Web.Live;

/// <summary>A snapshot read from the chain, ready to store.</summary>
/// <param name="Market">The market (the oracles' medians and volatilities, the stablecoins at 1).</param>
/// <param name="Book">The book rebuilt from the MarginAccounts logs.</param>
/// <param name="Source">The provenance text (contract, block, feeds' rounds, market hash, volatility method).</param>
/// <param name="MarketProvenanceJson">The oracle market's provenance record (<c>OracleMarketSnapshot.ProvenanceJson</c>).</param>
public sealed record ChainSnapshot(MarketSnapshot Market, Book Book, string Source, string MarketProvenanceJson);

/// <summary>
/// The one place where the live chain follower writes snapshots through <see cref="IBookStore"/> (the liquidation alerts
/// fire on each new one by themselves). The market's provenance record is stored with it, so the snapshot's market hash
/// (and every simulation record run on it) is the <c>OracleMarketHash</c> of the market and its provenance.
/// </summary>
public sealed class ChainSnapshotWriter(IBookStore books, TimeProvider time)
{
    /// <summary>Stores <paramref name="snapshot"/> as the current one.</summary>
    public async Task WriteAsync(ChainSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await books.SetCurrentAsync(
            new NewBookSnapshot(snapshot.Market.AsOf, snapshot.Market, snapshot.Book, snapshot.Source, time.GetUtcNow(), snapshot.MarketProvenanceJson),
            cancellationToken);
    }

    /// <summary>The source text of the current snapshot (null before the first), read without its book.</summary>
    public async Task<string?> GetCurrentSourceAsync(CancellationToken cancellationToken)
        => await books.GetCurrentSequenceAsync(cancellationToken) is { } sequence
            ? (await books.GetInfoAsync(sequence, cancellationToken))?.Source
            : null;
}
