using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using static RiskGovernance.Engine.Tests.Methods.MarginTestInputs;

namespace RiskGovernance.Engine.Tests.Methods;

public class GridCalculatorTests
{
    /// <summary>Relative tolerance for hand computations that follow the same arithmetic in another order.</summary>
    private const double RelativeTolerance = 1e-12;

    private const double Btc = 20_000;
    private const double Eth = 1_500;

    private static double Close(double expected) => RelativeTolerance * Math.Max(1, Math.Abs(expected));

    private static MarketSnapshot TwoAssetMarket(double btcVol = 0.8, double ethVol = 1.0) =>
        Market(("BTC", Btc, btcVol), ("ETH", Eth, ethVol), ("USDC", 1, 0));

    private static AssetSpec[] TwoAssets(double btcHaircut = 0, double ethHaircut = 0) =>
        [new("BTC", ScanRange: 0.15, Haircut: btcHaircut), new("ETH", ScanRange: 0.20, Haircut: ethHaircut)];

    [Theory]
    [InlineData(-2.0, 0.33)]
    [InlineData(-2.0, 0.5)]
    [InlineData(3.5, 0.0)]
    [InlineData(3.5, 1.0)]
    public void Margin_SinglePerp_RiskIsScanLossOrWeightedExtreme(double quantity, double extremeCoverage)
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets(), grid: Grid(extremeMultiple: 3, extremeCoverage: extremeCoverage));
        var inputs = Inputs(TwoAssetMarket(), parameters, Account("a", new PerpPosition("BTC", quantity, Btc)));

        var account = Margin(inputs).Accounts[0];

        var expected = Math.Abs(quantity) * Btc * 0.15 * Math.Max(1, 3 * extremeCoverage);
        Assert.Equal(expected, account.Risk, Close(expected));
        Assert.Equal(expected, RiskOf(account, "BTC"), Close(expected));
        Assert.Equal(expected, account.InitialMargin, Close(expected));
    }

    [Fact]
    public void Margin_PerpHedgedBySpotCollateral_RiskZeroButEquityHaircut()
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets(btcHaircut: 0.05));
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("hedged", [("BTC", 2.0), ("USDC", 1000)], new PerpPosition("BTC", -2.0, 21_000)));

        var account = Margin(inputs).Accounts[0];

        Assert.Equal(0.0, account.Risk, 1e-9);
        Assert.Equal(0.0, RiskOf(account, "BTC"), 1e-9);
        Assert.Equal(0.0, account.InitialMargin, 1e-9);
        var equity = (2.0 * Btc * 0.95) + 1000 + (-2.0 * (Btc - 21_000));
        Assert.Equal(equity, account.Equity, Close(equity));
        Assert.Equal(MarginStatus.Healthy, account.Status);
        Assert.Null(account.CapitalEfficiency);
    }

    [Fact]
    public void Margin_PartlyHedgedAccount_IsolatedBaselineAndCapitalEfficiencyByHand()
    {
        const double imMultiplier = 1.25;
        var parameters = Params(MarginMethod.Grid, TwoAssets(), imMultiplier: imMultiplier);
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("partly", [("BTC", 2.0)], new PerpPosition("BTC", -1.5, Btc)));

        var account = Margin(inputs).Accounts[0];

        // Net 0.5 BTC long; each item alone: 2 BTC collateral and the 1.5 BTC short, no offset.
        var scanLoss = Btc * 0.15;
        var im = imMultiplier * 0.5 * scanLoss;
        var isolated = imMultiplier * (2.0 + 1.5) * scanLoss;
        Assert.Equal(im, account.InitialMargin, Close(im));
        Assert.Equal(isolated, account.IsolatedInitialMargin, Close(isolated));
        Assert.NotNull(account.CapitalEfficiency);
        Assert.Equal(7.0, account.CapitalEfficiency.Value, RelativeTolerance * 7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(0.3)]
    public void Margin_TwoLinearUnits_AggregateBySquareRootFormula(double rho)
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets(), Correlation2(rho));
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("two", new PerpPosition("BTC", 1.0, Btc), new PerpPosition("ETH", 10.0, Eth)));

        var account = Margin(inputs).Accounts[0];

        // Linear units with extremeMultiple * extremeCoverage = 0.99 < 1: L = |D| = q S scan, N = 0.
        var d1 = 1.0 * Btc * 0.15;
        var d2 = 10.0 * Eth * 0.20;
        var expected = Math.Sqrt((d1 * d1) + (d2 * d2) + (2 * rho * d1 * d2));
        Assert.Equal(expected, account.Risk, Close(expected) + 1e-9);
        Assert.Equal(d1, RiskOf(account, "BTC"), Close(d1));
        Assert.Equal(d2, RiskOf(account, "ETH"), Close(d2));
    }

    [Theory]
    [InlineData(1.0, 10.0, 0.7)]
    [InlineData(1.0, -10.0, 0.3)]
    public void Margin_CorrelationStress_TakesTheWorseOfBothWays(double btcQuantity, double ethQuantity, double expectedCorrelation)
    {
        // rho = 0.5, lambda = 0.4: R_up = 0.6 * 0.5 + 0.4 = 0.7; R_down = 0.6 * 0.5 = 0.3 off the diagonal.
        // A concentrated book (both long) is worst under R_up, a hedged one (long/short) under R_down.
        var parameters = Params(MarginMethod.Grid, TwoAssets(), Correlation2(0.5), correlationStress: 0.4);
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("s", new PerpPosition("BTC", btcQuantity, Btc), new PerpPosition("ETH", ethQuantity, Eth)));

        var account = Margin(inputs).Accounts[0];

        var d1 = btcQuantity * Btc * 0.15;
        var d2 = ethQuantity * Eth * 0.20;
        var expected = Math.Sqrt((d1 * d1) + (d2 * d2) + (2 * expectedCorrelation * d1 * d2));
        Assert.Equal(expected, account.Risk, Close(expected));
        var unstressed = Math.Sqrt((d1 * d1) + (d2 * d2) + (2 * 0.5 * d1 * d2));
        Assert.True(account.Risk > unstressed * 1.01);
    }

    /// <summary>The book touches only SOL and AVAX, positions 2 and 3 of a four-asset correlation order,
    /// so its units are the matrix indexes {2, 3} and never {0, 1}. By hand (METHODOLOGY section 4):
    /// each unit is a linear perp with extremeMultiple * extremeCoverage = 0.99 &lt; 1, so
    /// L = |D| = |q| S scanRange and N = 0; lambda = 0, so risk = A(rho) = sqrt(D_2^2 + D_3^2 + 2 rho_23 D_2 D_3)
    /// with D_2 = 100 * 30 * 0.25 = 750 and D_3 = q * 15 * 0.30 = +/-900, rho_23 = -0.35:
    /// sqrt(750^2 + 900^2 - 2 * 0.35 * 750 * 900) = 948.68... (long/long) and
    /// sqrt(750^2 + 900^2 + 2 * 0.35 * 750 * 900) = 1358.30... (long/short).
    /// Every off-diagonal entry differs, so an aggregation that reads the wrong cell gives another number:
    /// rho_01 = 0.8 (book positions 0 and 1 used as matrix indexes) gives 1566.05 / 540.83, rho_12 = 0.6
    /// (one index low) 1477.33 / 750, rho_13 = 0.3 gives 1333.23 / 983.62, a diagonal cell (index 0 for
    /// every unit) |D_2 + D_3| = 1650 / 150, and a missing cross term sqrt(D_2^2 + D_3^2) = 1171.54.
    /// A transposed cell (rho_ba for rho_ab) cannot be told apart: validation makes the matrix symmetric.</summary>
    [Theory]
    [InlineData(200.0)]
    [InlineData(-200.0)]
    public void Margin_NonLeadingAssetsOnly_AggregateUsesTheirOwnCorrelation(double avaxQuantity)
    {
        const double sol = 30, avax = 15, solScan = 0.25, avaxScan = 0.30, solQuantity = 100;
        const double rho23 = -0.35;
        double[][] correlation =
        [
            [1.0, 0.8, 0.5, 0.4],
            [0.8, 1.0, 0.6, 0.3],
            [0.5, 0.6, 1.0, rho23],
            [0.4, 0.3, rho23, 1.0],
        ];
        var parameters = Params(MarginMethod.Grid,
            [new("BTC", 0.15), new("ETH", 0.20), new("SOL", solScan), new("AVAX", avaxScan)], correlation);
        var market = Market(("BTC", Btc, 0.8), ("ETH", Eth, 1.0), ("SOL", sol, 1.1), ("AVAX", avax, 1.2), ("USDC", 1, 0));
        var inputs = Inputs(market, parameters,
            Account("tail", new PerpPosition("SOL", solQuantity, sol), new PerpPosition("AVAX", avaxQuantity, avax)));

        var account = Margin(inputs).Accounts[0];

        var d2 = solQuantity * sol * solScan;
        var d3 = avaxQuantity * avax * avaxScan;
        var expected = Math.Sqrt((d2 * d2) + (d3 * d3) + (2 * rho23 * d2 * d3));
        Assert.Equal(expected, account.Risk, Close(expected));
        Assert.Equal(["SOL", "AVAX"], account.RiskByAsset.Select(r => r.Asset));
        Assert.Equal(d2, RiskOf(account, "SOL"), Close(d2));
        Assert.Equal(Math.Abs(d3), RiskOf(account, "AVAX"), Close(d3));
    }

    [Theory]
    [InlineData(OptionRight.Call, 22_000.0, 7.0, -3.0)]
    [InlineData(OptionRight.Put, 18_000.0, 60.0, -2.0)]
    [InlineData(OptionRight.Call, 20_000.0, 0.5, -1.0)]
    [InlineData(OptionRight.Put, 19_000.0, 14.0, 4.0)]
    public void Margin_SingleOption_RiskEqualsHandComputedGridWithVolShocks(OptionRight right, double strike, double expiry, double quantity)
    {
        const double sigma = 0.8, scan = 0.15, volUp = 0.5, volDown = 0.25, vegaShort = 0.3, vegaLong = 0.13;
        const double extremeMultiple = 3, extremeCoverage = 0.33, dteFloor = 1, volFloor = 0.05;
        const int n = 3;
        var parameters = Params(MarginMethod.Grid, [new("BTC", scan, volUp, volDown)],
            grid: Grid(n, extremeMultiple, extremeCoverage, vegaShort, vegaLong, dteFloor, volFloor));
        var market = Market(("BTC", Btc, sigma));
        var inputs = Inputs(market, parameters, Account("o", new OptionPosition("BTC", right, strike, expiry, quantity)));

        var account = Margin(inputs).Accounts[0];

        var p = expiry <= 30 ? vegaShort : vegaLong;
        var scale = Math.Pow(30 / Math.Max(expiry, dteFloor), p);
        var vols = new[]
        {
            sigma * (1 + (volUp * scale)),
            sigma,
            Math.Max(sigma * (1 - (volDown * scale)), Math.Min(sigma, volFloor)),
        };
        var v0 = OptionPricer.Value(right, Btc, sigma, strike, expiry);
        double Pnl(double move, double vol) => quantity * (OptionPricer.Value(right, Btc * (1 + move), vol, strike, expiry) - v0);
        var worst = 0.0;
        for (var i = -n; i <= n; i++)
        {
            foreach (var vol in vols)
            {
                worst = Math.Max(worst, -Pnl(i * scan / n, vol));
            }
        }
        worst = Math.Max(worst, -extremeCoverage * Pnl(extremeMultiple * scan, sigma));
        worst = Math.Max(worst, -extremeCoverage * Pnl(-extremeMultiple * scan, sigma));

        Assert.True(worst > 0);
        Assert.Equal(worst, account.Risk, Close(worst));
        Assert.Equal(worst, RiskOf(account, "BTC"), Close(worst));
        var equity = quantity * v0;
        Assert.Equal(equity, account.Equity, Close(equity));
    }

    [Theory]
    [InlineData(0.8, 0.25, 2.0, 0.8 * 0.5)]
    [InlineData(0.06, 0.5, 2.0, 0.05)]
    [InlineData(0.03, 0.5, 2.0, 0.03)]
    public void ShockedVol_Down_NeverBelowFloorUnlessSigmaIsAndNeverAboveSigma(double sigma, double volDown, double scale, double expected)
    {
        var grid = Grid(volFloor: 0.05);
        var asset = new AssetRiskParameters(0.15, 0.5, volDown, 0);

        var shocked = GridScenarios.ShockedVol(VolShock.Down, sigma, scale, asset, grid);

        Assert.Equal(expected, shocked, 1e-15);
        Assert.True(shocked <= sigma);
    }

    [Theory]
    [InlineData(7.0, 0.3)]
    [InlineData(30.0, 0.3)]
    [InlineData(31.0, 0.13)]
    [InlineData(0.25, 0.3)]
    public void VolScale_UsesShortOrLongPowerAndDteFloor(double expiry, double power)
    {
        var grid = Grid(vegaPowerShort: 0.3, vegaPowerLong: 0.13, dteFloorDays: 1);

        var scale = GridScenarios.VolScale(grid, expiry);

        Assert.Equal(Math.Pow(30 / Math.Max(expiry, 1), power), scale, 1e-15);
    }

    [Fact]
    public void Margin_ShortOptionMinimumAboveRisk_SetsInitialMargin()
    {
        // A far out-of-the-money short put that expires today with a grid that never reaches the
        // strike: risk 0, so IM = imMultiplier * SOM = 1.5 * 0.02 * 4 * 20000 = 2400.
        var parameters = Params(MarginMethod.Grid, [new("BTC", 0.1)], shortOptionMinimum: 0.02, imMultiplier: 1.5,
            grid: Grid(extremeMultiple: 2));
        var inputs = Inputs(Market(("BTC", Btc, 0.8)), parameters,
            Account("som", new OptionPosition("BTC", OptionRight.Put, 10_000, 0, -4)));

        var account = Margin(inputs).Accounts[0];

        Assert.Equal(0.0, account.Risk);
        Assert.Equal(2400.0, account.InitialMargin, Close(2400));
        Assert.Equal(2400.0, account.IsolatedInitialMargin, Close(2400));
        Assert.Equal(0.6 * 2400.0, account.MaintenanceMargin, Close(2400));
        Assert.Equal(0.8 * 0.6 * 2400.0, account.LiquidationThreshold, Close(2400));
    }

    [Theory]
    [InlineData(2500.0, MarginStatus.Healthy)]
    [InlineData(2499.0, MarginStatus.Restricted)]
    [InlineData(1500.0, MarginStatus.Restricted)]
    [InlineData(1499.0, MarginStatus.MarginCall)]
    [InlineData(1200.0, MarginStatus.MarginCall)]
    [InlineData(1199.0, MarginStatus.Liquidatable)]
    public void Margin_EquityAtTheBoundaries_GivesFirstStatusThatHolds(double usdc, MarginStatus expected)
    {
        // 1 BTC short at 20000 with scanRange 0.125: IM = 2500, MM = 0.6 IM = 1500, LT = 0.8 MM = 1200,
        // all exact in binary; the perp is entered at the spot so equity = USDC.
        var parameters = Params(MarginMethod.Grid, [new("BTC", 0.125)]);
        var inputs = Inputs(Market(("BTC", Btc, 0.8), ("USDC", 1, 0)), parameters,
            Account("b", [("USDC", usdc)], new PerpPosition("BTC", -1, Btc)));

        var account = Margin(inputs).Accounts[0];

        Assert.Equal(2500.0, account.InitialMargin);
        Assert.Equal(1500.0, account.MaintenanceMargin);
        Assert.Equal(1200.0, account.LiquidationThreshold);
        Assert.Equal(expected, account.Status);
    }

    [Fact]
    public void Margin_ZeroAmountEntries_AppearInRiskByAssetWithZero()
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets());
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("z", [("ETH", 0.0), ("USDC", 10.0)], new PerpPosition("BTC", 0.0, Btc)),
            Account("n", [("USDC", 10.0)]));

        var result = Margin(inputs);

        var touched = result.Accounts[0];
        Assert.Equal(["BTC", "ETH"], touched.RiskByAsset.Select(r => r.Asset));
        Assert.All(touched.RiskByAsset, r => Assert.Equal(0.0, r.Risk));
        Assert.Empty(result.Accounts[1].RiskByAsset);
        Assert.Equal(0.0, result.Accounts[1].Risk);
    }

    [Fact]
    public void Margin_ManyUnits_RiskNeverExceedsSumOfUnitWorstLosses()
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets(), Correlation2(0.9), correlationStress: 0.5);
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("m", [("BTC", 1)],
                new OptionPosition("BTC", OptionRight.Call, 21_000, 10, -2),
                new OptionPosition("ETH", OptionRight.Put, 1_400, 45, -20),
                new PerpPosition("ETH", 15, 1_450)));

        var account = Margin(inputs).Accounts[0];

        var sum = account.RiskByAsset.Sum(r => r.Risk);
        Assert.True(account.Risk > 0);
        Assert.True(account.Risk <= sum * (1 + RelativeTolerance));
    }

    [Fact]
    public void Margin_SameContractInTwoPositions_EqualsOnePositionWithSummedQuantity()
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets());
        var split = Inputs(TwoAssetMarket(), parameters,
            Account("s",
                new OptionPosition("BTC", OptionRight.Call, 21_000, 10, -2),
                new OptionPosition("BTC", OptionRight.Call, 21_000, 10, -3)));
        var whole = Inputs(TwoAssetMarket(), parameters,
            Account("w", new OptionPosition("BTC", OptionRight.Call, 21_000, 10, -5)));

        var a = Margin(split).Accounts[0];
        var b = Margin(whole).Accounts[0];

        Assert.Equal(b.Risk, a.Risk, Close(b.Risk));
        Assert.Equal(b.Equity, a.Equity, Close(b.Equity));
        Assert.Equal(b.IsolatedInitialMargin, a.IsolatedInitialMargin, Close(b.IsolatedInitialMargin));
    }

    [Fact]
    public void Margin_Totals_SumAccountsInOrder()
    {
        var parameters = Params(MarginMethod.Grid, TwoAssets());
        var inputs = Inputs(TwoAssetMarket(), parameters,
            Account("x", [("USDC", 10_000)], new PerpPosition("BTC", 1, 19_000)),
            Account("y", [("USDC", 10)], new PerpPosition("ETH", -30, Eth)));

        var result = Margin(inputs);

        Assert.Equal(["x", "y"], result.Accounts.Select(a => a.Id));
        Assert.Equal(2, result.Totals.Accounts);
        Assert.Equal(result.Accounts.Sum(a => a.InitialMargin), result.Totals.InitialMargin);
        Assert.Equal(result.Accounts.Sum(a => a.Equity), result.Totals.Equity);
        Assert.Equal(1, result.Totals.ByStatus.Healthy);
        Assert.Equal(1, result.Totals.ByStatus.Liquidatable);
    }
}
