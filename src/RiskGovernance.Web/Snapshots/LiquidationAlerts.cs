using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Web.RegistryView;

namespace RiskGovernance.Web.Snapshots;

/// <summary>An account that crossed into liquidatable between two snapshots.</summary>
/// <param name="Account">The account's id in the book.</param>
/// <param name="Equity">Its equity in the new snapshot.</param>
/// <param name="MaintenanceMargin">Its maintenance margin (MM) in the new snapshot.</param>
/// <param name="LiquidationThreshold">Its liquidation threshold in the new snapshot (equity below it is liquidatable).</param>
/// <param name="Shortfall">MM − equity: what it would take to bring the account back to its maintenance margin.</param>
/// <param name="PreviousStatus">Its margin status in the previous snapshot (engine JSON name), or null when it was not in that book.</param>
public sealed record LiquidationAlert(string Account, double Equity, double MaintenanceMargin, double LiquidationThreshold, double Shortfall, string? PreviousStatus);

/// <summary>Whether the alerts of a snapshot are known.</summary>
public enum AlertsState
{
    /// <summary>Computed: <see cref="SnapshotAlerts.Alerts"/> lists every crossing (possibly none).</summary>
    Computed = 0,

    /// <summary>Not computed yet under the ratified set (the monitor is on it).</summary>
    Pending = 1,

    /// <summary>The first snapshot stored: there is nothing before it to compare with.</summary>
    First = 2,
}

/// <summary>The accounts that crossed into liquidatable in one snapshot, compared with the one stored before it.</summary>
/// <param name="Snapshot">The snapshot (its sequence, as-of date, source and hashes).</param>
/// <param name="Previous">The snapshot before it, or null for the first one.</param>
/// <param name="State">Whether the crossings are known.</param>
/// <param name="Alerts">The crossings, largest shortfall first (empty unless computed).</param>
/// <param name="ResultKey">The stored result's key (keccak of both snapshots' hashes, the params hash and the engine version); null for the first snapshot.</param>
/// <param name="ComputedAt">When they were computed, when they were.</param>
public sealed record SnapshotAlerts(
    BookSnapshotInfo Snapshot, BookSnapshotInfo? Previous, AlertsState State, IReadOnlyList<LiquidationAlert> Alerts, Hash32? ResultKey, DateTimeOffset? ComputedAt);

/// <summary>The alerts of the newest snapshots under the ratified set.</summary>
/// <param name="RatifiedVersion">The ratified version they are computed under.</param>
/// <param name="ParamsHash">That set's params hash.</param>
/// <param name="Snapshots">Newest snapshot first.</param>
public sealed record AlertsView(long RatifiedVersion, Hash32 ParamsHash, IReadOnlyList<SnapshotAlerts> Snapshots);

