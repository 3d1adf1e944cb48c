using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Portal;

/// <summary>A stored book and market snapshot (table BookSnapshots); the current one has the highest id.</summary>
public sealed class BookSnapshotRow
{
    /// <summary>Sequence (key).</summary>
    public long Id { get; set; }

    /// <summary>Valuation date.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>market.json text.</summary>
    public string MarketJson { get; set; } = "";

    /// <summary>book.json text.</summary>
    public string BookJson { get; set; } = "";

    /// <summary>Provenance.</summary>
    public string Source { get; set; } = "";

    /// <summary>When stored (UTC ticks for ordering in SQLite).</summary>
    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>A stored engine result (table StoredResults), keyed by its input hash.</summary>
public sealed class StoredResultRow
{
    /// <summary>Input hash (key).</summary>
    public Hash32 Key { get; set; }

    /// <summary>Kind of result.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Compact JSON result, gzip-compressed.</summary>
    public byte[] ResultGzip { get; set; } = [];

    /// <summary>keccak of the uncompressed JSON.</summary>
    public Hash32 ResultHash { get; set; }

    /// <summary>Computation time in milliseconds.</summary>
    public double ElapsedMilliseconds { get; set; }

    /// <summary>When computed.</summary>
    public DateTimeOffset ComputedAt { get; set; }
}
