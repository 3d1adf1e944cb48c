using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.MarketData;

public sealed class ReturnStatisticsTests
{
    private const double Tolerance = 1e-12;
    private static readonly DateOnly Start = new(2024, 1, 1);

    /// <summary>Three assets over <paramref name="days"/> days with log returns alternating in sign:
    /// A moves +-ln 1.1, B the opposite (-+ln 1.1), C twice A (+-ln 1.21).</summary>
    private static PriceHistory Alternating(int days)
    {
        var rows = new List<DailyClose>();
        for (var i = 0; i < days; i++)
        {
            var up = i % 2 == 1;
            rows.Add(new DailyClose(Start.AddDays(i), "A", up ? 110 : 100));
            rows.Add(new DailyClose(Start.AddDays(i), "B", up ? 100 / 1.1 : 100));
            rows.Add(new DailyClose(Start.AddDays(i), "C", up ? 121 : 100));
        }
        return PriceHistory.Create(rows);
    }

    [Fact]
    public void AnnualisedVolatility_ConstantAbsoluteReturn_EwmaIsThatReturnTimesSqrt365()
    {
        var h = Alternating(41);

        var vol = ReturnStatistics.AnnualisedVolatility(h, "A", Start.AddDays(40), 40, VolatilityEstimator.Ewma);

        Assert.Equal(Math.Log(1.1) * Math.Sqrt(365), vol, Tolerance);
    }

    [Fact]
    public void AnnualisedVolatility_AlternatingReturns_RealisedIsSampleStandardDeviation()
    {
        var h = Alternating(41);

        var vol = ReturnStatistics.AnnualisedVolatility(h, "A", Start.AddDays(40), 40, VolatilityEstimator.Realised);

        // 40 returns +-r with mean 0: sample variance = 40 r^2 / 39.
        var r = Math.Log(1.1);
        Assert.Equal(Math.Sqrt(40 * r * r / 39 * 365), vol, Tolerance);
    }

    [Fact]
    public void AnnualisedVolatility_WindowCountsOnlyDatesWithBothCloses()
    {
        var h = Alternating(41);

        var returns = ReturnStatistics.DailyLogReturns(h, "A", Start.AddDays(10), 20);

        Assert.Equal(10, returns.Length);
    }

    [Fact]
    public void AnnualisedVolatility_TooFewReturns_NamesTheAsset()
    {
        var h = Alternating(5);

        var ex = Assert.Throws<InputValidationException>(() => ReturnStatistics.AnnualisedVolatility(h, "A", Start.AddDays(4), 90));

        Assert.Equal("history.A", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void SampleCorrelation_PerfectlyOppositeAndProportionalSeries_AreMinusOneAndOne()
    {
        var h = Alternating(41);

        var rho = ReturnStatistics.SampleCorrelation(h, ["A", "B", "C"], Start.AddDays(40), 40);

        Assert.Equal(-1.0, rho[0][1], Tolerance);
        Assert.Equal(1.0, rho[0][2], Tolerance);
        Assert.Equal(-1.0, rho[1][2], Tolerance);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1.0, rho[i][i]);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(rho[i][j], rho[j][i]);
            }
        }
    }

    [Fact]
    public void SampleCorrelation_RealData_IsAValidCorrelationMatrix()
    {
        var rho = ReturnStatistics.SampleCorrelation(MarketDataset.LoadDailyCloses(), MarketDataset.DailyAssets,
            MarketDataset.LastDateWithAllAssets, 730);

        Assert.True(Engine.Correlation.NearestCorrelation.IsValidCorrelation(rho));
        Assert.InRange(rho[0][1], 0.7, 0.95);
    }

    [Fact]
    public void FromHistory_RealData_PricesAreClosesAndVolatilitiesPlausible()
    {
        var asOf = new DateOnly(2022, 11, 9);

        var m = MarketSnapshotBuilder.FromHistory(MarketDataset.LoadDailyCloses(), asOf, ["BTC", "SOL"], stablecoins: ["USDC"]);

        Assert.Equal(asOf, m.AsOf);
        Assert.Equal(14.08, m["SOL"].Price);
        Assert.Equal(1.0, m["USDC"].Price);
        Assert.Equal(0.0, m["USDC"].Volatility);
        Assert.InRange(m["BTC"].Volatility, 0.2, 2.0);
        Assert.True(m["SOL"].Volatility > m["BTC"].Volatility);
    }

    [Fact]
    public void FromHistory_NoCloseOnAsOf_NamesTheAsset()
    {
        var ex = Assert.Throws<InputValidationException>(() =>
            MarketSnapshotBuilder.FromHistory(MarketDataset.LoadDailyCloses(), new DateOnly(2024, 9, 11), ["BTC", "MATIC"]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("history.MATIC", error.Field);
    }
}
