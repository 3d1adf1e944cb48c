using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.RegistryView;

/// <summary>The current book margined under the ratified parameter set.</summary>
/// <param name="Accounts">Accounts in the book.</param>
/// <param name="ByStatus">Accounts per margin status.</param>
/// <param name="TotalInitialMargin">Total initial margin.</param>
/// <param name="TotalMaintenanceMargin">Total maintenance margin.</param>
/// <param name="TotalEquity">Total equity.</param>
/// <param name="RatifiedVersion">The ratified version used.</param>
/// <param name="AsOf">The market snapshot's valuation date.</param>
/// <param name="BookSource">Where the book came from.</param>
/// <param name="ResultKey">The key the margin result is stored under.</param>
/// <param name="Reused">True when the stored result was reused rather than computed now.</param>
/// <param name="Elapsed">How long the engine run took.</param>
/// <param name="ComputedAt">When it was computed.</param>
public sealed record BookHealth(
    int Accounts, StatusCounts ByStatus, double TotalInitialMargin, double TotalMaintenanceMargin, double TotalEquity,
    long RatifiedVersion, DateOnly AsOf, string BookSource, Hash32 ResultKey, bool Reused, TimeSpan Elapsed, DateTimeOffset ComputedAt);

/// <summary>
/// Book health for the overview: runs <see cref="MarginEngine.Margin"/> once on the current book under
/// the ratified set, stores the engine's compact JSON in <see cref="IResultStore"/> under a key made of
/// the inputs' hashes (market text, book text, params hash, engine version), and reuses it afterwards.
/// </summary>
public sealed class BookHealthService(IBookStore books, GovernanceService committee, IResultStore results, TimeProvider time) : IDisposable
{
    /// <summary>The <see cref="StoredResult.Kind"/> of these results.</summary>
    public const string Kind = "margin";

    private readonly SemaphoreSlim _compute = new(1, 1);

    /// <summary>The stored-result key of a margin run: keccak("margin" ‖ market hash ‖ book hash ‖ params hash ‖ engine version).</summary>
    public static Hash32 KeyOf(Hash32 marketHash, Hash32 bookHash, Hash32 paramsHash, string engineVersion)
    {
        ArgumentNullException.ThrowIfNull(engineVersion);
        return Hash32.Keccak($"{Kind}|{marketHash}|{bookHash}|{paramsHash}|{engineVersion}");
    }

    /// <summary>The book's health under the ratified set; null before a book or a ratified set exists.</summary>
    public async Task<BookHealth?> GetAsync(CancellationToken cancellationToken)
    {
        var book = await books.GetCurrentAsync(cancellationToken);
        var ratified = await committee.GetInForceAsync(cancellationToken);
        if (book is null || ratified is null)
        {
            return null;
        }

        var (stored, reused) = await MarginAsync(book, ratified, cancellationToken);
        return Read(stored, ratified.Version, book, reused);
    }

    /// <summary>
    /// The engine's margin result (compact JSON) for <paramref name="book"/> under <paramref name="ratified"/>:
    /// the stored one when it exists, otherwise computed once now and stored under <see cref="KeyOf"/>.
    /// </summary>
    /// <returns>The stored result, and true when it was reused rather than computed now.</returns>
    public async Task<(StoredResult Result, bool Reused)> MarginAsync(BookSnapshot book, RatifiedParameterSet ratified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(ratified);
        var key = KeyOf(book.MarketHash, book.BookHash, ratified.ParamsHash, SimulationRecord.CurrentEngineVersion);
        if (await results.FindAsync(key, cancellationToken) is { } stored)
        {
            return (stored, true);
        }

        await _compute.WaitAsync(cancellationToken);
        try
        {
            if (await results.FindAsync(key, cancellationToken) is { } raced)
            {
                return (raced, true);
            }

            var inputs = MarginInputs.Create(book.Market, ParameterSetJson.Read(ratified.ParamsJson), book.Book);
            var watch = Stopwatch.StartNew();
            var result = await Task.Run(() => new MarginEngine().Margin(inputs, null, cancellationToken), cancellationToken);
            watch.Stop();
            var json = Encoding.UTF8.GetString(MarginResultJson.ToUtf8Bytes(result, indented: false));
            var entry = new StoredResult(key, Kind, json, Hash32.Keccak(json), watch.Elapsed, time.GetUtcNow());
            await results.SaveAsync(entry, cancellationToken);
            return (entry, false);
        }
        finally
        {
            _compute.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _compute.Dispose();

    private static BookHealth Read(StoredResult stored, long version, BookSnapshot book, bool reused)
    {
        using var document = JsonDocument.Parse(stored.ResultJson);
        var totals = document.RootElement.GetProperty("totals");
        var byStatus = totals.GetProperty("byStatus");
        int Count(MarginStatus s) => byStatus.GetProperty(JsonNames.Of(s)).GetInt32();
        return new BookHealth(
            totals.GetProperty("accounts").GetInt32(),
            new StatusCounts(Count(MarginStatus.Healthy), Count(MarginStatus.Restricted), Count(MarginStatus.MarginCall), Count(MarginStatus.Liquidatable)),
            totals.GetProperty("initialMargin").GetDouble(),
            totals.GetProperty("maintenanceMargin").GetDouble(),
            totals.GetProperty("equity").GetDouble(),
            version, book.AsOf, book.Source, stored.Key, reused, stored.Elapsed, stored.ComputedAt);
    }
}
