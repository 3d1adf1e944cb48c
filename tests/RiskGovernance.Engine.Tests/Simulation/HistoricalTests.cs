using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using static RiskGovernance.Engine.Tests.Methods.MarginTestInputs;

namespace RiskGovernance.Engine.Tests.Simulation;

public class HistoricalTests
{
    /// <summary>The engine and the test sort and sum the same numbers in different orders.</summary>
    private const double RelativeTolerance = 1e-12;

    private const double Spot = 20_000;

    /// <summary>A smooth, positive, non-periodic daily path ending at <see cref="Methods.MarginTestInputs.AsOf"/>.</summary>
    private static IEnumerable<DailyClose> Path(string asset, int days, double level, Func<DateOnly, double>? shock = null)
    {
        for (var k = days - 1; k >= 0; k--)
        {
            var date = AsOf.AddDays(-k);
            var close = level * (1 + (0.06 * Math.Sin(0.37 * k)) + (0.03 * Math.Cos(1.3 * k * k % 17)) + (0.0005 * k));
            yield return new DailyClose(date, asset, close * (shock?.Invoke(date) ?? 1.0));
        }
    }

    private static ParameterSet HistoricalParams(
        RiskMeasure measure, double confidence, int horizonDays, int historyDays, params AssetSpec[] assets) =>
        Params(MarginMethod.Historical, assets.Length == 0 ? [new("BTC")] : assets,
            simulation: SimulationSettings(measure, confidence, horizonDays, historyDays: historyDays));

    /// <summary>Independent reference: every loss, sorted descending, m = floor((1 - c) N + 1e-9).</summary>
    private static double Reference(List<double> losses, double confidence, RiskMeasure measure)
    {
        var sorted = losses.OrderByDescending(x => x).ToList();
        var m = Math.Max(1, (int)Math.Floor(((1 - confidence) * sorted.Count) + 1e-9));
        return measure == RiskMeasure.ValueAtRisk ? sorted[m - 1] : sorted.Take(m).Average();
    }

