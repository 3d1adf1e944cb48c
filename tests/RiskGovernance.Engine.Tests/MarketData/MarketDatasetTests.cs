using RiskGovernance.Engine.MarketData;

namespace RiskGovernance.Engine.Tests.MarketData;

public sealed class MarketDatasetTests
{
    [Theory]
    [InlineData("BTC", "2019-01-01", "2024-12-31", 2192)]
    [InlineData("ETH", "2019-01-01", "2024-12-31", 2192)]
    [InlineData("BNB", "2019-01-01", "2024-12-31", 2192)]
    [InlineData("XRP", "2019-01-01", "2024-12-31", 2192)]
    [InlineData("ADA", "2019-01-01", "2024-12-31", 2192)]
    [InlineData("LINK", "2019-01-16", "2024-12-31", 2177)]
    [InlineData("DOGE", "2019-07-05", "2024-12-31", 2007)]
    [InlineData("MATIC", "2019-04-26", "2024-09-10", 1965)]
    [InlineData("SOL", "2020-08-11", "2024-12-31", 1604)]
    [InlineData("AVAX", "2020-09-22", "2024-12-31", 1562)]
    public void LoadDailyCloses_EachAsset_HasTheReadmeCoverageWithoutGaps(string asset, string first, string last, int days)
    {
        var dates = MarketDataset.LoadDailyCloses().DatesOf(asset);

        Assert.Equal(days, dates.Count);
        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), dates[0]);
        Assert.Equal(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), dates[^1]);
        Assert.Equal(days - 1, dates[^1].DayNumber - dates[0].DayNumber);
    }

    [Fact]
    public void LoadDailyCloses_Assets_AreExactlyTheTen()
    {
        Assert.Equal(MarketDataset.DailyAssets.Order(), MarketDataset.LoadDailyCloses().Assets.Order());
    }

    [Theory]
    [InlineData("BTC", "2020-03-12", 4800)]
    [InlineData("BTC", "2020-03-13", 5578.60)]
    [InlineData("ETH", "2021-05-19", 2438.92)]
    [InlineData("SOL", "2022-11-09", 14.08)]
    [InlineData("SOL", "2022-11-08", 24.38)]
    public void LoadDailyCloses_ReadmeVerificationValues_Match(string asset, string date, double close)
    {
        Assert.True(MarketDataset.LoadDailyCloses().TryGetClose(asset, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), out var c));
        Assert.Equal(close, c);
    }

    [Theory]
    [InlineData("BTC", "2022-11-09", 114.72)]
    [InlineData("BTC", "2022-11-07", 59.48)]
    [InlineData("ETH", "2021-05-20", 181.68)]
    public void LoadDvolCloses_ReadmeVerificationValues_Match(string asset, string date, double close)
    {
        Assert.True(MarketDataset.LoadDvolCloses().TryGetClose(asset, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), out var c));
        Assert.Equal(close, c);
    }

    [Fact]
    public void LoadDvolCloses_Coverage_BtcAndEthWithoutGaps()
    {
        var dvol = MarketDataset.LoadDvolCloses();

        foreach (var asset in new[] { "BTC", "ETH" })
        {
            var dates = dvol.DatesOf(asset);
            Assert.Equal(new DateOnly(2021, 3, 24), dates[0]);
            Assert.Equal(new DateOnly(2026, 4, 6), dates[^1]);
            Assert.Equal(dates.Count - 1, dates[^1].DayNumber - dates[0].DayNumber);
        }
    }

    [Fact]
    public void LastDateWithAllAssets_EveryAssetHasACloseThenButNotAllTheDayAfter()
    {
        var h = MarketDataset.LoadDailyCloses();
        var d = MarketDataset.LastDateWithAllAssets;

        Assert.All(MarketDataset.DailyAssets, a => Assert.True(h.TryGetClose(a, d, out _)));
        Assert.Contains(MarketDataset.DailyAssets, a => !h.TryGetClose(a, d.AddDays(1), out _));
    }

    [Fact]
    public void Provenance_NamesSourcesAndLicence()
    {
        var text = MarketDataset.Provenance();

        Assert.Contains("Binance", text, StringComparison.Ordinal);
        Assert.Contains("LICENCE", text, StringComparison.Ordinal);
        Assert.Contains("MIT License", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenResource_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => MarketDataset.OpenResource("RiskGovernance.Engine.MarketData.nothing.csv"));
    }
}
