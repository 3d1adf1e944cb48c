using System.Globalization;
using System.Text;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Persistence.History;

namespace RiskGovernance.Web.History;

/// <summary>The market history the portal's history panels compute on.</summary>
/// <param name="Closes">Daily closes.</param>
/// <param name="Dvol">The DVOL index (percent), if any.</param>
/// <param name="Source">"database" (the MarketHistory table) or "embedded" (the engine's data; the table is empty).</param>
/// <param name="Hash">keccak of every (series, asset, date, value) in order: part of every stored result's key.</param>
public sealed record MarketHistoryData(PriceHistory Closes, PriceHistory? Dvol, string Source, Hash32 Hash);

/// <summary>
/// Reads the market history from the database (<see cref="SqliteMarketHistoryStore"/>) once and keeps
/// it; while the table is empty it answers with the data embedded in the engine (not kept, so that an
/// import made later is picked up).
/// </summary>
public sealed class MarketHistorySource(SqliteMarketHistoryStore store)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MarketHistoryData? _stored;

    /// <summary>The history: the stored one, else the embedded one.</summary>
    public async Task<MarketHistoryData> GetAsync(CancellationToken cancellationToken)
    {
        if (_stored is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_stored is { } again)
            {
                return again;
            }

            var closes = await store.ReadAsync(MarketHistorySeries.Close, cancellationToken);
            if (closes is null)
            {
                var embeddedCloses = MarketDataset.LoadDailyCloses();
                var embeddedDvol = MarketDataset.LoadDvolCloses();
                return new MarketHistoryData(embeddedCloses, embeddedDvol, "embedded", HashOf(embeddedCloses, embeddedDvol));
            }

            var dvol = await store.ReadAsync(MarketHistorySeries.Dvol, cancellationToken);
            _stored = new MarketHistoryData(closes, dvol, "database", HashOf(closes, dvol));
            return _stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Imports the engine's embedded closes and DVOL into the MarketHistory table when it holds
    /// no closes; returns what was imported, or null when the table already had data.</summary>
    public static async Task<MarketHistoryImport?> ImportEmbeddedIfEmptyAsync(SqliteMarketHistoryStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = await store.CountAsync(cancellationToken);
        if (counts.GetValueOrDefault(MarketHistorySeries.Close) > 0)
        {
            return null;
        }

        return await store.ImportAsync(MarketDataset.LoadDailyCloses(), MarketDataset.LoadDvolCloses(), cancellationToken);
    }

    /// <summary>keccak of "series,asset,date,value" lines (assets in ordinal order, dates ascending, values round-trip).</summary>
    public static Hash32 HashOf(PriceHistory closes, PriceHistory? dvol)
    {
        ArgumentNullException.ThrowIfNull(closes);
        var text = new StringBuilder();
        foreach (var (series, history) in new[] { (MarketHistorySeries.Close, closes), (MarketHistorySeries.Dvol, dvol) })
        {
            if (history is null)
            {
                continue;
            }

            foreach (var asset in history.Assets.Order(StringComparer.Ordinal))
            {
                foreach (var day in history.DatesOf(asset))
                {
                    history.TryGetClose(asset, day, out var value);
                    text.Append(CultureInfo.InvariantCulture, $"{series},{asset},{day:yyyy-MM-dd},{value:R}\n");
                }
            }
        }

        return Hash32.Keccak(text.ToString());
    }
}