/// <summary>
/// Liquidation alerts: each snapshot's book and the one stored before it are margined under the
/// ratified set through <see cref="BookHealthService.MarginAsync"/> (one engine run per book, kept
/// in <see cref="IResultStore"/>), and the accounts of the new book that are liquidatable now but
/// were not (or were absent) before are stored as a result of kind <see cref="Kind"/> under a key
/// tied to both snapshots' hashes and the params hash. <see cref="ProcessAsync"/> computes them
/// (the <see cref="LiquidationAlertMonitor"/> calls it when a snapshot is stored);
/// <see cref="GetAsync"/> only reads them.
/// </summary>
public sealed class LiquidationAlerts(
    IBookStore books, GovernanceService committee, IResultStore results, BookHealthService health, SnapshotStoredSignal stored, TimeProvider time)
{
    /// <summary>The <see cref="StoredResult.Kind"/> of the alert results.</summary>
    public const string Kind = "liquidation-alerts";

    /// <summary>How many of the newest snapshots <see cref="ProcessAsync"/> looks at.</summary>
    public const int ProcessWindow = 10;

    /// <summary>Default number of snapshots listed.</summary>
    public const int DefaultCount = 20;

    private static readonly string LiquidatableName = JsonNames.Of(MarginStatus.Liquidatable);

    /// <summary>The key of the alerts of <paramref name="current"/> against <paramref name="previous"/>.</summary>
    public static Hash32 KeyOf(BookSnapshotInfo previous, BookSnapshotInfo current, Hash32 paramsHash, string engineVersion)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(engineVersion);
        return Hash32.Keccak($"{Kind}|{previous.MarketHash}|{previous.BookHash}|{current.MarketHash}|{current.BookHash}|{paramsHash}|{engineVersion}");
    }

    /// <summary>
    /// The accounts of <paramref name="currentMarginJson"/> (an engine margin result) that are liquidatable
    /// and were not in <paramref name="previousMarginJson"/> (liquidatable or absent there); largest shortfall first.
    /// </summary>
    public static IReadOnlyList<LiquidationAlert> Crossings(string previousMarginJson, string currentMarginJson)
    {
        ArgumentNullException.ThrowIfNull(previousMarginJson);
        ArgumentNullException.ThrowIfNull(currentMarginJson);
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var previous = JsonDocument.Parse(previousMarginJson))
        {
            foreach (var a in previous.RootElement.GetProperty("accounts").EnumerateArray())
            {
                before[a.GetProperty("id").GetString()!] = a.GetProperty("status").GetString()!;
            }
        }

        var alerts = new List<LiquidationAlert>();
        using var current = JsonDocument.Parse(currentMarginJson);
        foreach (var a in current.RootElement.GetProperty("accounts").EnumerateArray())
        {
            if (a.GetProperty("status").GetString() != LiquidatableName)
            {
                continue;
            }

            var id = a.GetProperty("id").GetString()!;
            var was = before.GetValueOrDefault(id);
            if (was == LiquidatableName)
            {
                continue;
            }

            var equity = a.GetProperty("equity").GetDouble();
            var mm = a.GetProperty("maintenanceMargin").GetDouble();
            alerts.Add(new LiquidationAlert(id, equity, mm, a.GetProperty("liquidationThreshold").GetDouble(), mm - equity, was));
        }

        return [.. alerts.OrderByDescending(a => a.Shortfall).ThenBy(a => a.Account, StringComparer.Ordinal)];
    }

    /// <summary>Waits until a snapshot is stored after the last wait.</summary>
    public Task WaitForSnapshotAsync(CancellationToken cancellationToken) => stored.WaitAsync(cancellationToken);

    /// <summary>
    /// Computes and stores the alerts of each of the newest <see cref="ProcessWindow"/> snapshots that has
    /// none under the ratified set yet; returns how many were computed (0 before a ratified set exists).
    /// </summary>
    public async Task<int> ProcessAsync(CancellationToken cancellationToken)
    {
        var ratified = await committee.GetInForceAsync(cancellationToken);
        if (ratified is null)
        {
            return 0;
        }

        var list = await books.ListAsync(ProcessWindow + 1, cancellationToken);
        var computed = 0;
        for (var i = 0; i + 1 < list.Count; i++)
        {
            var key = KeyOf(list[i + 1], list[i], ratified.ParamsHash, SimulationRecord.CurrentEngineVersion);
            if (await results.FindAsync(key, cancellationToken) is not null)
            {
                continue;
            }

            var current = await books.GetAsync(list[i].Sequence, cancellationToken);
            var previous = await books.GetAsync(list[i + 1].Sequence, cancellationToken);
            if (current is null || previous is null)
            {
                continue;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (before, _) = await health.MarginAsync(previous, ratified, cancellationToken);
            var (after, _) = await health.MarginAsync(current, ratified, cancellationToken);
            var alerts = Crossings(before.ResultJson, after.ResultJson);
            var json = JsonSerializer.Serialize(alerts, JsonSerializerOptions.Web);
            await results.SaveAsync(new StoredResult(key, Kind, json, Hash32.Keccak(Encoding.UTF8.GetBytes(json)), watch.Elapsed, time.GetUtcNow()), cancellationToken);
            computed++;
        }

        return computed;
    }

    /// <summary>The alerts of the newest <paramref name="count"/> snapshots under the ratified set (read only; nothing is computed); null before a ratified set exists.</summary>
    public async Task<AlertsView?> GetAsync(int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 1000)
        {
            throw new Engine.Validation.InputValidationException("count", $"must be in [1, 1000] (was {count})");
        }

        var ratified = await committee.GetInForceAsync(cancellationToken);
        if (ratified is null)
        {
            return null;
        }

        var list = await books.ListAsync(Math.Min(count + 1, 1000), cancellationToken);
        var shown = new List<SnapshotAlerts>();
        for (var i = 0; i < Math.Min(count, list.Count); i++)
        {
            var previous = i + 1 < list.Count ? list[i + 1] : null;
            if (previous is null)
            {
                // count + 1 were asked for: a snapshot without one after it in the list is the oldest stored.
                shown.Add(new SnapshotAlerts(list[i], null, AlertsState.First, [], null, null));
                continue;
            }

            var key = KeyOf(previous, list[i], ratified.ParamsHash, SimulationRecord.CurrentEngineVersion);
            var stored = await results.FindAsync(key, cancellationToken);
            shown.Add(stored is null
                ? new SnapshotAlerts(list[i], previous, AlertsState.Pending, [], key, null)
                : new SnapshotAlerts(list[i], previous, AlertsState.Computed,
                    JsonSerializer.Deserialize<List<LiquidationAlert>>(stored.ResultJson, JsonSerializerOptions.Web) ?? [], key, stored.ComputedAt));
        }

        return new AlertsView(ratified.Version, ratified.ParamsHash, shown);
    }
}

