using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Portal;

/// <summary>
/// A stored book and market snapshot (table BookSnapshots); the current one has the highest id. The
/// book is a Parquet file named by its hash (<see cref="BookFiles"/>); rows stored before books were
/// files hold the book.json text in <see cref="BookJson"/> until <see cref="BookSnapshotUpgrade"/> moves it.
/// </summary>
public sealed class BookSnapshotRow
{
    /// <summary>Sequence (key).</summary>
    public long Id { get; set; }

    /// <summary>Valuation date.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>market.json text.</summary>
    public string MarketJson { get; set; } = "";

    /// <summary>The market's oracle provenance (compact JSON), or null.</summary>
    public string? MarketProvenance { get; set; }

    /// <summary>The market hash (keccak of the market text, or the oracle market hash with the provenance); null only on a row not yet upgraded.</summary>
    public Hash32? MarketHash { get; set; }

    /// <summary>Length of the market text in UTF-8 bytes.</summary>
    public long MarketBytes { get; set; }

    /// <summary>keccak of the compact book.json bytes; null only on a row not yet upgraded.</summary>
    public Hash32? BookHash { get; set; }

    /// <summary>Length of the compact book.json in bytes.</summary>
    public long BookBytes { get; set; }

    /// <summary>Accounts in the book.</summary>
    public int BookAccounts { get; set; }

    /// <summary>The book's file name under the books folder; null only on a row not yet upgraded.</summary>
    public string? BookFile { get; set; }

    /// <summary>SHA-256 of the book file's bytes, checked when it is read; null only on a row not yet upgraded.</summary>
    public Hash32? BookFileSha256 { get; set; }

    /// <summary>book.json text of a row stored before books were files (null once upgraded).</summary>
    public string? BookJson { get; set; }

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
