using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;

namespace RiskGovernance.Persistence.Portal;

/// <summary>
/// <see cref="IBookStore"/> on SQLite and Parquet: every snapshot is a row (market text, provenance,
/// hashes, source) and its book a Parquet file named by the book hash (<see cref="BookFiles"/>), shared
/// by every snapshot with the same book. The file is complete on disk before the row is committed, so
/// a row never names a missing or partial file. The current snapshot (with its parsed book) is kept in
/// memory until a newer one is stored, so a page view does not re-read the file.
/// </summary>
public sealed class SqliteBookStore(IDbContextFactory<GovernanceDbContext> contexts, BookFiles files) : IBookStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConditionalWeakTable<Book, StrongBox<BookDigest>> _digests = new();
    private BookSnapshot? _current;

    /// <summary>The book files.</summary>
    public BookFiles Files { get; } = files ?? throw new ArgumentNullException(nameof(files));

    /// <inheritdoc />
    public async Task<BookSnapshot?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var sequence = await GetCurrentSequenceAsync(cancellationToken);
        return sequence is { } current ? await GetAsync(current, cancellationToken) : null;
    }

    /// <inheritdoc />
    public async Task<BookSnapshot> SetCurrentAsync(NewBookSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Market is null)
        {
            throw new InputValidationException("snapshot.market", "is required");
        }

        if (snapshot.Book is null)
        {
            throw new InputValidationException("snapshot.book", "is required");
        }

        if (string.IsNullOrWhiteSpace(snapshot.Source))
        {
            throw new InputValidationException("snapshot.source", "must not be empty");
        }

        if (snapshot.Source.Length > 500)
        {
            throw new InputValidationException("snapshot.source", $"must be at most 500 characters (was {snapshot.Source.Length})");
        }

        if (snapshot.MarketProvenance is not null && string.IsNullOrWhiteSpace(snapshot.MarketProvenance))
        {
            throw new InputValidationException("snapshot.marketProvenance", "must be null or a JSON object");
        }

        var market = MarketSnapshotJson.ToUtf8Bytes(snapshot.Market, indented: false);
        var marketHash = snapshot.MarketProvenance is null
            ? Hash32.Keccak(market)
            : OracleMarketHash.Of(market, Encoding.UTF8.GetBytes(snapshot.MarketProvenance));
        // A book stored or read by this store before (a market-only snapshot passes the current book) is not hashed again.
        var book = _digests.TryGetValue(snapshot.Book, out var known)
            ? known.Value
            : await Task.Run(() => BookDigest.Of(snapshot.Book), cancellationToken);
        var marketJson = Encoding.UTF8.GetString(market);

        await _writer.WaitAsync(cancellationToken);
        try
        {
            // The file first (complete, on disk, under its final name), then the row; a book already
            // stored by an earlier snapshot shares its file.
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var shared = await db.BookSnapshots.AsNoTracking()
                .Where(b => b.BookHash == book.Hash && b.BookFile != null && b.BookFileSha256 != null)
                .Select(b => new { b.BookFile, b.BookFileSha256 }).FirstOrDefaultAsync(cancellationToken);
            var file = shared is not null && Files.Exists(shared.BookFile!)
                ? new StoredBookFile(shared.BookFile!, shared.BookFileSha256!.Value)
                : await Files.WriteAsync(snapshot.Book, book.Hash, cancellationToken);
            var row = new BookSnapshotRow
            {
                AsOf = snapshot.AsOf,
                MarketJson = marketJson,
                MarketProvenance = snapshot.MarketProvenance,
                MarketHash = marketHash,
                MarketBytes = market.Length,
                BookHash = book.Hash,
                BookBytes = book.Bytes,
                BookAccounts = snapshot.Book.Accounts.Count,
                BookFile = file.Name,
                BookFileSha256 = file.Sha256,
                Source = snapshot.Source,
                StoredAt = snapshot.StoredAt,
            };
            db.BookSnapshots.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            var stored = new BookSnapshot(row.Id, row.AsOf, snapshot.Market, marketJson, snapshot.MarketProvenance, snapshot.Book,
                marketHash, book.Hash, book.Bytes, row.Source, row.StoredAt);
            _digests.AddOrUpdate(snapshot.Book, new StrongBox<BookDigest>(book));
            Volatile.Write(ref _current, stored);
            return stored;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public async Task<BookSnapshot?> GetAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence < 1)
        {
            throw new InputValidationException("sequence", $"must be at least 1 (was {sequence})");
        }

        var current = Volatile.Read(ref _current);
        if (current is not null && current.Sequence == sequence)
        {
            return current;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.BookSnapshots.AsNoTracking().Where(b => b.Id == sequence).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var snapshot = await LoadAsync(row, current, cancellationToken);
        var newest = await db.BookSnapshots.AsNoTracking().MaxAsync(b => (long?)b.Id, cancellationToken);
        if (newest == sequence)
        {
            // Keep the current snapshot; a newer one stored meanwhile replaces it only if it is still newer.
            var seen = Volatile.Read(ref _current);
            if (seen is null || seen.Sequence < sequence)
            {
                Interlocked.CompareExchange(ref _current, snapshot, seen);
            }
        }

        return snapshot;
    }

    /// <inheritdoc />
    public async Task<long?> GetCurrentSequenceAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.BookSnapshots.AsNoTracking().OrderByDescending(b => b.Id).Select(b => (long?)b.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<BookSnapshotInfo?> GetInfoAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence < 1)
        {
            throw new InputValidationException("sequence", $"must be at least 1 (was {sequence})");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.BookSnapshots.AsNoTracking().Where(b => b.Id == sequence)
            .Select(b => new SummaryRow(b.Id, b.AsOf, b.Source, b.StoredAt, b.MarketHash, b.BookHash, b.MarketBytes, b.BookBytes))
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : await InfoAsync(db, row, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BookSnapshotInfo>> ListAsync(int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 1000)
        {
            throw new InputValidationException("count", $"must be in [1, 1000] (was {count})");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.BookSnapshots.AsNoTracking().OrderByDescending(b => b.Id).Take(count)
            .Select(b => new SummaryRow(b.Id, b.AsOf, b.Source, b.StoredAt, b.MarketHash, b.BookHash, b.MarketBytes, b.BookBytes))
            .ToListAsync(cancellationToken);
        var list = new List<BookSnapshotInfo>(rows.Count);
        foreach (var row in rows)
        {
            list.Add(await InfoAsync(db, row, cancellationToken));
        }

        return list;
    }

    private static async Task<BookSnapshotInfo> InfoAsync(GovernanceDbContext db, SummaryRow row, CancellationToken cancellationToken)
    {
        if (row.MarketHash is { } marketHash && row.BookHash is { } bookHash)
        {
            return new BookSnapshotInfo(row.Id, row.AsOf, row.Source, row.StoredAt, marketHash, bookHash, row.MarketBytes, row.BookBytes);
        }

        // A row stored before books were files and not yet upgraded: hashed from its texts, as then.
        var texts = await db.BookSnapshots.AsNoTracking().Where(b => b.Id == row.Id)
            .Select(b => new { b.MarketJson, b.BookJson }).SingleAsync(cancellationToken);
        var market = Encoding.UTF8.GetBytes(texts.MarketJson);
        var book = Encoding.UTF8.GetBytes(texts.BookJson ?? "");
        return new BookSnapshotInfo(row.Id, row.AsOf, row.Source, row.StoredAt, Hash32.Keccak(market), Hash32.Keccak(book), market.Length, book.Length);
    }

    private async Task<BookSnapshot> LoadAsync(BookSnapshotRow row, BookSnapshot? current, CancellationToken cancellationToken)
    {
        var market = MarketSnapshotJson.Read(row.MarketJson);
        if (row.BookFile is null || row.BookHash is not { } bookHash || row.MarketHash is not { } marketHash || row.BookFileSha256 is not { } sha256)
        {
            // A row stored before books were files and not yet upgraded (BookSnapshotUpgrade runs on start).
            var text = row.BookJson ?? throw new InvalidOperationException($"Snapshot {row.Id}: it has neither a book file nor a book text.");
            var bytes = Encoding.UTF8.GetBytes(text);
            return new BookSnapshot(row.Id, row.AsOf, market, row.MarketJson, row.MarketProvenance, Engine.Json.BookJson.Read(bytes),
                row.MarketHash ?? Hash32.Keccak(row.MarketJson), Hash32.Keccak(bytes), bytes.Length, row.Source, row.StoredAt);
        }

        // A market-only snapshot shares the current one's book: no file read.
        var book = current is not null && current.BookHash == bookHash
            ? current.Book
            : await Files.ReadAsync(row.Id, row.BookFile, bookHash, sha256, cancellationToken);
        return new BookSnapshot(row.Id, row.AsOf, market, row.MarketJson, row.MarketProvenance, book, marketHash, bookHash, row.BookBytes,
            row.Source, row.StoredAt);
    }

    private sealed record SummaryRow(
        long Id, DateOnly AsOf, string Source, DateTimeOffset StoredAt, Hash32? MarketHash, Hash32? BookHash, long MarketBytes, long BookBytes);
}

/// <summary><see cref="IResultStore"/> on SQLite: results gzip-compressed, first write wins.</summary>
public sealed class SqliteResultStore(IDbContextFactory<GovernanceDbContext> contexts) : IResultStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <inheritdoc />
    public async Task<StoredResult?> FindAsync(Hash32 key, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.StoredResults.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var json = Decompress(row.ResultGzip);
        return new StoredResult(row.Key, row.Kind, json, row.ResultHash, TimeSpan.FromMilliseconds(row.ElapsedMilliseconds), row.ComputedAt);
    }

    /// <inheritdoc />
    public async Task SaveAsync(StoredResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (string.IsNullOrEmpty(result.ResultJson))
        {
            throw new InputValidationException("result.resultJson", "must not be empty");
        }

        if (Hash32.Keccak(Encoding.UTF8.GetBytes(result.ResultJson)) != result.ResultHash)
        {
            throw new InputValidationException("result.resultHash", "is not the keccak of the result JSON");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (await db.StoredResults.AnyAsync(r => r.Key == result.Key, cancellationToken))
        {
            return;
        }

        db.StoredResults.Add(new StoredResultRow
        {
            Key = result.Key,
            Kind = result.Kind,
            ResultGzip = Compress(result.ResultJson),
            ResultHash = result.ResultHash,
            ElapsedMilliseconds = result.Elapsed.TotalMilliseconds,
            ComputedAt = result.ComputedAt,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent writer may have stored the same key first (same inputs, same result).
            if (!await StoredAsync(result.Key, cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> StoredAsync(Hash32 key, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.StoredResults.AnyAsync(r => r.Key == key, cancellationToken);
    }

    private static byte[] Compress(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return buffer.ToArray();
    }

    private static string Decompress(byte[] gzipped)
    {
        using var gzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
