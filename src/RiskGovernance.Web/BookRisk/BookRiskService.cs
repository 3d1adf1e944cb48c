using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Web.RegistryView;

namespace RiskGovernance.Web.BookRisk;

/// <summary>A book-risk computation: started once per (snapshot, ratified set), shared by every viewer, running in the background.</summary>
public sealed class BookRiskRun
{
    private double _fraction;

    internal BookRiskRun(Hash32 key) => Key = key;

    /// <summary>The cache key: keccak of the market hash, book hash, params hash and engine version.</summary>
    public Hash32 Key { get; }

    /// <summary>The fraction done, in [0, 1].</summary>
    public double Fraction => Volatile.Read(ref _fraction);

    /// <summary>The report, when it completes.</summary>
    public Task<BookRiskReport> Report { get; internal set; } = null!;

    internal void Progress(double fraction) => Volatile.Write(ref _fraction, fraction);
}

/// <summary>
/// The Book risk page's service: the report of <see cref="BookRiskCalculator"/> on the current snapshot under the
/// ratified set, computed once per (market hash, book hash, params hash, engine version) in the background and kept
/// in memory; and the book's health over the stored snapshots, one point per snapshot, each from the margin result
/// <see cref="BookHealthService"/> stores (so a point is computed at most once) and kept in memory per hash.
/// </summary>
public sealed class BookRiskService(
    IBookStore books, GovernanceService committee, BookHealthService health, IResultStore results, TimeProvider time, ILogger<BookRiskService> logger)
{
    /// <summary>The most snapshots the health history shows.</summary>
    public const int MaxHistory = 200;

    private const int MaxReports = 4;

    private static readonly MarginEngineOptions Background = new(Math.Max(1, Environment.ProcessorCount / 2));

    private readonly ConcurrentDictionary<Hash32, BookRiskRun> _runs = new();
    private readonly ConcurrentDictionary<Hash32, BookHealthPoint> _points = new();
    private readonly SemaphoreSlim _history = new(1, 1);

    /// <summary>The report's cache key.</summary>
    public static Hash32 KeyOf(Hash32 marketHash, Hash32 bookHash, Hash32 paramsHash, string engineVersion) =>
        Hash32.Keccak($"bookrisk|{marketHash}|{bookHash}|{paramsHash}|{engineVersion}");

    /// <summary>
    /// The run for the current snapshot under the ratified set: the one already started for the same inputs, or a new
    /// one started in the background (it goes on when the caller leaves). Null before a snapshot or a ratified set exists.
    /// </summary>
    public async Task<BookRiskRun?> StartAsync(CancellationToken cancellationToken)
    {
        var book = await books.GetCurrentAsync(cancellationToken);
        var ratified = await committee.GetInForceAsync(cancellationToken);
        if (book is null || ratified is null)
        {
            return null;
        }

        var key = KeyOf(book.MarketHash, book.BookHash, ratified.ParamsHash, SimulationRecord.CurrentEngineVersion);
        BookRiskRun run;
        lock (_runs)
        {
            if (!_runs.TryGetValue(key, out run!))
            {
                run = new BookRiskRun(key);
                var created = run;
                // On its own thread with half the cores at most, so that the portal's thread pool keeps serving pages meanwhile.
                run.Report = Task.Factory.StartNew(() =>
                {
                    var watch = Stopwatch.StartNew();
                    var report = BookRiskCalculator.Compute(book.Market, book.Book, ParameterSetJson.Read(ratified.ParamsJson),
                        new SyncProgress(created.Progress), CancellationToken.None, Background);
                    return report with { Sequence = book.Sequence, RatifiedVersion = ratified.Version, Elapsed = watch.Elapsed, ComputedAt = time.GetUtcNow() };
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                _runs[key] = run;

                // A failed run is not kept: the next view tries again.
                _ = run.Report.ContinueWith(t =>
                {
                    logger.LogWarning(t.Exception, "The book risk of snapshot {Sequence} could not be computed", book.Sequence);
                    _runs.TryRemove(new KeyValuePair<Hash32, BookRiskRun>(key, created));
                }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        foreach (var old in _runs.Where(r => r.Key != key && r.Value.Report.IsCompleted).Skip(MaxReports - 1).ToArray())
        {
            _runs.TryRemove(old);
        }
        return run;
    }

    /// <summary>
    /// The book's health on the newest <paramref name="count"/> stored snapshots (at most <see cref="MaxHistory"/>), oldest
    /// first, under the current ratified set; empty before a ratified set exists.
    /// </summary>
    /// <param name="count">How many snapshots, 1 to <see cref="MaxHistory"/>.</param>
    /// <param name="progress">Receives (done, total).</param>
    /// <param name="cancellationToken">Cancels the wait (a point already computed is kept).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is out of range (named <c>count</c>).</exception>
    public async Task<IReadOnlyList<BookHealthPoint>> HistoryAsync(int count, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxHistory)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and {MaxHistory}");
        }
        var ratified = await committee.GetInForceAsync(cancellationToken);
        if (ratified is null)
        {
            return [];
        }

        var list = await books.ListAsync(count, cancellationToken);
        var points = new List<BookHealthPoint>(list.Count);
        await _history.WaitAsync(cancellationToken);
        try
        {
            foreach (var info in list.Reverse())
            {
                var key = BookHealthService.KeyOf(info.MarketHash, info.BookHash, ratified.ParamsHash, SimulationRecord.CurrentEngineVersion);
                if (!_points.TryGetValue(key, out var point))
                {
                    // A stored margin result needs no book: read the snapshot's book file only when it must be margined now.
                    var stored = await results.FindAsync(key, cancellationToken);
                    if (stored is null)
                    {
                        var snapshot = await books.GetAsync(info.Sequence, cancellationToken);
                        if (snapshot is null)
                        {
                            continue;
                        }
                        (stored, _) = await health.MarginAsync(snapshot, ratified, cancellationToken);
                    }
                    point = Read(stored.ResultJson, info);
                    _points[key] = point;
                }
                points.Add(point with { Sequence = info.Sequence, AsOf = info.AsOf, StoredAt = info.StoredAt });
                progress?.Report((points.Count, list.Count));
            }
        }
        finally
        {
            _history.Release();
        }
        return points;
    }

    private static BookHealthPoint Read(string json, BookSnapshotInfo info)
    {
        using var document = JsonDocument.Parse(json);
        var totals = document.RootElement.GetProperty("totals");
        var byStatus = totals.GetProperty("byStatus");
        int Count(MarginStatus s) => byStatus.GetProperty(JsonNames.Of(s)).GetInt32();
        return new BookHealthPoint(info.Sequence, info.AsOf, info.StoredAt,
            totals.GetProperty("equity").GetDouble(), totals.GetProperty("initialMargin").GetDouble(), totals.GetProperty("maintenanceMargin").GetDouble(),
            new StatusCounts(Count(MarginStatus.Healthy), Count(MarginStatus.Restricted), Count(MarginStatus.MarginCall), Count(MarginStatus.Liquidatable)));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
