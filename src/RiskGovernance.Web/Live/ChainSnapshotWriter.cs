using System.Text;
using RiskGovernance.Engine.Json;
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
/// fire on each new one by themselves). Today a snapshot is the market and book JSON texts with the provenance
/// summarised in its source text; the market provenance record is passed along for the store that keeps it.
/// </summary>
public sealed class ChainSnapshotWriter(IBookStore books, TimeProvider time)
{
    /// <summary>Stores <paramref name="snapshot"/> as the current one.</summary>
    public async Task WriteAsync(ChainSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await books.SetCurrentAsync(new BookSnapshot(
            snapshot.Market.AsOf,
            Encoding.UTF8.GetString(MarketSnapshotJson.ToUtf8Bytes(snapshot.Market, indented: false)),
            Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(snapshot.Book, indented: false)),
            snapshot.Source,
            time.GetUtcNow()), cancellationToken);
    }

    /// <summary>The source text of the current snapshot (null before the first).</summary>
    public async Task<string?> GetCurrentSourceAsync(CancellationToken cancellationToken)
        => (await books.GetCurrentAsync(cancellationToken))?.Source;
}
