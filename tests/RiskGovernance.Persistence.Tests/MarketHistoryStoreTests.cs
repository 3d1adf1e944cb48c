using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Persistence.History;

namespace RiskGovernance.Persistence.Tests;

public sealed class MarketHistoryStoreTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Import_EmbeddedData_ReadsBackEveryCloseAndDvolValue()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteMarketHistoryStore>();
        var closes = MarketDataset.LoadDailyCloses();
        var dvol = MarketDataset.LoadDvolCloses();

        var result = await store.ImportAsync(closes, dvol, Ct);

        var closeRows = closes.Assets.Sum(a => closes.DatesOf(a).Count);
        var dvolRows = dvol.Assets.Sum(a => dvol.DatesOf(a).Count);
        Assert.Equal(new MarketHistoryImport(closeRows + dvolRows, 0, 0), result);
        var back = await store.ReadAsync(MarketHistorySeries.Close, Ct);
        Assert.NotNull(back);
        Assert.Equal(closes.Assets.Order(), back.Assets.Order());
        foreach (var asset in closes.Assets)
        {
            var dates = closes.DatesOf(asset);
            Assert.Equal(dates, back.DatesOf(asset));
            foreach (var date in dates)
            {
                closes.TryGetClose(asset, date, out var expected);
                back.TryGetClose(asset, date, out var actual);
                Assert.Equal(expected, actual);
            }
        }
        var backDvol = await store.ReadAsync(MarketHistorySeries.Dvol, Ct);
        Assert.True(backDvol!.TryGetClose("BTC", new DateOnly(2022, 11, 9), out var level));
        dvol.TryGetClose("BTC", new DateOnly(2022, 11, 9), out var expectedLevel);
        Assert.Equal(expectedLevel, level);
        Assert.Equal(closeRows, Convert.ToInt32(await database.ScalarAsync("SELECT count(*) FROM MarketHistory WHERE Series = 'close'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Import_Twice_SecondChangesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteMarketHistoryStore>();
        var closes = Small(("BTC", 100), ("ETH", 10));
        await store.ImportAsync(closes, null, Ct);

        var again = await store.ImportAsync(closes, null, Ct);

        Assert.Equal(new MarketHistoryImport(0, 0, 4), again);
        Assert.Equal(4L, await database.ScalarAsync("SELECT count(*) FROM MarketHistory"));
    }

    [Fact]
    public async Task Import_CorrectedValue_ReplacesTheStoredOne()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteMarketHistoryStore>();
        await store.ImportAsync(Small(("BTC", 100)), null, Ct);

        var result = await store.ImportAsync(Small(("BTC", 100), ("BTC2", 5)).WithOverride("BTC", new DateOnly(2024, 1, 2), 123), null, Ct);

        Assert.Equal(new MarketHistoryImport(2, 1, 1), result);
        var back = await store.ReadAsync(MarketHistorySeries.Close, Ct);
        Assert.True(back!.TryGetClose("BTC", new DateOnly(2024, 1, 2), out var v));
        Assert.Equal(123, v);
    }

    [Fact]
    public async Task Read_EmptySeries_IsNull()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteMarketHistoryStore>();
        Assert.Null(await store.ReadAsync(MarketHistorySeries.Dvol, Ct));
    }

    [Fact]
    public async Task Database_RefusesANonPositiveValue()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            database.ExecuteRawAsync("INSERT INTO MarketHistory (Series, Asset, Date, Value) VALUES ('close', 'BTC', '2024-01-01', 0)"));
    }

    private static PriceHistory Small(params (string Asset, double Close)[] assets) =>
        PriceHistory.Create(assets.SelectMany(a => new[]
        {
            new DailyClose(new DateOnly(2024, 1, 1), a.Asset, a.Close),
            new DailyClose(new DateOnly(2024, 1, 2), a.Asset, a.Close * 1.01),
        }));
}

internal static class PriceHistoryOverrides
{
    public static PriceHistory WithOverride(this PriceHistory history, string asset, DateOnly date, double close) =>
        PriceHistory.Create(history.Assets.SelectMany(a => history.DatesOf(a).Select(d =>
        {
            history.TryGetClose(a, d, out var c);
            return new DailyClose(d, a, a == asset && d == date ? close : c);
        })));
}
