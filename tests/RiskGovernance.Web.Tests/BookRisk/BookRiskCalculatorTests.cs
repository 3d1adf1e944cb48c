using RiskGovernance.Engine;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Web.BookRisk;

namespace RiskGovernance.Web.Tests.BookRisk;

/// <summary>The book-risk figures checked against computations done here by hand with the engine's <see cref="MarginEngine"/>.</summary>
public sealed class BookRiskCalculatorTests
{
    private static readonly MarketSnapshot Market = DemoInputs.Market10();
    private static readonly ParameterSet Params = DemoInputs.Params10();
    private static readonly Book DemoBook = BookGenerator.Generate(Market, Params, 200, 7);
    private static readonly Lazy<BookRiskReport> Report = new(() => BookRiskCalculator.Compute(Market, DemoBook, Params, null, CancellationToken.None));

    [Fact]
    public void UniformShock_Minus30_MatchesTheEngineOnAMarketShockedByHand()
    {
        var prices = Market.Assets.Select(q => Params.IsRisky(q.Symbol) ? q with { Price = q.Price * 0.7 } : q);
        var shocked = MarketSnapshot.Create(Market.AsOf, prices);
        var engine = new MarginEngine();
        var before = engine.Margin(MarginInputs.Create(Market, Params, DemoBook));
        var after = engine.Margin(MarginInputs.Create(shocked, Params, DemoBook));
        var liquidatable = Enumerable.Range(0, after.Accounts.Count).Where(i => after.Accounts[i].Status == MarginStatus.Liquidatable).ToArray();
        var fresh = liquidatable.Count(i => before.Accounts[i].Status != MarginStatus.Liquidatable);
        var badDebt = after.Accounts.Where(a => a.Equity < 0).Sum(a => -a.Equity);
        var notional = liquidatable.Sum(i => DemoBook.Accounts[i].Positions.Sum(p => Math.Abs(p.Quantity) * shocked[p.Asset].Price));

        var point = Report.Value.Uniform.Points[0];

        Assert.Equal(-0.30, point.Shock, 12);
        Assert.True(liquidatable.Length > 0, "a 30 % fall liquidates someone in the demo book");
        Assert.Equal(liquidatable.Length, point.Liquidatable);
        Assert.Equal(fresh, point.NewlyLiquidatable);
        Assert.Equal(badDebt, point.BadDebt, 6);
        Assert.Equal(notional, point.LiquidatableNotional, 6);
        Assert.Equal(after.Totals.Equity, point.Equity, 6);
        Assert.Equal(13, Report.Value.Uniform.Points.Count);
        Assert.Equal(before.Totals.ByStatus.Liquidatable, Report.Value.Uniform.Points[6].Liquidatable);
        Assert.Equal(0, Report.Value.Uniform.Points[6].NewlyLiquidatable);
    }

    [Fact]
    public void OneAssetShock_MovesOnlyThatAsset()
    {
        var curve = Report.Value.PerAsset.First(c => c.Asset == "BTC");
        var shocked = MarketSnapshot.Create(Market.AsOf, Market.Assets.Select(q => q.Symbol == "BTC" ? q with { Price = q.Price * 1.3 } : q));
        var after = new MarginEngine().Margin(MarginInputs.Create(shocked, Params, DemoBook));

        var point = curve.Points[^1];

        Assert.Equal(0.30, point.Shock, 12);
        Assert.Equal(after.Accounts.Count(a => a.Status == MarginStatus.Liquidatable), point.Liquidatable);
        Assert.Equal(after.Accounts.Where(a => a.Equity < 0).Sum(a => -a.Equity), point.BadDebt, 6);
        Assert.Equal(after.Totals.Equity, point.Equity, 6);
        Assert.NotEqual(Report.Value.Uniform.Points[^1].Equity, point.Equity);
    }

