using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using static RiskGovernance.Engine.Tests.Methods.MarginTestInputs;

namespace RiskGovernance.Engine.Tests.Stress;

public sealed class StressEngineTests
{
    private const double Tolerance = 1e-9;

    private static readonly StressWindow OneDay = new("custom", new DateOnly(2022, 11, 9), new DateOnly(2022, 11, 9));

    private static MarketMove Move(params (string Asset, double Return)[] moves) =>
        MarketMove.Create(OneDay, moves.Select(m => new AssetMove(m.Asset, 1, 1 + m.Return, m.Return, 1.0, VolatilitySource.Dvol)));

    private static StressAssumptions Assumptions(double fund, double btcImpact = 0, int rounds = 50) =>
        StressAssumptions.Create(fund, [new("BTC", btcImpact)], 0, rounds);

    [Fact]
    public void Replay_TinyBookBtcDown20Percent_HandComputedLossesCoverageAndShortfall()
    {
        // BTC 20,000, scanRange 0.15: a long 1 BTC perp has L = max(0.15 * 20,000, 0.33 * 3 * 0.15 * 20,000) = 3,000 = IM.
        var market = Market(("BTC", 20_000, 0.5), ("USDC", 1, 0));
        var current = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.15)]);
        var proposed = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.25)]);
        var book = Book.Create([
            Account("a", [("USDC", 10_000)], new PerpPosition("BTC", 1, 20_000)),
            Account("b", [("USDC", 2_000)], new PerpPosition("BTC", -1, 20_000)),
            Account("c", [("USDC", 1_000)], new PerpPosition("BTC", 1, 20_000)),
        ]);
        var inputs = StressInputs.Create(market, book, current, proposed, Move(("BTC", -0.2)), Assumptions(1_000));

        var r = new StressEngine().Run(inputs);

        var cur = r.Current.Accounts;
        Assert.Equal([4_000, -4_000, 4_000], cur.Select(a => a.Loss), new ToleranceComparer(Tolerance));
        Assert.Equal([6_000, 6_000, -3_000], cur.Select(a => a.EquityAfter), new ToleranceComparer(Tolerance));
        Assert.Equal([3_000, 3_000, 3_000], cur.Select(a => a.InitialMarginBefore), new ToleranceComparer(Tolerance));
        Assert.Equal([false, true, false], cur.Select(a => a.LossCoveredByMargin));
        Assert.Equal([false, false, true], cur.Select(a => a.WipedOut));
        var t = r.Current.Totals;
        Assert.Equal(4_000, t.Loss, Tolerance);
        Assert.Equal(2, t.AccountsWithLoss);
        Assert.Equal(0, t.AccountsLossCovered);
        Assert.Equal(0.0, t.ShareLossCovered);
        Assert.Equal(1, t.AccountsWipedOut);
        Assert.Equal(3_000, t.BadDebt, Tolerance);
        Assert.Equal(2_000, t.Shortfall, Tolerance);

        // The proposed set: same loss, IM 0.25 * 20,000 = 5,000 covers the 4,000 losses.
        var prop = r.Proposed!;
        Assert.Equal(cur.Select(a => a.Loss), prop.Accounts.Select(a => a.Loss));
        Assert.Equal([5_000, 5_000, 5_000], prop.Accounts.Select(a => a.InitialMarginBefore), new ToleranceComparer(Tolerance));
        Assert.Equal(2, prop.Totals.AccountsLossCovered);
        Assert.Equal(1.0, prop.Totals.ShareLossCovered);
    }

    [Fact]
    public void Cascade_TwoAccounts_HandComputedRoundsBadDebtAndFund()
    {
        // BTC 100 -> 95. x: 10 USDC + long 1 perp @100: equity 5; IM 0.15*95 = 14.25, MM 8.55, LT 6.84 -> liquidatable.
        // y: 20 USDC + long 1 perp @100: equity 15 >= 14.25 healthy.
        // Round 1 closes x: net notional +95, move -0.002 * 95 = -19 % -> 76.95.
        // Round 2: y equity 20 - 23.05 = -3.05 < LT -> closed, bad debt 3.05; notional 76.95, move -15.39 %.
        // Round 3: nobody left. Fund 1: shortfall 2.05, left 0.
        var market = Market(("BTC", 100, 0.5), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.15)]);
        var book = Book.Create([
            Account("x", [("USDC", 10)], new PerpPosition("BTC", 1, 100)),
            Account("y", [("USDC", 20)], new PerpPosition("BTC", 1, 100)),
        ]);
        var inputs = StressInputs.Create(market, book, p, null, Move(("BTC", -0.05)), Assumptions(1, btcImpact: 0.002));

        var c = new StressEngine().Run(inputs).Current.Cascade;

        Assert.Equal(2, c.Rounds.Count);
        Assert.Equal(1, c.Rounds[0].AccountsLiquidated);
        Assert.Equal(95, c.Rounds[0].LiquidatedNotional, Tolerance);
        Assert.Equal(0, c.Rounds[0].BadDebt, Tolerance);
        Assert.Equal(-0.19, c.Rounds[0].PriceMoves[0].Move, Tolerance);
        Assert.Equal(76.95, c.Rounds[0].PriceMoves[0].PriceAfter, Tolerance);
        Assert.Equal(76.95, c.Rounds[1].LiquidatedNotional, Tolerance);
        Assert.Equal(3.05, c.Rounds[1].BadDebt, Tolerance);
        Assert.Equal(-0.002 * 76.95, c.Rounds[1].PriceMoves[0].Move, Tolerance);
        Assert.Equal(2, c.AccountsLiquidated);
        Assert.Equal(95 + 76.95, c.LiquidatedNotional, Tolerance);
        Assert.Equal(3.05, c.BadDebt, Tolerance);
        Assert.Equal(0, c.InsuranceFundLeft, Tolerance);
        Assert.Equal(2.05, c.Shortfall, Tolerance);
        Assert.True(c.Converged);
    }

    [Fact]
    public void Cascade_NoPriceImpact_StopsAfterTheFirstRound()
    {
        var market = Market(("BTC", 100, 0.5), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.15)]);
        var book = Book.Create([
            Account("x", [("USDC", 10)], new PerpPosition("BTC", 1, 100)),
            Account("y", [("USDC", 20)], new PerpPosition("BTC", 1, 100)),
        ]);
        var c = new StressEngine().Run(StressInputs.Create(market, book, p, null, Move(("BTC", -0.05)), Assumptions(1))).Current.Cascade;
        Assert.Single(c.Rounds);
        Assert.Equal(1, c.AccountsLiquidated);
        Assert.Equal(1, c.InsuranceFundLeft);
    }

    [Fact]
    public void Cascade_RoundCap_StopsAndSaysNotConverged()
    {
        var market = Market(("BTC", 100, 0.5), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.15)]);
        var book = Book.Create([
            Account("x", [("USDC", 10)], new PerpPosition("BTC", 1, 100)),
            Account("y", [("USDC", 20)], new PerpPosition("BTC", 1, 100)),
        ]);
        var c = new StressEngine().Run(StressInputs.Create(market, book, p, null, Move(("BTC", -0.05)), Assumptions(1, 0.002, rounds: 1))).Current.Cascade;
        Assert.Single(c.Rounds);
        Assert.False(c.Converged);
    }

    [Fact]
    public void CorrelationStress_HedgedPair_TowardsZeroIsWorse_ConcentratedLong_TowardsOneIsWorse()
    {
        // Two linear units: L_a = 0.15 * 100 = 15 (BTC, 1 unit), L_b = 0.2 * 50 = 10 (ETH, 1 unit).
        var market = Market(("BTC", 100, 0.5), ("ETH", 50, 0.6), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC", ScanRange: 0.15), new AssetSpec("ETH", ScanRange: 0.2)], Correlation2(0.8));
        var hedged = Book.Create([Account("h", [("USDC", 1_000)], new PerpPosition("BTC", 1, 100), new PerpPosition("ETH", -1, 50))]);
        var longBoth = Book.Create([Account("l", [("USDC", 1_000)], new PerpPosition("BTC", 1, 100), new PerpPosition("ETH", 1, 50))]);
        var move = Move(("BTC", 0), ("ETH", 0));

        var h = new StressEngine().Run(StressInputs.Create(market, hedged, p, null, move, Assumptions(0))).Current.CorrelationStress;
        Assert.Equal(5, h.TowardsOne.InitialMargin, Tolerance);
        Assert.Equal(Math.Sqrt(325), h.TowardsZero.InitialMargin, Tolerance);
        Assert.Equal(CorrelationDirection.TowardsZero, h.Worse);

        var l = new StressEngine().Run(StressInputs.Create(market, longBoth, p, null, move, Assumptions(0))).Current.CorrelationStress;
        Assert.Equal(25, l.TowardsOne.InitialMargin, Tolerance);
        Assert.Equal(Math.Sqrt(325), l.TowardsZero.InitialMargin, Tolerance);
        Assert.Equal(CorrelationDirection.TowardsOne, l.Worse);
        Assert.Equal(25 - Math.Sqrt(225 + 100 + (2 * 0.8 * 150)), l.TowardsOne.ChangeInitialMargin, Tolerance);
    }

    [Fact]
    public void Replay_OptionsAgeByTheWindowDays()
    {
        var market = Market(("BTC", 100, 0.5), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC")]);
        var book = Book.Create([Account("o", [("USDC", 100)], new OptionPosition("BTC", OptionRight.Call, 100, 30, 1))]);
        var window = new StressWindow("custom", new DateOnly(2022, 11, 7), new DateOnly(2022, 11, 9));
        var move = MarketMove.Create(window, [new AssetMove("BTC", 1, 1, 0, 1, VolatilitySource.Dvol)]);
        var r = new StressEngine().Run(StressInputs.Create(market, book, p, null, move, Assumptions(0)));
        var expected = OptionPricer.Value(OptionRight.Call, 100, 0.5, 100, 30) - OptionPricer.Value(OptionRight.Call, 100, 0.5, 100, 27);
        Assert.Equal(expected, r.Current.Accounts[0].Loss, Tolerance);
    }

    [Fact]
    public void Inputs_SetRiskyAssetWithoutMove_NamesMoveAsset()
    {
        var market = Market(("BTC", 100, 0.5), ("ETH", 50, 0.6), ("USDC", 1, 0));
        var p = Params(MarginMethod.Grid, [new AssetSpec("BTC"), new AssetSpec("ETH")]);
        var ex = Assert.Throws<InputValidationException>(() =>
            StressInputs.Create(market, Book.Create([]), p, null, Move(("BTC", -0.1)), StressAssumptions.Default));
        Assert.Contains(ex.Errors, e => e.Field == "move.ETH");
    }

    [Fact]
    public void Inputs_ProposedSetMissingFromMarket_NamesProposedField()
    {
        var market = Market(("BTC", 100, 0.5), ("USDC", 1, 0));
        var current = Params(MarginMethod.Grid, [new AssetSpec("BTC")]);
        var proposed = Params(MarginMethod.Grid, [new AssetSpec("BTC"), new AssetSpec("SOL")]);
        var move = Move(("BTC", -0.1), ("SOL", -0.1));
        var ex = Assert.Throws<InputValidationException>(() => StressInputs.Create(market, Book.Create([]), current, proposed, move, StressAssumptions.Default));
        Assert.Contains(ex.Errors, e => e.Field == "proposed: params.assets.SOL");
    }

    [Fact]
    public void FromHistory_Ftx_ReturnsFromTheCloseBeforeTheWindowAndDvolRatios()
    {
        var closes = MarketDataset.LoadDailyCloses();
        var dvol = MarketDataset.LoadDvolCloses();
        var move = MarketMove.FromHistory(StressWindow.Ftx2022, ["BTC", "ETH", "SOL"], closes, dvol);
        closes.TryGetClose("BTC", new DateOnly(2022, 11, 6), out var b0);
        closes.TryGetClose("BTC", new DateOnly(2022, 11, 9), out var b1);
        dvol.TryGetClose("BTC", new DateOnly(2022, 11, 6), out var d0);
        dvol.TryGetClose("BTC", new DateOnly(2022, 11, 9), out var d1);
        Assert.True(move.TryGet("BTC", out var btc));
        Assert.Equal((b1 / b0) - 1, btc.Return, Tolerance);
        Assert.Equal(d1 / d0, btc.VolatilityMultiplier, Tolerance);
        Assert.Equal(VolatilitySource.Dvol, btc.VolatilitySource);
        Assert.True(move.TryGet("SOL", out var sol));
        Assert.Equal(VolatilitySource.BtcDvol, sol.VolatilitySource);
        Assert.Equal(d1 / d0, sol.VolatilityMultiplier, Tolerance);
        Assert.True(sol.Return < -0.4, $"SOL fell {sol.Return} in the FTX collapse");
    }

    [Fact]
    public void FromHistory_Covid_BeforeDvolUsesEwmaRatio()
    {
        var move = MarketMove.FromHistory(StressWindow.Covid2020, ["BTC"], MarketDataset.LoadDailyCloses(), MarketDataset.LoadDvolCloses());
        Assert.True(move.TryGet("BTC", out var btc));
        Assert.Equal(VolatilitySource.Ewma, btc.VolatilitySource);
        Assert.True(btc.VolatilityMultiplier > 1, $"vol multiplier {btc.VolatilityMultiplier}");
        Assert.True(btc.Return < -0.25, $"BTC return {btc.Return}");
    }

    [Fact]
    public void FromHistory_AssetNotListedYet_NamesHistoryAsset()
    {
        var ex = Assert.Throws<InputValidationException>(() =>
            MarketMove.FromHistory(StressWindow.Covid2020, ["BTC", "AVAX"], MarketDataset.LoadDailyCloses(), null));
        Assert.Contains(ex.Errors, e => e.Field == "history.AVAX");
    }

    [Fact]
    public void FromHistory_ProxyWithSnapshot_AssetNotListedYetMovesLikeBtcScaledByVolatility()
    {
        var market = Market(("BTC", 100, 0.5), ("AVAX", 10, 1.0));
        var move = MarketMove.FromHistory(StressWindow.Covid2020, ["BTC", "AVAX"], MarketDataset.LoadDailyCloses(), null, proxy: market);
        Assert.True(move.TryGet("BTC", out var btc));
        Assert.True(move.TryGet("AVAX", out var avax));
        Assert.Null(btc.Proxy);
        Assert.Equal("BTC", avax.Proxy);
        Assert.Equal(Math.Max(-0.99, 2 * btc.Return), avax.Return, Tolerance);
        Assert.Equal(btc.VolatilityMultiplier, avax.VolatilityMultiplier);
    }

    [Theory]
    [InlineData("covid-2020", "2020-03-11", "2020-03-13")]
    [InlineData("may-2021", "2021-05-18", "2021-05-19")]
    [InlineData("ftx-2022", "2022-11-07", "2022-11-09")]
    [InlineData("2023-03-09..2023-03-11", "2023-03-09", "2023-03-11")]
    public void Window_Parse_PresetsAndCustom(string text, string start, string end)
    {
        var w = StressWindow.Parse(text);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), w.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), w.End);
    }

    [Theory]
    [InlineData("lehman-2008")]
    [InlineData("2023-03-11..2023-03-09")]
    [InlineData("2023-13-01..2023-13-02")]
    public void Window_ParseBad_NamesWindow(string text)
    {
        var ex = Assert.Throws<InputValidationException>(() => StressWindow.Parse(text));
        Assert.Equal("window", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void AssumptionsJson_Defaults_UnknownAndBadFieldsNamed()
    {
        var d = StressAssumptionsJson.Read("{}"u8.ToArray());
        Assert.Equal(StressAssumptions.DefaultInsuranceFund, d.InsuranceFund);
        Assert.Equal(5e-10, d.ImpactOf("BTC"));
        Assert.Equal(3e-9, d.ImpactOf("DOGE"));

        var custom = StressAssumptionsJson.Read("""{"insuranceFund": 5, "priceImpact": {"BTC": 1e-8}, "maxCascadeRounds": 3}"""u8.ToArray());
        Assert.Equal(5, custom.InsuranceFund);
        Assert.Equal(1e-8, custom.ImpactOf("BTC"));
        Assert.Equal(3e-9, custom.ImpactOf("ETH"));
        Assert.Equal(3, custom.MaxCascadeRounds);

        var ex = Assert.Throws<InputValidationException>(() => StressAssumptionsJson.Read(
            """{"insuranceFund": -1, "priceImpact": {"BTC": -2}, "maxCascadeRounds": 0, "fund": 1}"""u8.ToArray()));
        Assert.Equal(
            ["assumptions.fund", "assumptions.insuranceFund", "assumptions.maxCascadeRounds", "assumptions.priceImpact.BTC"],
            ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
