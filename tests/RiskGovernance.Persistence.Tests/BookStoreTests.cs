using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Persistence.Portal;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The snapshot store on a real SQLite file and real Parquet book files in a temporary data directory:
/// a book round-trips bit for bit, an unchanged book is stored once, a failed file write stores no row,
/// a missing or corrupt file is an error naming the file and the snapshot, rows stored as JSON text
/// before the book files are moved into files with their hashes, and an oracle market's provenance is
/// in the market hash a simulation record names.
/// </summary>
public sealed class BookStoreTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly MarketSnapshot Market = DemoInputs.Market10();
    private static readonly ParameterSet Parameters = DemoInputs.Params10();
    private static readonly Book DemoBook = BookGenerator.Generate(Market, Parameters, 300, 7);

    private static NewBookSnapshot New(Book book, MarketSnapshot? market = null, string source = "test", string? provenance = null)
        => new(DemoInputs.AsOf, market ?? Market, book, source, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), provenance);

    private static string[] BookFilesIn(string dataDirectory)
        => Directory.Exists(Path.Combine(dataDirectory, BookFiles.FolderName))
            ? Directory.GetFiles(Path.Combine(dataDirectory, BookFiles.FolderName))
            : [];

    [Fact]
    public async Task SetCurrent_ThenReadByAFreshStore_SameBookJsonBytesAndHashes_FileOwnerOnly()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var expectedBytes = BookJson.ToUtf8Bytes(DemoBook, indented: false);
        var marketBytes = MarketSnapshotJson.ToUtf8Bytes(Market, indented: false);

        var stored = await database.Services.GetRequiredService<IBookStore>().SetCurrentAsync(New(DemoBook), Ct);

        // A new process: no cache, the book is read from its file.
        await using var again = TestDatabase.Build(database.DataDirectory, database.Time);
        var read = (await again.GetRequiredService<IBookStore>().GetCurrentAsync(Ct))!;
        Assert.Equal(1, stored.Sequence);
        Assert.Equal(Hash32.Keccak(expectedBytes), stored.BookHash);
        Assert.Equal(Hash32.Keccak(marketBytes), stored.MarketHash);
        Assert.Equal(expectedBytes.Length, stored.BookBytes);
        Assert.Equal(stored.BookHash, read.BookHash);
        Assert.Equal(stored.MarketHash, read.MarketHash);
        Assert.Equal(expectedBytes, BookJson.ToUtf8Bytes(read.Book, indented: false));
        Assert.Equal(marketBytes, MarketSnapshotJson.ToUtf8Bytes(read.Market, indented: false));
        Assert.Equal("test", read.Source);
        Assert.Equal(DemoInputs.AsOf, read.AsOf);
        var info = Assert.Single(await again.GetRequiredService<IBookStore>().ListAsync(10, Ct));
        Assert.Equal((stored.BookHash, stored.MarketHash, (long)expectedBytes.Length, (long)marketBytes.Length), (info.BookHash, info.MarketHash, info.BookBytes, info.MarketBytes));
        var file = Assert.Single(BookFilesIn(database.DataDirectory));
        Assert.Equal(BookFiles.FileName(stored.BookHash), Path.GetFileName(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task SetCurrent_OnlyTheMarketMoved_SharesTheBookFile_AndTheCurrentBookIsNotReRead()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();
        var moved = MarketSnapshot.Create(Market.AsOf, Market.Assets.Select(a => a.Symbol == "BTC" ? a with { Price = a.Price * 1.01 } : a));

        var first = await store.SetCurrentAsync(New(DemoBook), Ct);
        var second = await store.SetCurrentAsync(New(DemoBook, moved), Ct);
        var third = await store.SetCurrentAsync(New(DemoBook, moved), Ct);

        Assert.Equal(first.BookHash, second.BookHash);
        Assert.NotEqual(first.MarketHash, second.MarketHash);
        Assert.Equal(second.MarketHash, third.MarketHash);
        Assert.Single(BookFilesIn(database.DataDirectory));
        var files = await database.ScalarAsync("SELECT count(DISTINCT BookFile) FROM BookSnapshots");
        Assert.Equal(1L, Convert.ToInt64(files, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([3L, 2L, 1L], (await store.ListAsync(10, Ct)).Select(i => i.Sequence));

        // The current snapshot (and a market-only one before it) come from memory: the file may go.
        File.Delete(Assert.Single(BookFilesIn(database.DataDirectory)));
        Assert.Same(DemoBook, (await store.GetCurrentAsync(Ct))!.Book);
        Assert.Same(DemoBook, (await store.GetAsync(2, Ct))!.Book);
    }

    [Fact]
    public async Task SetCurrent_FileWriteFails_NoRowNoFile_AndTheNextWriteSucceeds()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteBookStore>();
        store.Files.BeforeRename = _ => throw new IOException("disk full (injected)");

        var failed = await Assert.ThrowsAsync<IOException>(() => store.SetCurrentAsync(New(DemoBook), Ct));

        Assert.Contains("injected", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(await database.ScalarAsync("SELECT count(*) FROM BookSnapshots"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(BookFilesIn(database.DataDirectory));
        Assert.Null(await store.GetCurrentAsync(Ct));

        store.Files.BeforeRename = null;
        var stored = await store.SetCurrentAsync(New(DemoBook), Ct);
        Assert.Equal(1, stored.Sequence);
        Assert.Single(BookFilesIn(database.DataDirectory));
    }

    [Fact]
    public async Task Start_TemporaryFileACrashLeft_IsDeleted_AndTheStoredBooksStay()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var stored = await database.Services.GetRequiredService<IBookStore>().SetCurrentAsync(New(DemoBook), Ct);
        var files = database.Services.GetRequiredService<BookFiles>();
        var leftover = files.PathOf(BookFiles.FileName(stored.BookHash) + ".0123456789abcdef.tmp");
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);

        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        await restarted.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        Assert.False(File.Exists(leftover));
        Assert.Equal(files.PathOf(BookFiles.FileName(stored.BookHash)), Assert.Single(BookFilesIn(database.DataDirectory)));
        Assert.Equal(stored.BookHash, (await restarted.GetRequiredService<IBookStore>().GetCurrentAsync(Ct))!.BookHash);
    }

    [Fact]
    public async Task SetCurrent_RowCommitFails_NoRow_AndTheNextSnapshotOfThatBookStoresItWhole()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();
        await database.ExecuteRawAsync("CREATE TRIGGER refuse BEFORE INSERT ON BookSnapshots BEGIN SELECT RAISE(ABORT, 'injected'); END;");

        await Assert.ThrowsAsync<DbUpdateException>(() => store.SetCurrentAsync(New(DemoBook), Ct));
        Assert.Equal(0L, Convert.ToInt64(await database.ScalarAsync("SELECT count(*) FROM BookSnapshots"), System.Globalization.CultureInfo.InvariantCulture));

        await database.ExecuteRawAsync("DROP TRIGGER refuse;");
        var stored = await store.SetCurrentAsync(New(DemoBook), Ct);
        await using var again = TestDatabase.Build(database.DataDirectory, database.Time);
        Assert.Equal(BookJson.ToUtf8Bytes(DemoBook), BookJson.ToUtf8Bytes((await again.GetRequiredService<IBookStore>().GetAsync(stored.Sequence, Ct))!.Book));
        Assert.Single(BookFilesIn(database.DataDirectory));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("one byte changed")]
    [InlineData("another book's file")]
    public async Task Get_CorruptFile_ErrorNamesTheFileAndTheSnapshot(string damage)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();
        var other = await store.SetCurrentAsync(New(Book.Create(DemoBook.Accounts.Take(10))), Ct);
        var stored = await store.SetCurrentAsync(New(DemoBook), Ct);
        var files = database.Services.GetRequiredService<BookFiles>();
        var file = files.PathOf(BookFiles.FileName(stored.BookHash));
        var bytes = await File.ReadAllBytesAsync(file);
        switch (damage)
        {
            case "truncated":
                await File.WriteAllBytesAsync(file, bytes.AsSpan(0, bytes.Length / 2).ToArray());
                break;
            case "one byte changed":
                bytes[bytes.Length / 2] ^= 0x01;
                await File.WriteAllBytesAsync(file, bytes);
                break;
            default:
                File.Copy(files.PathOf(BookFiles.FileName(other.BookHash)), file, overwrite: true);
                break;
        }

        await using var fresh = TestDatabase.Build(database.DataDirectory, database.Time);
        var corrupt = await Assert.ThrowsAsync<BookFileException>(() => fresh.GetRequiredService<IBookStore>().GetCurrentAsync(Ct));

        Assert.StartsWith($"Snapshot 2: its book file {file} is corrupt: its SHA-256 is ", corrupt.Message, StringComparison.Ordinal);
        Assert.Equal(2, corrupt.Sequence);
        Assert.Equal(file, corrupt.FilePath);
        Assert.NotNull(await fresh.GetRequiredService<IBookStore>().GetAsync(1, Ct));
    }

    [Fact]
    public async Task Get_MissingFile_ErrorNamesTheFileAndTheSnapshot_AndTheNextSnapshotOfThatBookWritesItAgain()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await database.Services.GetRequiredService<IBookStore>().SetCurrentAsync(New(DemoBook), Ct);
        var file = Assert.Single(BookFilesIn(database.DataDirectory));
        File.Delete(file);

        await using var fresh = TestDatabase.Build(database.DataDirectory, database.Time);
        var store = fresh.GetRequiredService<IBookStore>();
        var missing = await Assert.ThrowsAsync<BookFileException>(() => store.GetAsync(1, Ct));
        await store.SetCurrentAsync(New(DemoBook), Ct);

        Assert.Equal($"Snapshot 1: its book file {file} is missing.", missing.Message);
        Assert.Equal(file, Assert.Single(BookFilesIn(database.DataDirectory)));
        await using var third = TestDatabase.Build(database.DataDirectory, database.Time);
        Assert.Equal(BookJson.ToUtf8Bytes(DemoBook), BookJson.ToUtf8Bytes((await third.GetRequiredService<IBookStore>().GetAsync(2, Ct))!.Book));
    }

    [Fact]
    public async Task Read_FileOfAnotherBookWithItsOwnChecksum_RefusedByItsMetadata()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();
        var first = await store.SetCurrentAsync(New(DemoBook), Ct);
        var other = await store.SetCurrentAsync(New(Book.Create(DemoBook.Accounts.Take(10))), Ct);
        var files = database.Services.GetRequiredService<BookFiles>();
        var path = files.PathOf(BookFiles.FileName(other.BookHash));
        var sha256 = await BookFiles.Sha256Async(path, Ct);

        var swapped = await Assert.ThrowsAsync<BookFileException>(() => files.ReadAsync(1, BookFiles.FileName(other.BookHash), first.BookHash, sha256, Ct));

        Assert.Contains($"it holds another book than {first.BookHash}", swapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_RowStoredAsJsonText_MovedToABookFileWithItsHashesUnchanged()
    {
        var dataDirectory = directory.NewDataDirectory();
        await using var services = TestDatabase.Build(dataDirectory, ManualTimeProvider.At2026());
        var contexts = services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>();
        Files.OwnerOnlyFiles.EnsureDirectory(Path.GetFullPath(dataDirectory));
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261203122427_MarginBookIndex", Ct);
        }

        // As the portal stored them before: the texts (an indented book: its hash is the keccak of that text).
        var bookText = Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(DemoBook, indented: true));
        var marketText = Encoding.UTF8.GetString(MarketSnapshotJson.ToUtf8Bytes(Market, indented: false));
        var compact = Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(DemoBook, indented: false));
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO BookSnapshots (AsOf, MarketJson, BookJson, Source, StoredAt) VALUES ('2024-09-10', {marketText}, {bookText}, 'old indented', '2026-01-01 00:00:00+00:00')", Ct);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO BookSnapshots (AsOf, MarketJson, BookJson, Source, StoredAt) VALUES ('2024-09-10', {marketText}, {compact}, 'old compact', '2026-01-02 00:00:00+00:00')", Ct);
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        await using var fresh = TestDatabase.Build(dataDirectory, ManualTimeProvider.At2026());
        var store = fresh.GetRequiredService<IBookStore>();
        var list = await store.ListAsync(10, Ct);
        Assert.Equal(Hash32.Keccak(bookText), list[1].BookHash);
        Assert.Equal(Hash32.Keccak(compact), list[0].BookHash);
        Assert.Equal(Hash32.Keccak(marketText), list[0].MarketHash);
        Assert.Equal(Encoding.UTF8.GetByteCount(bookText), list[1].BookBytes);
        var old = (await store.GetAsync(1, Ct))!;
        var current = (await store.GetCurrentAsync(Ct))!;
        Assert.Equal(Hash32.Keccak(bookText), old.BookHash);
        Assert.Equal(compact, Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(old.Book)));
        Assert.Equal(compact, Encoding.UTF8.GetString(BookJson.ToUtf8Bytes(current.Book)));
        Assert.Equal(Hash32.Keccak(compact), current.BookHash);
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(dataDirectory, "SELECT count(*) FROM BookSnapshots WHERE BookJson IS NOT NULL OR BookFile IS NULL"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, BookFilesIn(dataDirectory).Length);

        // A new snapshot of the same book shares the compact one's file.
        var again = await store.SetCurrentAsync(New(DemoBook), Ct);
        Assert.Equal(current.BookHash, again.BookHash);
        Assert.Equal(2, BookFilesIn(dataDirectory).Length);
    }

    [Fact]
    public async Task SetCurrent_WithOracleProvenance_MarketHashCoversIt_AndTheSimulationRecordNamesIt()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();
        const string provenance = """{"asOf":"2024-09-10T00:00:00Z","origin":{"chainId":31337,"blockNumber":42,"blockHash":"0xbb"},"assets":[]}""";
        var marketBytes = MarketSnapshotJson.ToUtf8Bytes(Market, indented: false);

        var plain = await store.SetCurrentAsync(New(DemoBook), Ct);
        var oracle = await store.SetCurrentAsync(New(DemoBook, provenance: provenance), Ct);
        await using var fresh = TestDatabase.Build(database.DataDirectory, database.Time);
        var read = (await fresh.GetRequiredService<IBookStore>().GetCurrentAsync(Ct))!;
        var proposed = ParameterSetJson.Read(ParameterSetJson.ToCanonicalJson(Parameters));
        var record = SimulationRecord.Run(SimulationInputs.On(read.Inputs, Parameters, proposed), new RiskLimits(0.05, 0.25), database.Time.GetUtcNow(), Ct);

        var expected = OracleMarketHash.Of(marketBytes, Encoding.UTF8.GetBytes(provenance));
        Assert.Equal(Hash32.Keccak(marketBytes), plain.MarketHash);
        Assert.Equal(expected, oracle.MarketHash);
        Assert.NotEqual(plain.MarketHash, oracle.MarketHash);
        Assert.Equal(expected, read.MarketHash);
        Assert.Equal(provenance, read.MarketProvenance);
        Assert.Equal(expected, record.MarketHash);
        Assert.Equal(plain.BookHash, record.BookHash);
        Assert.Equal(expected, (await store.ListAsync(1, Ct))[0].MarketHash);
    }

    [Fact]
    public async Task SetCurrent_BadInput_RejectedNamingTheField_NothingStored()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<IBookStore>();

        var source = await Assert.ThrowsAsync<Engine.Validation.InputValidationException>(() => store.SetCurrentAsync(New(DemoBook, source: " "), Ct));
        var provenance = await Assert.ThrowsAsync<Engine.Validation.InputValidationException>(() => store.SetCurrentAsync(New(DemoBook, provenance: "{not json"), Ct));

        Assert.Contains("snapshot.source", source.Message, StringComparison.Ordinal);
        Assert.Contains("marketProvenance", provenance.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync(10, Ct));
        Assert.Empty(BookFilesIn(database.DataDirectory));
    }

    private static async Task<object?> ScalarAsync(string dataDirectory, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, PersistenceOptions.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
