using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Persistence;

namespace RiskGovernance.Benchmarks;

/// <summary>
/// The large-book snapshot store (<c>--large-book PHASE DIR [ACCOUNTS]</c>, 1,000,000 accounts by default),
/// each phase in a process of its own so that its peak memory is its own:
/// <list type="bullet">
/// <item><c>ingest</c>: generates the book (not timed), then times what the upload does after parsing:
/// <see cref="SnapshotValidation.Check"/> against the demo parameters, then <see cref="IBookStore.SetCurrentAsync"/>
/// (stream the compact book.json into keccak, write the Parquet file, flush, rename, commit the row) into
/// a real SQLite file under DIR; also writes DIR/book.json and DIR/market.json for the <c>file</c> phase;</item>
/// <item><c>load</c>: a fresh store over DIR (nothing cached) reads the current snapshot and builds the
/// engine's margin inputs from it (what a simulation starts with);</item>
/// <item><c>file</c>: ingests DIR/book.json as <c>riskgov snapshot publish</c> reads it (the file's bytes
/// through the engine's single-pass reader, no document tree), then validates and stores it in a data
/// directory of its own, DIR/file-ingest (so its book file is written, not shared with the ingest's).</item>
/// </list>
/// Each prints its wall times, the process's peak working set and the GC's peak heap.
/// </summary>
internal static class LargeBookRuns
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var at = Array.IndexOf(args, "--large-book");
        if (args.Length < at + 3)
        {
            output.WriteLine("usage: --large-book ingest|load|file DIR [ACCOUNTS]");
            return 2;
        }

        var phase = args[at + 1];
        var directory = Path.GetFullPath(args[at + 2]);
        var accounts = args.Length > at + 3 ? int.Parse(args[at + 3], CultureInfo.InvariantCulture) : 1_000_000;
        // The file phase stores into a data directory of its own: its book file is written, not shared.
        await using var services = Services(phase == "file" ? Path.Combine(directory, "file-ingest") : directory);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var store = services.GetRequiredService<IBookStore>();
        var market = BenchmarkInputs.Market;
        var parameters = BenchmarkInputs.Grid;
        output.WriteLine($"{phase}: {accounts:N0} accounts, data directory {directory}, {Environment.ProcessorCount} cores");
        switch (phase)
        {
            case "ingest":
            {
                var book = Time(output, "generate the book (not part of the ingest)", () => BenchmarkInputs.Book(accounts));
                output.WriteLine($"  positions {book.Accounts.Sum(a => a.Positions.Count):N0}");
                var sw = Stopwatch.StartNew();
                SnapshotValidation.Check(market, book, parameters);
                var validated = sw.Elapsed;
                var stored = await store.SetCurrentAsync(new NewBookSnapshot(market.AsOf, market, book, "benchmark: generated", DateTimeOffset.UtcNow), CancellationToken.None);
                sw.Stop();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"INGEST validate + hash + store: {sw.Elapsed.TotalSeconds:F2} s (validate {validated.TotalSeconds:F2} s); snapshot {stored.Sequence}, book {stored.BookHash}, {stored.BookBytes / 1_000_000} MB of compact book.json"));
                var moved = MarketSnapshot.Create(market.AsOf, market.Assets.Select(a => a with { Price = a.Price * 1.001 }));
                var marketOnly = Stopwatch.StartNew();
                var next = await store.SetCurrentAsync(new NewBookSnapshot(market.AsOf, moved, stored.Book, "benchmark: market moved", DateTimeOffset.UtcNow), CancellationToken.None);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  market-only snapshot {next.Sequence} (same book, shares its file): {marketOnly.Elapsed.TotalMilliseconds:F0} ms"));
                var file = Path.Combine(directory, "books", Persistence.Portal.BookFiles.FileName(stored.BookHash));
                output.WriteLine($"  Parquet file {new FileInfo(file).Length / 1_000_000} MB");
                Memory(output);
                await using (var json = File.Create(Path.Combine(directory, "book.json")))
                {
                    BookJson.WriteTo(json, book);
                }

                await File.WriteAllBytesAsync(Path.Combine(directory, "market.json"), MarketSnapshotJson.ToUtf8Bytes(market, indented: true));
                break;
            }

            case "load":
            {
                var sw = Stopwatch.StartNew();
                var snapshot = await store.GetCurrentAsync(CancellationToken.None) ?? throw new InvalidOperationException("run the ingest phase first");
                var read = sw.Elapsed;
                var inputs = MarginInputs.Create(snapshot.Market, parameters, snapshot.Book);
                sw.Stop();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"LOAD for a simulation: {sw.Elapsed.TotalSeconds:F2} s (read the book file {read.TotalSeconds:F2} s); {snapshot.Book.Accounts.Count:N0} accounts, margin inputs for {inputs.Book.Accounts.Count:N0}"));
                var again = Stopwatch.StartNew();
                await store.GetCurrentAsync(CancellationToken.None);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  current snapshot again (cached): {again.Elapsed.TotalMilliseconds:F1} ms"));
                Memory(output);
                break;
            }

            case "file":
            {
                var path = Path.Combine(directory, "book.json");
                var sw = Stopwatch.StartNew();
                var book = BookJson.Read(File.ReadAllBytes(path));
                var parsed = sw.Elapsed;
                var marketRead = MarketSnapshotJson.Read(File.ReadAllBytes(Path.Combine(directory, "market.json")));
                SnapshotValidation.Check(marketRead, book, parameters);
                var stored = await store.SetCurrentAsync(new NewBookSnapshot(marketRead.AsOf, marketRead, book, "benchmark: book.json", DateTimeOffset.UtcNow), CancellationToken.None);
                sw.Stop();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FILE ingest of {new FileInfo(path).Length / 1_000_000} MB book.json: {sw.Elapsed.TotalSeconds:F2} s (parse {parsed.TotalSeconds:F2} s); snapshot {stored.Sequence}, book {stored.BookHash}"));
                Memory(output);
                break;
            }

            default:
                output.WriteLine($"unknown phase {phase}: ingest, load or file");
                return 2;
        }

        return 0;
    }

    private static ServiceProvider Services(string directory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = directory })
            .Build();
        var services = new ServiceCollection();
        services.AddPersistence(configuration);
        return services.BuildServiceProvider();
    }

    private static T Time<T>(TextWriter output, string name, Func<T> run)
    {
        var sw = Stopwatch.StartNew();
        var result = run();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {sw.Elapsed.TotalSeconds:F2} s"));
        return result;
    }

    private static void Memory(TextWriter output)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB; GC heap now {GC.GetTotalMemory(false) / (1024 * 1024)} MB, " +
            $"largest heap after a GC {gc.HeapSizeBytes / (1024 * 1024)} MB, total allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB"));
    }
}
