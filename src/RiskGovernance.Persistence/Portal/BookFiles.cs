using System.Globalization;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Digests;
using Parquet;
using Parquet.Schema;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Persistence.Files;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Portal;

/// <summary>A book file that is missing, unreadable or not what its snapshot row says.</summary>
public sealed class BookFileException : Exception
{
    /// <summary>Creates the error naming the snapshot and the file.</summary>
    public BookFileException(long sequence, string path, string problem, Exception? inner = null)
        : base($"Snapshot {sequence.ToString(CultureInfo.InvariantCulture)}: its book file {path} {problem}.", inner)
    {
        Sequence = sequence;
        FilePath = path;
    }

    /// <summary>The snapshot whose book it is.</summary>
    public long Sequence { get; }

    /// <summary>The file.</summary>
    public string FilePath { get; }
}

/// <summary>The hash and size of a book's compact book.json, computed without building the text.</summary>
/// <param name="Hash">keccak of the compact book.json bytes.</param>
/// <param name="Bytes">Their length.</param>
public readonly record struct BookDigest(Hash32 Hash, long Bytes)
{
    /// <summary>Streams <see cref="BookJson.WriteTo"/> into a Keccak-256: no 560 MB text for a million accounts.</summary>
    public static BookDigest Of(Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        using var keccak = new KeccakStream();
        using (var buffered = new BufferedStream(keccak, 1 << 16))
        {
            BookJson.WriteTo(buffered, book);
        }

        return new BookDigest(keccak.Hash(), keccak.Length);
    }
}

/// <summary>A written book file.</summary>
/// <param name="Name">Its name under the books folder.</param>
/// <param name="Sha256">SHA-256 of its bytes, checked on every read.</param>
public sealed record StoredBookFile(string Name, Hash32 Sha256);

