using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Tests.Json;

namespace RiskGovernance.Engine.Tests.Validation;

/// <summary>The checks of a price history of its own: closes finite and &gt; 0, one close per asset
/// and date, at least one row.</summary>
public class HistoryValidationTests
{
    private static readonly DateOnly Day = new(2022, 11, 8);

    [Theory]
    [InlineData(0.0, "must be > 0")]
    [InlineData(-5.0, "must be > 0")]
    [InlineData(double.NaN, "must be a finite number")]
    [InlineData(double.PositiveInfinity, "must be a finite number")]
    public void Create_BadClose_ErrorNamesRow(double close, string message) =>
        ValidationAssert.Single(() => PriceHistory.Create([new DailyClose(Day, "BTC", 100), new DailyClose(Day, "ETH", close)]),
            "history[1].close", message);

    [Fact]
    public void Create_TwoClosesSameAssetAndDate_ErrorNamesSecondRow() =>
        ValidationAssert.Single(() => PriceHistory.Create([new DailyClose(Day, "BTC", 100), new DailyClose(Day, "BTC", 101)]),
            "history[1].date", "BTC has more than one close on 2022-11-08");

    [Fact]
    public void Create_NoRows_Rejected() =>
        ValidationAssert.Single(() => PriceHistory.Create([]), "history", "has no rows");

    [Fact]
    public void Create_EmptyAsset_ErrorNamesRow() =>
        ValidationAssert.Single(() => PriceHistory.Create([new DailyClose(Day, " ", 100)]), "history[0].asset", "must name an asset");

    [Fact]
    public void Create_SameDateForTwoAssets_Accepted()
    {
        var history = PriceHistory.Create([new DailyClose(Day, "BTC", 100), new DailyClose(Day, "ETH", 10)]);
        Assert.True(history.TryGetClose("ETH", Day, out var close));
        Assert.Equal(10.0, close);
    }
}
