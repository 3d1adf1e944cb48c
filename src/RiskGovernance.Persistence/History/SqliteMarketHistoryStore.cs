using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Engine.History;

namespace RiskGovernance.Persistence.History;

/// <summary>What an import changed.</summary>
/// <param name="Inserted">Rows that were not stored yet.</param>
/// <param name="Updated">Rows stored with another value, now replaced.</param>
/// <param name="Unchanged">Rows already stored with the same value.</param>
public sealed record MarketHistoryImport(int Inserted, int Updated, int Unchanged);

/// <summary>
/// The market history (daily closes and the DVOL index) in the MarketHistory table. An import is
/// one <c>BEGIN IMMEDIATE</c> transaction of upserts keyed by (series, asset, date): importing the
/// same data again changes nothing, a corrected value replaces the stored one, and a failed import
/// leaves the table as it was. Reading gives back a validated <see cref="PriceHistory"/>.
/// </summary>
public sealed class SqliteMarketHistoryStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;

    /// <summary>Creates the store over the governance database.</summary>
    public SqliteMarketHistoryStore(IDbContextFactory<GovernanceDbContext> contexts) =>
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <summary>Imports the closes and, when given, the DVOL series in one transaction.</summary>
    public async Task<MarketHistoryImport> ImportAsync(PriceHistory closes, PriceHistory? dvol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closes);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var existing = new Dictionary<(string, string, DateOnly), double>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT \"Series\", \"Asset\", \"Date\", \"Value\" FROM \"MarketHistory\"";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[(reader.GetString(0), reader.GetString(1), DateOnly.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture))] =
                    reader.GetDouble(3);
            }
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO \"MarketHistory\" (\"Series\", \"Asset\", \"Date\", \"Value\") VALUES ($series, $asset, $date, $value) " +
                             "ON CONFLICT (\"Series\", \"Asset\", \"Date\") DO UPDATE SET \"Value\" = excluded.\"Value\"";
        var series = upsert.Parameters.Add("$series", SqliteType.Text);
        var asset = upsert.Parameters.Add("$asset", SqliteType.Text);
        var date = upsert.Parameters.Add("$date", SqliteType.Text);
        var value = upsert.Parameters.Add("$value", SqliteType.Real);
        upsert.Prepare();
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var (name, history) in new[] { (MarketHistorySeries.Close, closes), (MarketHistorySeries.Dvol, dvol) })
        {
            if (history is null)
            {
                continue;
            }
            foreach (var symbol in history.Assets.Order(StringComparer.Ordinal))
            {
                foreach (var day in history.DatesOf(symbol))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    history.TryGetClose(symbol, day, out var v);
                    if (existing.TryGetValue((name, symbol, day), out var stored))
                    {
                        if (stored.Equals(v))
                        {
                            unchanged++;
                            continue;
                        }
                        updated++;
                    }
                    else
                    {
                        inserted++;
                    }
                    series.Value = name;
                    asset.Value = symbol;
                    date.Value = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    value.Value = v;
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new MarketHistoryImport(inserted, updated, unchanged);
    }

    /// <summary>The stored series (<see cref="MarketHistorySeries"/>) as a price history, or null when it has no rows.</summary>
    public async Task<PriceHistory?> ReadAsync(string series, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<MarketHistoryRow>().AsNoTracking().Where(r => r.Series == series)
            .OrderBy(r => r.Asset).ThenBy(r => r.Date)
            .Select(r => new DailyClose(r.Date, r.Asset, r.Value))
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : PriceHistory.Create(rows);
    }

    /// <summary>Rows stored per series.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MarketHistoryRow>().GroupBy(r => r.Series).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
    }
}
