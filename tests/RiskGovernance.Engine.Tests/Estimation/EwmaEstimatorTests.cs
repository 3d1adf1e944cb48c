using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.Estimation;

public sealed class EwmaEstimatorTests
{
    private const double Tolerance = 1e-12;

    private static readonly DateOnly AsOf = new(2022, 11, 8);

    /// <summary>Closes growing by exp(r) every day for each asset.</summary>
    private static PriceHistory Constant(params (string Asset, double DailyLogReturn)[] assets)
    {
        var rows = new List<DailyClose>();
        foreach (var (asset, r) in assets)
        {
            for (var i = 0; i <= 400; i++)
            {
                rows.Add(new DailyClose(AsOf.AddDays(-400 + i), asset, 100 * Math.Exp(r * i)));
            }
        }
        return PriceHistory.Create(rows);
    }

    [Theory]
    [InlineData(0.94)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Estimate_ConstantReturns_VolatilityIsAbsReturnTimesSqrt365AndCorrelationIsTheSign(double lambda)
    {
        var history = Constant(("A", 0.01), ("B", -0.02), ("C", 0.03));
        var e = EwmaEstimator.Estimate(history, ["A", "B", "C"], AsOf, lambda);

        Assert.Equal(0.01 * Math.Sqrt(365), e.Volatilities[0], 1e-10);
        Assert.Equal(0.02 * Math.Sqrt(365), e.Volatilities[1], 1e-10);
        Assert.Equal(-1, e.Correlation[0][1], 1e-10);
        Assert.Equal(1, e.Correlation[0][2], 1e-10);
        Assert.Equal(1, e.Correlation[1][1]);
        Assert.Equal(365, e.Returns);
    }

    [Fact]
    public void Estimate_RealBtcEth_MatchesIndependentHandLoop()
    {
        var history = MarketDataset.LoadDailyCloses();
        const double lambda = 0.94;
        var e = EwmaEstimator.Estimate(history, ["BTC", "ETH"], AsOf, lambda);

        // Independent loop: newest first, weight lambda^k, normalised.
        double sbb = 0, see = 0, sbe = 0, total = 0, w = 1;
        for (var k = 0; k < 365; k++)
        {
            var t = AsOf.AddDays(-k);
            history.TryGetClose("BTC", t, out var b1);
            history.TryGetClose("BTC", t.AddDays(-1), out var b0);
            history.TryGetClose("ETH", t, out var e1);
            history.TryGetClose("ETH", t.AddDays(-1), out var e0);
            double rb = Math.Log(b1 / b0), re = Math.Log(e1 / e0);
            sbb += w * rb * rb;
            see += w * re * re;
            sbe += w * rb * re;
            total += w;
            w *= lambda;
        }
        Assert.Equal(Math.Sqrt(sbb / total * 365), e.Volatilities[0], Tolerance);
        Assert.Equal(Math.Sqrt(see / total * 365), e.Volatilities[1], Tolerance);
        Assert.Equal(sbe / Math.Sqrt(sbb * see), e.Correlation[0][1], Tolerance);
        Assert.Equal(e.Correlation[0][1], e.Correlation[1][0]);
        Assert.InRange(e.Correlation[0][1], 0.5, 1.0);
    }

    [Fact]
    public void Estimate_TinyLambda_IsTheLastReturnAlone()
    {
        var history = MarketDataset.LoadDailyCloses();
        var e = EwmaEstimator.Estimate(history, ["BTC", "ETH"], AsOf, 1e-12);
        history.TryGetClose("BTC", AsOf, out var b1);
        history.TryGetClose("BTC", AsOf.AddDays(-1), out var b0);
        history.TryGetClose("ETH", AsOf, out var e1);
        history.TryGetClose("ETH", AsOf.AddDays(-1), out var e0);
        Assert.Equal(Math.Abs(Math.Log(b1 / b0)) * Math.Sqrt(365), e.Volatilities[0], 1e-9);
        Assert.Equal(Math.Sign(Math.Log(b1 / b0) * Math.Log(e1 / e0)), e.Correlation[0][1], 1e-9);
    }

    [Fact]
    public void Estimate_LambdaOne_IsTheZeroMeanEqualWeightedEstimate()
    {
        var history = MarketDataset.LoadDailyCloses();
        var e = EwmaEstimator.Estimate(history, ["BTC"], AsOf, 1.0, 30);
        var r = ReturnStatistics.DailyLogReturns(history, "BTC", AsOf, 30);
        Assert.Equal(Math.Sqrt(r.Sum(x => x * x) / r.Length * 365), e.Volatilities[0], Tolerance);
    }

    [Fact]
    public void Estimate_MatrixIsValidCorrelation()
    {
        var e = EwmaEstimator.Estimate(MarketDataset.LoadDailyCloses(), MarketDataset.DailyAssets, MarketDataset.LastDateWithAllAssets);
        Assert.True(Engine.Correlation.NearestCorrelation.IsValidCorrelation(e.Correlation.Select(r => r.ToArray()).ToArray()));
    }

    [Theory]
    [InlineData(0.0, "lambda")]
    [InlineData(1.5, "lambda")]
    [InlineData(double.NaN, "lambda")]
    public void Estimate_BadLambda_NamesLambda(double lambda, string field)
    {
        var ex = Assert.Throws<InputValidationException>(() => EwmaEstimator.Estimate(MarketDataset.LoadDailyCloses(), ["BTC"], AsOf, lambda));
        Assert.Contains(ex.Errors, e => e.Field == field);
    }

    [Fact]
    public void Estimate_AssetWithoutCloseOnTheDate_NamesHistoryAsset()
    {
        var ex = Assert.Throws<InputValidationException>(() =>
            EwmaEstimator.Estimate(MarketDataset.LoadDailyCloses(), ["BTC", "AVAX"], new DateOnly(2019, 6, 1)));
        Assert.Contains(ex.Errors, e => e.Field == "history.AVAX");
    }

    [Fact]
    public void Compare_Params10_PairsAndScanRangesInSigmas()
    {
        var p = DemoInputs.Params10();
        var c = EstimateComparison.Create(MarketDataset.LoadDailyCloses(), p, DemoInputs.AsOf);
        Assert.Equal(10, c.Assets.Count);
        Assert.Equal(45, c.Pairs.Count);
        var btc = c.Assets[0];
        Assert.Equal("BTC", btc.Asset);
        Assert.Equal(p.Asset("BTC").ScanRange / (btc.EstimatedVolatility / Math.Sqrt(365)), btc.ScanRangeInDailySigmas, Tolerance);
        Assert.Equal(c.Pairs.Max(x => Math.Abs(x.Proposed - x.Estimated)), c.MaxAbsCorrelationDifference);
        Assert.Equal(p.Correlation[0, 1], c.Pairs[0].Proposed);
    }
}