/// <summary>Computes the liquidation alerts at start and whenever a snapshot is stored, off the request that stored it.</summary>
public sealed class LiquidationAlertMonitor(LiquidationAlerts alerts, ILogger<LiquidationAlertMonitor> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var computed = await alerts.ProcessAsync(stoppingToken);
                if (computed > 0)
                {
                    logger.LogInformation("Liquidation alerts computed for {Count} snapshot(s).", computed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The monitor must outlive one failed run (chain down, a bad stored text): it logs and waits for the next snapshot.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Liquidation alerts could not be computed; they will be tried again when the next snapshot is stored.");
            }

            try
            {
                await alerts.WaitForSnapshotAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Raised whenever a snapshot is stored; several stores before a wait count as one.</summary>
public sealed class SnapshotStoredSignal
{
    private readonly Channel<bool> _stored = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Notes that a snapshot was stored.</summary>
    public void Raise() => _stored.Writer.TryWrite(true);

    /// <summary>Waits until a snapshot is stored after the last wait.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _stored.Reader.ReadAsync(cancellationToken);
}

/// <summary>An <see cref="IBookStore"/> that raises <see cref="SnapshotStoredSignal"/> when a snapshot is stored (whoever stores it).</summary>
public sealed class AlertingBookStore(IBookStore inner, SnapshotStoredSignal stored) : IBookStore
{
    /// <inheritdoc />
    public Task<BookSnapshot?> GetCurrentAsync(CancellationToken cancellationToken) => inner.GetCurrentAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<BookSnapshot> SetCurrentAsync(NewBookSnapshot snapshot, CancellationToken cancellationToken)
    {
        var result = await inner.SetCurrentAsync(snapshot, cancellationToken);
        stored.Raise();
        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BookSnapshotInfo>> ListAsync(int count, CancellationToken cancellationToken) => inner.ListAsync(count, cancellationToken);

    /// <inheritdoc />
    public Task<BookSnapshot?> GetAsync(long sequence, CancellationToken cancellationToken) => inner.GetAsync(sequence, cancellationToken);

    /// <inheritdoc />
    public Task<long?> GetCurrentSequenceAsync(CancellationToken cancellationToken) => inner.GetCurrentSequenceAsync(cancellationToken);

    /// <inheritdoc />
    public Task<BookSnapshotInfo?> GetInfoAsync(long sequence, CancellationToken cancellationToken) => inner.GetInfoAsync(sequence, cancellationToken);
}

/// <summary>Registers the liquidation alerts.</summary>
public static class LiquidationAlertsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LiquidationAlerts"/> and its monitor, and wraps the registered <see cref="IBookStore"/>
    /// (call after AddPersistence) so that every stored snapshot wakes the monitor.
    /// </summary>
    public static IServiceCollection AddLiquidationAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IBookStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("IBookStore: register the book store (AddPersistence) before the liquidation alerts.");
        services.Remove(store);
        services.AddSingleton(provider => new InnerBookStore((IBookStore)(store.ImplementationInstance
            ?? store.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, store.ImplementationType!))));
        services.TryAddSingleton<SnapshotStoredSignal>();
        services.TryAddSingleton<LiquidationAlerts>();
        services.AddSingleton<IBookStore>(provider => new AlertingBookStore(provider.GetRequiredService<InnerBookStore>().Store, provider.GetRequiredService<SnapshotStoredSignal>()));
        services.AddHostedService<LiquidationAlertMonitor>();
        return services;
    }

    /// <summary>The book store as registered before the alerts wrapped it.</summary>
    private sealed record InnerBookStore(IBookStore Store);
}
