using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.Backtesting;

public sealed class BacktesterTests
{
    private const double Tolerance = 1e-9;

    private static readonly DateOnly From = new(2022, 11, 1);
    private static readonly DateOnly To = new(2022, 11, 20);

    private static BacktestInputs Reference(ParameterSet p, DateOnly from, DateOnly to, int horizon = 1, bool series = true)
    {
        var closes = MarketDataset.LoadDailyCloses();
        var market = ReferencePortfolios.ReferenceMarket(p, closes, to);
        return BacktestInputs.Create(p, ReferencePortfolios.Create(market, p), market, from, to, horizon, 0.94, closes,
            MarketDataset.LoadDvolCloses(), series);
    }

    [Fact]
    public void Run_LongBtcPerp_ImIsScanRangeTimesNotionalAndLossIsTheRealisedReturn()
    {
        var p = DemoInputs.Params10();
        var r = new Backtester().Run(Reference(p, From, To));
        var closes = MarketDataset.LoadDailyCloses();
        var perp = r.Portfolios.Single(x => x.Id == "long-perp-btc");

        Assert.Equal(20, perp.Observations);
        foreach (var day in perp.Series!)
        {
            closes.TryGetClose("BTC", day.Date, out var c0);
            closes.TryGetClose("BTC", day.Date.AddDays(1), out var c1);
            Assert.Equal(p.Asset("BTC").ScanRange * ReferencePortfolios.Notional, day.InitialMargin, 1e-6);
            Assert.Equal(-ReferencePortfolios.Notional * ((c1 / c0) - 1), day.Loss, 1e-6);
        }
        // 2022-11-08 -> 09: BTC fell 14.1 %, less than its 17 % scan range: a large loss, no exception.
        var ftx = perp.Series!.Single(d => d.Date == new DateOnly(2022, 11, 8));
        Assert.InRange(ftx.Loss, 140_000, 142_000);
        Assert.DoesNotContain(ftx.Date, perp.ExceptionDates);
        Assert.Equal(perp.Series!.Count(d => d.Exception), perp.Exceptions);
        Assert.Equal(CoverageTests.Kupiec(20, perp.Exceptions, 0.01), perp.Kupiec);
    }

    [Fact]
    public void Run_GridKernel_EqualsTheMarginEngineDayByDay()
    {
        var p = DemoInputs.Params10();
        var market = DemoInputs.Market10();
        var book = BookGenerator.Generate(market, p, 150, 11);
        var inputs = BacktestInputs.Create(p, book, market, new DateOnly(2022, 6, 10), new DateOnly(2022, 6, 25), 2, 0.94,
            MarketDataset.LoadDailyCloses(), MarketDataset.LoadDvolCloses(), includeSeries: true);

        var fast = new Backtester().Run(inputs, null, default, fastGrid: true);
        var engine = new Backtester().Run(inputs, null, default, fastGrid: false);

        Assert.Equal(engine.Dates, fast.Dates);
        for (var i = 0; i < book.Accounts.Count; i++)
        {
            for (var d = 0; d < fast.Dates.Count; d++)
            {
                var a = fast.Portfolios[i].Series![d];
                var b = engine.Portfolios[i].Series![d];
                Assert.Equal(b.InitialMargin, a.InitialMargin, Tolerance * Math.Max(1, b.InitialMargin));
                Assert.Equal(b.Loss, a.Loss, Tolerance * Math.Max(1, Math.Abs(b.Loss)));
            }
            Assert.Equal(engine.Portfolios[i].Exceptions, fast.Portfolios[i].Exceptions);
        }
    }

    [Fact]
    public void Run_RebasedBook_ImEqualsTheEngineAtThatDaysRealPrices()
    {
        // Homogeneity: the portfolio held at constant notional and moneyness has, on day t, the IM
        // the engine gives at t's real prices for the rebased quantities and strikes.
        var p = DemoInputs.Params10();
        var t = new DateOnly(2021, 5, 19);
        var r = new Backtester().Run(Reference(p, t, t));
        var reference = ReferencePortfolios.ReferenceMarket(p, MarketDataset.LoadDailyCloses(), t);
        var straddle = r.Portfolios.Single(x => x.Id == "short-straddle-btc").Series![0];

        MarketDataset.LoadDailyCloses().TryGetClose("BTC", t, out var spot);
        MarketDataset.LoadDvolCloses().TryGetClose("BTC", t, out var dvol);
        var quotes = reference.Assets.Select(q => q.Symbol == "BTC" ? q with { Price = spot, Volatility = dvol / 100 } : q);
        var market = MarketSnapshot.Create(t, quotes);
        var q = ReferencePortfolios.Notional / spot;
        var book = Book.Create([new Account("s", [], [
            new OptionPosition("BTC", OptionRight.Call, spot, 30, -q), new OptionPosition("BTC", OptionRight.Put, spot, 30, -q)])]);
        var im = new MarginEngine().Margin(MarginInputs.Create(market, p, book)).Accounts[0].InitialMargin;
        Assert.Equal(im, straddle.InitialMargin, 1e-9 * im);
    }

    [Fact]
    public void Run_Range2019To2024_SkipsDatesWithoutDataAndCountsThem()
    {
        var p = DemoInputs.Params10();
        var r = new Backtester().Run(Reference(p, new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31), series: false));
        Assert.True(r.Dates[0] >= MarketDataset.FirstDateWithAllAssets);
        Assert.True(r.Dates[^1] < MarketDataset.LastDateWithAllAssets);
        Assert.Equal(new DateOnly(2024, 12, 31).DayNumber - new DateOnly(2019, 1, 1).DayNumber + 1, r.Dates.Count + r.SkippedDates);
        Assert.Equal(r.Portfolios.Count, r.Summary.Green + r.Summary.Yellow + r.Summary.Red);
        Assert.All(r.Portfolios, x => Assert.Null(x.Series));
    }

    [Fact]
    public void Run_ProgressReachesOne()
    {
        var fractions = new List<double>();
        var progress = new SynchronousProgress(f => { lock (fractions) { fractions.Add(f.Fraction); } });
        new Backtester().Run(Reference(DemoInputs.Params10(), From, To), progress);
        Assert.Equal(1.0, fractions.Max());
    }

    [Fact]
    public void Create_BadInputs_NameTheFields()
    {
        var p = DemoInputs.Params10();
        var closes = MarketDataset.LoadDailyCloses();
        var market = ReferencePortfolios.ReferenceMarket(p, closes, To);
        var ex = Assert.Throws<InputValidationException>(() =>
            BacktestInputs.Create(p, ReferencePortfolios.Create(market, p), market, To, From, 0, 0, closes));
        Assert.Equal(["horizon", "lambda", "to"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    private sealed class SynchronousProgress(Action<MarginProgress> report) : IProgress<MarginProgress>
    {
        public void Report(MarginProgress value) => report(value);
    }
}
