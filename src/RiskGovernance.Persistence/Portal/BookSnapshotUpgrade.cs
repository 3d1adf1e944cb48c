using System.Text;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Portal;

/// <summary>
/// Moves the books of snapshots stored before books were files (their book.json text in the row) into
/// book files, keeping their hashes: the book hash stays the keccak of the stored text and the market
/// hash the keccak of the market text, as they were listed and recorded. Each row is upgraded on its
/// own: the file is written first, then the row updated (hashes and file name set, text cleared) in one
/// transaction, so a crash in between leaves a row that is simply upgraded again on the next start.
/// Run by <see cref="DatabaseMigrator"/> after the migrations.
/// </summary>
public sealed class BookSnapshotUpgrade(IDbContextFactory<GovernanceDbContext> contexts, BookFiles files)
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
    private readonly BookFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    /// <summary>Upgrades every row that still holds its book text; returns how many were upgraded.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _files.DeleteLeftovers();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var pending = await db.BookSnapshots.AsNoTracking().Where(b => b.BookFile == null).OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(cancellationToken);
        var upgraded = 0;
        foreach (var id in pending)
        {
            var row = await db.BookSnapshots.SingleAsync(b => b.Id == id, cancellationToken);
            if (row.BookJson is null)
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(row.BookJson);
            Engine.Model.Book book;
            try
            {
                book = Engine.Json.BookJson.Read(bytes);
            }
            catch (InputValidationException)
            {
                // A text that is not a valid book stays a text: reading that snapshot reports its problems.
                continue;
            }

            var bookHash = Hash32.Keccak(bytes);
            var file = await _files.WriteAsync(book, bookHash, cancellationToken);
            row.BookFile = file.Name;
            row.BookFileSha256 = file.Sha256;
            row.BookHash = bookHash;
            row.BookBytes = bytes.Length;
            row.BookAccounts = book.Accounts.Count;
            row.MarketHash ??= Hash32.Keccak(row.MarketJson);
            row.MarketBytes = Encoding.UTF8.GetByteCount(row.MarketJson);
            row.BookJson = null;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            upgraded++;
        }

        return upgraded;
    }
}