/// <summary>A write-only stream that hashes what is written to it with Ethereum's Keccak-256.</summary>
public sealed class KeccakStream : Stream
{
    private readonly KeccakDigest _digest = new(256);
    private long _length;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>The hash of everything written so far (the stream may not be written after).</summary>
    public Hash32 Hash()
    {
        var output = new byte[Hash32.Length];
        _digest.DoFinal(output, 0);
        return Hash32.FromBytes(output);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _digest.BlockUpdate(buffer);
        _length += buffer.Length;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// Books as columnar Parquet files under <c>&lt;DataDirectory&gt;/books/</c>, one per distinct book,
/// named by the book hash (<c>0x….parquet</c>): snapshots with the same book share the file. A file is
/// written to an owner-only temporary file, flushed to disk and renamed, so a file that has its final
/// name is complete.
/// </summary>
/// <remarks>
/// One row per item, in book order: an account (kind 0, its id), then its collateral balances (kind 1,
/// asset and amount) and its positions (kind 2 perp: asset, quantity, entry price; kind 3 call and 4
/// put: asset, quantity, strike, expiry days). Assets are indices into the file's "assets" metadata.
/// Numbers are the book's doubles bit for bit, so the book read back writes the same book.json bytes.
/// </remarks>
public sealed class BookFiles
{
    /// <summary>The folder under the data directory.</summary>
    public const string FolderName = "books";

    private const string FormatKey = "riskgovernance.format";
    private const string Format = "book/1";
    private const string AssetsKey = "riskgovernance.assets";
    private const string AccountsKey = "riskgovernance.accounts";
    private const string HashKey = "riskgovernance.bookHash";
    private const int RowGroupRows = 1 << 20;

    private static readonly DataField<int> KindField = new("kind");
    private static readonly DataField<string> IdField = new("id", nullable: true);
    private static readonly DataField<int> AssetField = new("asset");
    private static readonly DataField<double> XField = new("x");
    private static readonly DataField<double> YField = new("y");
    private static readonly DataField<double> ZField = new("z");
    private static readonly ParquetSchema Schema = new(KindField, IdField, AssetField, XField, YField, ZField);

    /// <summary>Books under <paramref name="dataDirectory"/>.</summary>
    public BookFiles(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory = Path.Combine(Path.GetFullPath(dataDirectory), FolderName);
    }

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>Called with the temporary file's stream after the book is written and before it is renamed (tests inject faults here).</summary>
    internal Action<string>? BeforeRename { get; set; }

    /// <summary>The file name of a book (relative to <see cref="Directory"/>).</summary>
    public static string FileName(Hash32 bookHash) => bookHash.ToString() + ".parquet";

    /// <summary>The full path of a book's file.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>
    /// Writes the book's file (replacing a file of that name that no snapshot refers to, which a crash
    /// between the file and its row can leave) and returns its name and SHA-256. Temporary file, flush to
    /// disk, rename, directory flushed: a file under its final name is complete.
    /// </summary>
    public async Task<StoredBookFile> WriteAsync(Book book, Hash32 bookHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var name = FileName(bookHash);
        var path = PathOf(name);
        OwnerOnlyFiles.EnsureDirectory(Directory);
        var temporary = Path.Combine(Directory, $"{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = 1 << 16,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFiles.OwnerFile;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                await WriteAsync(stream, book, bookHash, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            var sha256 = await Sha256Async(temporary, cancellationToken);
            BeforeRename?.Invoke(temporary);
            File.Move(temporary, path, overwrite: true);
            FlushDirectory();
            return new StoredBookFile(name, sha256);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Whether the file exists.</summary>
    public bool Exists(string fileName) => File.Exists(PathOf(fileName));

    /// <summary>Reads the book of snapshot <paramref name="sequence"/> from <paramref name="fileName"/>; a missing or unreadable file is a <see cref="BookFileException"/> naming both.</summary>
    public async Task<Book> ReadAsync(long sequence, string fileName, Hash32 bookHash, Hash32 sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(fileName);
        if (!File.Exists(path))
        {
            throw new BookFileException(sequence, path, "is missing");
        }

        try
        {
            // The whole file against the SHA-256 recorded when it was written: any changed byte is found here.
            var actual = await Sha256Async(path, cancellationToken);
            if (actual != sha256)
            {
                throw new BookFileException(sequence, path, $"is corrupt: its SHA-256 is {actual}, the snapshot recorded {sha256}");
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return await ReadAsync(stream, bookHash, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not BookFileException)
        {
            throw new BookFileException(sequence, path, $"cannot be read as a book ({e.Message})", e);
        }
    }

    /// <summary>The SHA-256 of a file's bytes.</summary>
    public static async Task<Hash32> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Hash32.FromBytes(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Deletes temporary files a crash left behind (none has a final name, so no snapshot refers to one).</summary>
    public void DeleteLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.tmp"))
        {
            File.Delete(file);
        }
    }

    private static async Task WriteAsync(Stream stream, Book book, Hash32 bookHash, CancellationToken cancellationToken)
    {
        var assets = new List<string>();
        var assetIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int AssetOf(string asset)
        {
            if (!assetIndex.TryGetValue(asset, out var index))
            {
                index = assets.Count;
                assets.Add(asset);
                assetIndex.Add(asset, index);
            }

            return index;
        }

        var kind = new int[RowGroupRows];
        var id = new string?[RowGroupRows];
        var asset = new int[RowGroupRows];
        var x = new double[RowGroupRows];
        var y = new double[RowGroupRows];
        var z = new double[RowGroupRows];
        var rows = 0;

        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken);
        async Task FlushAsync()
        {
            if (rows == 0)
            {
                return;
            }

            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(KindField, kind.AsMemory(0, rows), null, null, cancellationToken);
            await group.WriteAsync(IdField, new ArraySegment<string?>(id, 0, rows)!, null);
            await group.WriteAsync<int>(AssetField, asset.AsMemory(0, rows), null, null, cancellationToken);
            await group.WriteAsync<double>(XField, x.AsMemory(0, rows), null, null, cancellationToken);
            await group.WriteAsync<double>(YField, y.AsMemory(0, rows), null, null, cancellationToken);
            await group.WriteAsync<double>(ZField, z.AsMemory(0, rows), null, null, cancellationToken);
            Array.Clear(id, 0, rows);
            rows = 0;
        }

        void Add(int k, string? i, int a, double xv, double yv, double zv)
        {
            kind[rows] = k;
            id[rows] = i;
            asset[rows] = a;
            x[rows] = xv;
            y[rows] = yv;
            z[rows] = zv;
            rows++;
        }

        foreach (var account in book.Accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = 1 + account.Collateral.Count + account.Positions.Count;
            if (rows + items > kind.Length)
            {
                // An account's items stay in one row group; a row group grows only for an account larger than one.
                await FlushAsync();
                if (items > kind.Length)
                {
                    Array.Resize(ref kind, items);
                    Array.Resize(ref id, items);
                    Array.Resize(ref asset, items);
                    Array.Resize(ref x, items);
                    Array.Resize(ref y, items);
                    Array.Resize(ref z, items);
                }
            }

            Add(0, account.Id, -1, 0, 0, 0);
            foreach (var c in account.Collateral)
            {
                Add(1, null, AssetOf(c.Asset), c.Amount, 0, 0);
            }

            foreach (var position in account.Positions)
            {
                switch (position)
                {
                    case PerpPosition p:
                        Add(2, null, AssetOf(p.Asset), p.Quantity, p.EntryPrice, 0);
                        break;
                    case OptionPosition o:
                        Add(o.Right == OptionRight.Call ? 3 : 4, null, AssetOf(o.Asset), o.Quantity, o.Strike, o.ExpiryDays);
                        break;
                    default:
                        throw new ArgumentException($"unknown position type {position.GetType().Name}", nameof(book));
                }
            }
        }

        await FlushAsync();
        writer.CustomMetadata = new Dictionary<string, string>
        {
            [FormatKey] = Format,
            [AssetsKey] = JsonSerializer.Serialize(assets),
            [AccountsKey] = book.Accounts.Count.ToString(CultureInfo.InvariantCulture),
            [HashKey] = bookHash.ToString(),
        };
    }

    private static async Task<Book> ReadAsync(Stream stream, Hash32 bookHash, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var metadata = reader.CustomMetadata;
        if (!metadata.TryGetValue(FormatKey, out var format) || format != Format)
        {
            throw new InvalidDataException($"it is not a book file of format {Format}");
        }

        if (!metadata.TryGetValue(HashKey, out var hash) || !Hash32.TryParse(hash, out var stored) || stored != bookHash)
        {
            throw new InvalidDataException($"it holds another book than {bookHash}");
        }

        var assets = JsonSerializer.Deserialize<string[]>(metadata[AssetsKey]) ?? throw new InvalidDataException("its asset list is empty");
        var count = int.Parse(metadata[AccountsKey], NumberStyles.None, CultureInfo.InvariantCulture);
        var accounts = new Account[count];
        var next = 0;
        string? currentId = null;
        var collateral = new List<CollateralBalance>(4);
        var positions = new List<Position>(16);

        void Close()
        {
            if (currentId is null)
            {
                return;
            }

            if (next == count)
            {
                throw new InvalidDataException($"it holds more than the {count} accounts its metadata says");
            }

            accounts[next++] = new Account(currentId, collateral.ToArray(), positions.ToArray());
            collateral.Clear();
            positions.Clear();
        }

        string Asset(int index) => index >= 0 && index < assets.Length ? assets[index] : throw new InvalidDataException($"asset index {index} is out of range");

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var kind = new int[rows];
            var id = new string?[rows];
            var asset = new int[rows];
            var x = new double[rows];
            var y = new double[rows];
            var z = new double[rows];
            await group.ReadAsync<int>(KindField, kind, null, cancellationToken);
            await group.ReadAsync(IdField, id.AsMemory()!, null, cancellationToken);
            await group.ReadAsync<int>(AssetField, asset, null, cancellationToken);
            await group.ReadAsync<double>(XField, x, null, cancellationToken);
            await group.ReadAsync<double>(YField, y, null, cancellationToken);
            await group.ReadAsync<double>(ZField, z, null, cancellationToken);
            for (var r = 0; r < rows; r++)
            {
                switch (kind[r])
                {
                    case 0:
                        Close();
                        currentId = id[r] ?? throw new InvalidDataException("an account has no id");
                        break;
                    case 1 when currentId is not null:
                        collateral.Add(new CollateralBalance(Asset(asset[r]), x[r]));
                        break;
                    case 2 when currentId is not null:
                        positions.Add(new PerpPosition(Asset(asset[r]), x[r], y[r]));
                        break;
                    case 3 or 4 when currentId is not null:
                        positions.Add(new OptionPosition(Asset(asset[r]), kind[r] == 3 ? OptionRight.Call : OptionRight.Put, y[r], z[r], x[r]));
                        break;
                    default:
                        throw new InvalidDataException($"row kind {kind[r]} is not a book item here");
                }
            }
        }

        Close();
        if (next != count)
        {
            throw new InvalidDataException($"it holds {next} accounts, its metadata says {count}");
        }

        return Book.Create(accounts);
    }

    private void FlushDirectory()
    {
        // The rename is durable once the directory's entry is on disk: fsync the directory (POSIX; .NET cannot
        // open a directory as a file). Windows makes the rename durable itself (MoveFileEx).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(Directory + "\0");
        var descriptor = NativeMethods.Open(path, 0);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open {Directory} to flush the new book file's entry (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.Fsync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush {Directory} (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.Close(descriptor);
        }
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open(byte[] path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int descriptor);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
        public static extern int Close(int descriptor);
    }
}