    [Theory]
    [InlineData(RiskMeasure.ExpectedShortfall, 0.95, 1)]
    [InlineData(RiskMeasure.ValueAtRisk, 0.95, 1)]
    [InlineData(RiskMeasure.ExpectedShortfall, 0.99, 3)]
    [InlineData(RiskMeasure.ValueAtRisk, 0.9, 5)]
    public void Margin_OneBtcPerp_EqualsMeasureOfOverlappingReturns(RiskMeasure measure, double confidence, int horizon)
    {
        const int historyDays = 150;
        var history = PriceHistory.Create(Path("BTC", 200, 16_000));
        var parameters = HistoricalParams(measure, confidence, horizon, historyDays);
        var inputs = MarginInputs.Create(Market(("BTC", Spot, 0.6)), parameters,
            Book.Create([Account("h", new PerpPosition("BTC", 1, Spot))]), history);

        var account = Margin(inputs).Accounts[0];

        var losses = new List<double>();
        for (var k = 0; k < historyDays; k++)
        {
            var t = AsOf.AddDays(-k);
            history.TryGetClose("BTC", t, out var close);
            history.TryGetClose("BTC", t.AddDays(-horizon), out var earlier);
            losses.Add(-((Spot * (close / earlier)) - Spot));
        }
        var expected = Math.Max(0, Reference(losses, confidence, measure));
        Assert.True(expected > 0);
        Assert.Equal(expected, account.Risk, RelativeTolerance * expected);
        Assert.Equal(expected, RiskOf(account, "BTC"), RelativeTolerance * expected);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Margin_CrashAtWindowEdge_CountsOnlyInsideTheWindow(int daysInsideEdge, bool counted)
    {
        // A 40% one-day drop on asOf - historyDays + daysInsideEdge; the window is
        // asOf - historyDays < t <= asOf, so the drop on asOf - historyDays itself is outside.
        const int historyDays = 120;
        var crash = AsOf.AddDays(-historyDays + daysInsideEdge);
        var history = PriceHistory.Create(Path("BTC", 200, 16_000, d => d >= crash ? 0.6 : 1.0));
        var parameters = HistoricalParams(RiskMeasure.ExpectedShortfall, 0.99, 1, historyDays);
        var inputs = MarginInputs.Create(Market(("BTC", Spot, 0.6)), parameters,
            Book.Create([Account("h", new PerpPosition("BTC", 1, Spot))]), history);

        var risk = Margin(inputs).Accounts[0].Risk;

        // m = floor(0.01 * 120) = 1: ES is the single worst loss.
        Assert.Equal(counted, risk > 0.3 * Spot);
    }

    [Fact]
    public void Margin_ShortOptionExpiringWithinHorizon_RevaluedAtIntrinsic()
    {
        const int historyDays = 100;
        const double strike = 20_500, sigma = 0.9, quantity = -2;
        var history = PriceHistory.Create(Path("BTC", 120, 16_000));
        var parameters = HistoricalParams(RiskMeasure.ExpectedShortfall, 0.95, 1, historyDays);
        var inputs = MarginInputs.Create(Market(("BTC", Spot, sigma)), parameters,
            Book.Create([Account("o", new OptionPosition("BTC", OptionRight.Call, strike, 1, quantity))]), history);

        var risk = Margin(inputs).Accounts[0].Risk;

        var v0 = OptionPricer.Value(OptionRight.Call, Spot, sigma, strike, 1);
        var losses = new List<double>();
        for (var k = 0; k < historyDays; k++)
        {
            var t = AsOf.AddDays(-k);
            history.TryGetClose("BTC", t, out var close);
            history.TryGetClose("BTC", t.AddDays(-1), out var earlier);
            var shocked = Spot * (1 + ((close / earlier) - 1));
            losses.Add(-quantity * (Math.Max(shocked - strike, 0) - v0));
        }
        var expected = Math.Max(0, Reference(losses, 0.95, RiskMeasure.ExpectedShortfall));
        Assert.True(expected > 0);
        Assert.Equal(expected, risk, RelativeTolerance * expected);
    }

    [Fact]
    public void Margin_TooFewDates_ErrorOnHistoryNamingTheMissingAsset()
    {
        var rows = Path("BTC", 400, 16_000).Concat(Path("ETH", 60, 1_200));
        var parameters = HistoricalParams(RiskMeasure.ExpectedShortfall, 0.99, 1, 365, new AssetSpec("BTC"), new AssetSpec("ETH"));
        var inputs = MarginInputs.Create(Market(("BTC", Spot, 0.6), ("ETH", 1_500, 0.8)), parameters,
            Book.Create([Account("h", new PerpPosition("BTC", 1, Spot))]), PriceHistory.Create(rows));

        var error = Assert.Throws<InputValidationException>(() => Margin(inputs));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("history", problem.Field);
        Assert.Contains("ETH", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BTC", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Margin_RealBtcClosesAroundFtxCollapse_EqualsMeasureComputedFromTheCloses()
    {
        // Embedded Binance daily closes; 730 days to 2022-11-08 (the FTX collapse), 1-day returns, ES 99%.
        var history = MarketDataset.LoadDailyCloses();
        const int historyDays = 730;
        const double spot = 18_547.23, quantity = -1.5;
        var parameters = HistoricalParams(RiskMeasure.ExpectedShortfall, 0.99, 1, historyDays);
        var inputs = MarginInputs.Create(Market(("BTC", spot, 0.77)), parameters,
            Book.Create([Account("btc", new PerpPosition("BTC", quantity, 19_000))]), history);

        var risk = Margin(inputs).Accounts[0].Risk;

        var losses = new List<double>();
        for (var k = 0; k < historyDays; k++)
        {
            var t = AsOf.AddDays(-k);
            Assert.True(history.TryGetClose("BTC", t, out var close));
            Assert.True(history.TryGetClose("BTC", t.AddDays(-1), out var earlier));
            losses.Add(-quantity * ((spot * (close / earlier)) - spot));
        }
        var expected = Reference(losses, 0.99, RiskMeasure.ExpectedShortfall);
        Assert.Equal(expected, risk, RelativeTolerance * expected);
        // A short position's worst days are the rallies: ES sits between 5% and 25% of the notional.
        Assert.InRange(risk, 0.05 * -quantity * spot, 0.25 * -quantity * spot);
    }
}
