using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Snapshots;

/// <summary>
/// Which snapshot the portal's figures are computed on, as every page's header shows it.
/// </summary>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Source">Where it came from (its provenance, <see cref="BookSnapshot.Source"/>).</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">The snapshot's market hash (as GET /api/snapshots lists it).</param>
/// <param name="BookHash">keccak of the book's compact book.json (as GET /api/snapshots lists it).</param>
public sealed record CurrentSnapshotSummary(DateOnly AsOf, string Source, DateTimeOffset StoredAt, Hash32 MarketHash, Hash32 BookHash);

/// <summary>
/// The current snapshot's summary (singleton): asks the store for the current snapshot's sequence on
/// every call (one indexed read), so a page rendered after a new snapshot is stored names the new one;
/// the summary (with the hashes the store computed when it stored the snapshot, as it lists them) is
/// read only once per snapshot, since stored snapshots never change; the book is never read.
/// </summary>
public sealed class CurrentSnapshotView(IBookStore books)
{
    private readonly IBookStore _books = books ?? throw new ArgumentNullException(nameof(books));
    private Cached? _cached;
    private int _hashCount;

    /// <summary>The number of times a snapshot's summary was read (each new snapshot once).</summary>
    public int HashCount => Volatile.Read(ref _hashCount);

    /// <summary>The summary of the current snapshot, or null before the first one is stored.</summary>
    public async Task<CurrentSnapshotSummary?> GetAsync(CancellationToken cancellationToken)
    {
        var sequence = await _books.GetCurrentSequenceAsync(cancellationToken);
        if (sequence is not { } current)
        {
            return null;
        }

        var cached = Volatile.Read(ref _cached);
        if (cached is not null && cached.Sequence == current)
        {
            return cached.Summary;
        }

        var snapshot = await _books.GetInfoAsync(current, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }

        var summary = new CurrentSnapshotSummary(snapshot.AsOf, snapshot.Source, snapshot.StoredAt, snapshot.MarketHash, snapshot.BookHash);
        Interlocked.Increment(ref _hashCount);
        Volatile.Write(ref _cached, new Cached(current, summary));
        return summary;
    }

    private sealed record Cached(long Sequence, CurrentSnapshotSummary Summary);
}