    [Fact]
    public void MarginByAsset_AddsUpToTheBookTotals()
    {
        var r = Report.Value;

        Assert.True(r.ByAsset.Count >= 2);
        Assert.Equal(r.Totals.InitialMargin, r.ByAsset.Sum(a => a.InitialMargin), r.Totals.InitialMargin * 1e-9);
        Assert.Equal(r.Totals.MaintenanceMargin, r.ByAsset.Sum(a => a.MaintenanceMargin), r.Totals.MaintenanceMargin * 1e-9);
        Assert.True(r.ByAsset.Zip(r.ByAsset.Skip(1)).All(p => p.First.InitialMargin >= p.Second.InitialMargin), "largest IM first");
        Assert.All(r.ByAsset, a => Assert.True(a.StandaloneRisk * Params.ImMultiplier >= a.InitialMargin * 0.999 || a.StandaloneRisk == 0,
            $"{a.Asset}: offsets only lower the margin"));
    }

    [Fact]
    public void TopLists_AreSortedAndConsistent()
    {
        var r = Report.Value;
        var engine = new MarginEngine().Margin(MarginInputs.Create(Market, Params, DemoBook));

        Assert.Equal(BookRiskCalculator.TopCount, r.TopByMaintenance.Count);
        Assert.Equal(engine.Accounts.Max(a => a.MaintenanceMargin), r.TopByMaintenance[0].MaintenanceMargin, 9);
        Assert.All(r.TopByShortfall, a => Assert.Equal(Math.Max(0, a.MaintenanceMargin - a.Equity), a.Shortfall, 9));
        Assert.Equal(engine.Accounts.Count(a => a.Equity < a.MaintenanceMargin) > 0, r.TopByShortfall.Count > 0);
        Assert.True(r.TopByConcentration.Zip(r.TopByConcentration.Skip(1)).All(p => p.First.LargestShare >= p.Second.LargestShare));
        var top = r.TopByConcentration[0];
        var account = DemoBook.Accounts.Single(a => a.Id == top.Id);
        var largest = account.Positions.Where(p => p.Asset == top.LargestAsset).Sum(p => Math.Abs(p.Quantity) * Market[p.Asset].Price);
        Assert.Equal(largest / account.Positions.Sum(p => Math.Abs(p.Quantity) * Market[p.Asset].Price), top.LargestShare, 12);
    }

    [Fact]
    public void Tail_OfOneLongPerp_MatchesTheLognormalQuantile()
    {
        // One account long 10 BTC at the market price: loss = 10 S (1 - exp(sigma sqrt(h) z - sigma^2 h / 2)).
        var btc = Market["BTC"];
        var book = Book.Create([new Account("a", [new CollateralBalance("USDC", 1_000_000)], [new PerpPosition("BTC", 10, btc.Price)])]);
        var s = Params.Simulation;
        var h = s.HorizonDays / 365.0;
        Assert.Equal(0.99, s.Confidence);
        const double z = -2.3263478740408408; // the 1 % quantile of the standard normal
        var expectedVar = 10 * btc.Price * (1 - Math.Exp((btc.Volatility * Math.Sqrt(h) * z) - (btc.Volatility * btc.Volatility * h / 2)));

        var tail = BookRiskCalculator.Compute(Market, book, Params, null, CancellationToken.None).Tail;

        Assert.Equal(s.Confidence, tail.Confidence);
        Assert.Equal(expectedVar, tail.ValueAtRisk, expectedVar * 0.05);
        Assert.True(tail.ExpectedShortfall > tail.ValueAtRisk, "ES is beyond VaR");
    }

    [Fact]
    public void Merge_SumsCollateralPerAssetAndKeepsEveryPosition()
    {
        var merged = BookRiskCalculator.Merge(DemoBook);

        var account = Assert.Single(merged.Accounts);
        Assert.Equal(DemoBook.Accounts.Sum(a => a.Positions.Count), account.Positions.Count);
        Assert.Equal(DemoBook.Accounts.SelectMany(a => a.Collateral).Where(c => c.Asset == "USDC").Sum(c => c.Amount),
            account.Collateral.Single(c => c.Asset == "USDC").Amount, 6);
    }
}
