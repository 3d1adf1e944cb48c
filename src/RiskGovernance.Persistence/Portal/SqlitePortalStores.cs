using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Persistence.Portal;

/// <summary><see cref="IBookStore"/> on SQLite: every snapshot is kept; the newest is current.</summary>
public sealed class SqliteBookStore(IDbContextFactory<GovernanceDbContext> contexts) : IBookStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <inheritdoc />
    public async Task<BookSnapshot?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.BookSnapshots.AsNoTracking().OrderByDescending(b => b.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new BookSnapshot(row.AsOf, row.MarketJson, row.BookJson, row.Source, row.StoredAt);
    }

    /// <inheritdoc />
    public async Task SetCurrentAsync(BookSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (string.IsNullOrWhiteSpace(snapshot.MarketJson))
        {
            throw new InputValidationException("snapshot.marketJson", "must not be empty");
        }

        if (string.IsNullOrWhiteSpace(snapshot.BookJson))
        {
            throw new InputValidationException("snapshot.bookJson", "must not be empty");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        db.BookSnapshots.Add(new BookSnapshotRow
        {
            AsOf = snapshot.AsOf,
            MarketJson = snapshot.MarketJson,
            BookJson = snapshot.BookJson,
            Source = snapshot.Source,
            StoredAt = snapshot.StoredAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<BookSnapshot?> GetAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence < 1)
        {
            throw new InputValidationException("sequence", $"must be at least 1 (was {sequence})");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.BookSnapshots.AsNoTracking().Where(b => b.Id == sequence).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new BookSnapshot(row.AsOf, row.MarketJson, row.BookJson, row.Source, row.StoredAt);
    }

    /// <inheritdoc />
    public async Task<long?> GetCurrentSequenceAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.BookSnapshots.AsNoTracking().OrderByDescending(b => b.Id).Select(b => (long?)b.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BookSnapshotInfo>> ListAsync(int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 1000)
        {
            throw new InputValidationException("count", $"must be in [1, 1000] (was {count})");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.BookSnapshots.AsNoTracking().OrderByDescending(b => b.Id).Select(b => b.Id).Take(count).ToListAsync(cancellationToken);
        var list = new List<BookSnapshotInfo>(ids.Count);

        // One snapshot's texts at a time: a large book is hashed and dropped before the next is read.
        foreach (var id in ids)
        {
            var row = await db.BookSnapshots.AsNoTracking().Where(b => b.Id == id)
                .Select(b => new { b.AsOf, b.Source, b.StoredAt, b.MarketJson, b.BookJson }).SingleAsync(cancellationToken);
            var market = Encoding.UTF8.GetBytes(row.MarketJson);
            var book = Encoding.UTF8.GetBytes(row.BookJson);
            list.Add(new BookSnapshotInfo(id, row.AsOf, row.Source, row.StoredAt, Hash32.Keccak(market), Hash32.Keccak(book), market.Length, book.Length));
        }

        return list;
    }
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
