using RiskGovernance.Engine.Methods;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Simulation;
using static RiskGovernance.Engine.Tests.Methods.MarginTestInputs;

namespace RiskGovernance.Engine.Tests.Simulation;

public class MonteCarloTests
{
    /// <summary>z_0.99, the standard normal 99% quantile.</summary>
    private const double Z99 = 2.3263478740408408;

    /// <summary>Estimates must fall within this many asymptotic standard errors of the reference
    /// (a false failure has probability below 1e-4 per check).</summary>
    private const double StandardErrors = 4.0;

    /// <summary>Allowance for the lognormal's second-order term against the delta-normal reference:
    /// exp(x) - 1 - x is at most x^2 / 2 relative x / 2, with x = sigma sqrt(h) |z| &lt;= 0.0016 * 4.</summary>
    private const double NonlinearityAllowance = 0.004;

    private const int LargeScenarioCount = 100_000;

    private static readonly AssetSpec[] Assets = [new("BTC"), new("ETH")];

    private static double NormalDensity(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static MarginInputs LinearBook(
        RiskMeasure measure, ReturnDistribution distribution = ReturnDistribution.Normal, double degreesOfFreedom = 4, long seed = 7)
    {
        var parameters = Params(MarginMethod.MonteCarlo, Assets, Correlation2(0.6),
            simulation: SimulationSettings(measure, 0.99, 1, LargeScenarioCount, seed, distribution, degreesOfFreedom));
        var market = Market(("BTC", 20_000, 0.02), ("ETH", 1_500, 0.03));
        return Inputs(market, parameters, Account("lin", new PerpPosition("BTC", 1, 20_000), new PerpPosition("ETH", -10, 1_500)));
    }

    /// <summary>sigma_p of the P&amp;L to first order: x_a = q_a S_a sigma_a sqrt(h).</summary>
    private static double PortfolioSigma()
    {
        var sqrtH = Math.Sqrt(1 / 365.0);
        var x1 = 1 * 20_000 * 0.02 * sqrtH;
        var x2 = -10 * 1_500 * 0.03 * sqrtH;
        return Math.Sqrt((x1 * x1) + (x2 * x2) + (2 * 0.6 * x1 * x2));
    }

    [Fact]
    public void Margin_LinearBookSmallVol_VaRConvergesToDeltaNormal()
    {
        var risk = Margin(LinearBook(RiskMeasure.ValueAtRisk)).Accounts[0].Risk;

        // Asymptotic standard error of the p-quantile: sqrt(p (1 - p) / N) / phi(z) in sigma_p units.
        const double p = 0.01;
        var sigma = PortfolioSigma();
        var expected = Z99 * sigma;
        var standardError = Math.Sqrt(p * (1 - p) / LargeScenarioCount) / NormalDensity(Z99) * sigma;
        var bound = (StandardErrors * standardError) + (NonlinearityAllowance * expected);
        Assert.InRange(risk, expected - bound, expected + bound);
    }

    [Fact]
    public void Margin_LinearBookSmallVol_ExpectedShortfallConvergesToDeltaNormal()
    {
        var risk = Margin(LinearBook(RiskMeasure.ExpectedShortfall)).Accounts[0].Risk;

        // ES = sigma_p phi(z) / p. Asymptotic variance of the ES estimator (Chen 2008):
        // [Var(L | L >= VaR) + (1 - p) (ES - VaR)^2] / (N p), with the standard normal tail variance
        // 1 + z lambda - lambda^2, lambda = phi(z) / p.
        const double p = 0.01;
        var sigma = PortfolioSigma();
        var lambda = NormalDensity(Z99) / p;
        var expected = lambda * sigma;
        var tailVariance = 1 + (Z99 * lambda) - (lambda * lambda);
        var standardError = Math.Sqrt((tailVariance + ((1 - p) * (lambda - Z99) * (lambda - Z99))) / (LargeScenarioCount * p)) * sigma;
        var bound = (StandardErrors * standardError) + (NonlinearityAllowance * expected);
        Assert.InRange(risk, expected - bound, expected + bound);
    }

    [Fact]
    public void Margin_StudentT4_VaRMatchesStandardisedTQuantileAndExceedsNormal()
    {
        var t = Margin(LinearBook(RiskMeasure.ValueAtRisk, ReturnDistribution.StudentT, 4)).Accounts[0].Risk;
        var normal = Margin(LinearBook(RiskMeasure.ValueAtRisk)).Accounts[0].Risk;

        // Unit-variance t_4: q = t_{0.99,4} sqrt(2 / 4) = 3.7469473879791968 * 0.70710678 = 2.6495...;
        // its density there f = sqrt 2 * f_t4(q sqrt 2), f_t4(x) = (3 / 8) (1 + x^2 / 4)^(-5/2).
        const double p = 0.01;
        var q = 3.7469473879791968 * Math.Sqrt(0.5);
        var x = q * Math.Sqrt(2);
        var density = Math.Sqrt(2) * 0.375 * Math.Pow(1 + (x * x / 4), -2.5);
        var sigma = PortfolioSigma();
        var expected = q * sigma;
        var standardError = Math.Sqrt(p * (1 - p) / LargeScenarioCount) / density * sigma;
        var bound = (StandardErrors * standardError) + (NonlinearityAllowance * expected);
        Assert.InRange(t, expected - bound, expected + bound);
        Assert.True(t > normal * 1.08, $"student-t VaR {t} should exceed the normal VaR {normal} by far more than noise");
    }

    [Fact]
    public void Draws_StudentT_HaveUnitVariance()
    {
        const int n = 200_000;
        const double nu = 10;
        var draws = MonteCarloDraws.Generate(
            SimulationSettings(scenarios: n, seed: 123, distribution: ReturnDistribution.StudentT, degreesOfFreedom: nu), 1, -1, default);

        double sum = 0, sumSquares = 0;
        for (var s = 0; s < n; s++)
        {
            var z = draws.Eps[s] * draws.Scale[s];
            sum += z;
            sumSquares += z * z;
        }
        var mean = sum / n;
        var variance = (sumSquares / n) - (mean * mean);

        // Var(z^2) = kurtosis - 1 = 2 + 6 / (nu - 4) = 3 for nu = 10; the standard error of the
        // sample variance is sqrt(3 / N).
        var bound = StandardErrors * Math.Sqrt((2 + (6 / (nu - 4))) / n);
        Assert.InRange(variance, 1 - bound, 1 + bound);
        Assert.InRange(mean, -StandardErrors / Math.Sqrt(n), StandardErrors / Math.Sqrt(n));
    }

    [Fact]
    public void Draws_Normal_HaveUnitVarianceAndFactorOne()
    {
        const int n = 100_000;
        var draws = MonteCarloDraws.Generate(SimulationSettings(scenarios: n, seed: 5), 2, -1, default);

        Assert.All(draws.Scale, s => Assert.Equal(1.0, s));
        var variance = draws.Eps.Sum(e => e * e) / draws.Eps.Length;
        var bound = StandardErrors * Math.Sqrt(2.0 / draws.Eps.Length);
        Assert.InRange(variance, 1 - bound, 1 + bound);
    }

    [Fact]
    public void SquareRoot_SemidefiniteMatrix_ReproducesMatrix()
    {
        // R_up at correlationStress = 1 is the all-ones matrix: rank 1, Cholesky fails on it.
        const int n = 3;
        var ones = Enumerable.Repeat(1.0, n * n).ToArray();

        var a = MonteCarloScenarios.SquareRoot(ones, n);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = 0.0;
                for (var k = 0; k < n; k++)
                {
                    product += a[(i * n) + k] * a[(j * n) + k];
                }
                Assert.Equal(1.0, product, 1e-12);
                Assert.False(double.IsNaN(a[(i * n) + j]));
            }
        }
    }

    [Fact]
    public void Margin_FullCorrelationStress_ComonotoneUnitsAddUp()
    {
        // At lambda = 1, R_up is all ones (only semidefinite) and R_down is I. Two long units with the
        // same volatility are comonotone under R_up, so VaR of the sum is the sum of the VaRs there;
        // under I it is smaller. The account's risk is therefore the R_up sum, which this test
        // recomputes from the scenarios directly.
        var parameters = Params(MarginMethod.MonteCarlo, Assets, Correlation2(0.2), correlationStress: 1.0,
            simulation: SimulationSettings(RiskMeasure.ValueAtRisk, scenarios: 5_000, seed: 11));
        var market = Market(("BTC", 20_000, 0.6), ("ETH", 1_500, 0.6));
        var inputs = Inputs(market, parameters, Account("c", new PerpPosition("BTC", 1, 20_000), new PerpPosition("ETH", 10, 1_500)));

        var account = Margin(inputs).Accounts[0];

        var draws = MonteCarloDraws.Generate(parameters.Simulation, 2, 1, default);
        var up = MonteCarloScenarios.Build(draws, [1, 1, 1, 1], [20_000, 1_500], [0.6, 0.6], 1, 1, default);
        var tail = new TailMeasure(RiskMeasure.ValueAtRisk, 0.99, 5_000);
        var btc = tail.Of(up.Moves[0].Select(m => -m).ToArray());
        var eth = tail.Of(up.Moves[1].Select(m => -10 * m).ToArray());
        Assert.True(double.IsFinite(account.Risk));
        Assert.Equal(btc + eth, account.Risk, 1e-9 * account.Risk);
    }

    [Fact]
    public void Margin_SameSeed_BitIdenticalAcrossRunsAndThreadCounts()
    {
        var inputs = MixedBook(seed: 99, accounts: 150);

        var reference = Fingerprint(Margin(inputs, 1));
        foreach (var dop in new[] { 1, 2, 4, -1 })
        {
            Assert.Equal(reference, Fingerprint(Margin(inputs, dop)));
        }
    }

    [Fact]
    public void MonteCarlo_ContractMovesNotKept_SameResultsAsKept()
    {
        // Beyond the memory bound each account revalues its own contracts instead of reading the
        // kept contract-major arrays; the numbers must not change.
        var inputs = MixedBook(seed: 17, accounts: 70);
        var book = ResolvedBook.Create(inputs);

        var kept = SimulationCalculator.MonteCarlo(book, inputs.Parameters, 2, (_, _) => null, default);
        var recomputed = SimulationCalculator.MonteCarlo(book, inputs.Parameters, 2, (_, _) => null, default, maxStoredValueMoves: 0);

        Assert.Equal(Fingerprint(kept), Fingerprint(recomputed));
    }

    [Fact]
    public void Margin_DifferentSeed_DifferentResults()
    {
        var a = Margin(MixedBook(seed: 99, accounts: 20));
        var b = Margin(MixedBook(seed: 100, accounts: 20));

        Assert.NotEqual(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(a.Accounts[0].Risk, b.Accounts[0].Risk);
    }

    [Fact]
    public void Margin_SinglePerp_RiskByAssetAndIsolatedEqualAccountRisk()
    {
        var parameters = Params(MarginMethod.MonteCarlo, Assets, Correlation2(0.5), correlationStress: 0.3,
            simulation: SimulationSettings(scenarios: 2_000));
        var inputs = Inputs(Market(("BTC", 20_000, 0.7), ("ETH", 1_500, 0.9)), parameters,
            Account("p", new PerpPosition("BTC", -3, 20_000)));

        var account = Margin(inputs).Accounts[0];

        Assert.True(account.Risk > 0);
        Assert.Equal(account.Risk, RiskOf(account, "BTC"), 1e-12 * account.Risk);
        Assert.Equal(account.InitialMargin, account.IsolatedInitialMargin, 1e-12 * account.Risk);
        Assert.Equal(1.0, account.CapitalEfficiency!.Value, 1e-12);
    }

    [Fact]
    public void Margin_HedgedOptionBook_PortfolioBelowIsolatedAndBelowSumOfUnits()
    {
        var inputs = MixedBook(seed: 3, accounts: 1);

        var account = Margin(inputs).Accounts[0];

        Assert.True(account.IsolatedInitialMargin > account.InitialMargin);
        Assert.True(account.Risk <= account.RiskByAsset.Sum(r => r.Risk) * (1 + 1e-12));
    }

    /// <summary>A deterministic book of mixed accounts (options, perps, collateral in both assets).</summary>
    private static MarginInputs MixedBook(long seed, int accounts)
    {
        var parameters = Params(MarginMethod.MonteCarlo, Assets, Correlation2(0.8), correlationStress: 0.3,
            shortOptionMinimum: 0.01,
            simulation: SimulationSettings(RiskMeasure.ExpectedShortfall, 0.99, 2, 2_000, seed, ReturnDistribution.StudentT, 5));
        var market = Market(("BTC", 20_000, 0.7), ("ETH", 1_500, 0.9), ("USDC", 1, 0));
        var list = new List<Account>();
        for (var i = 0; i < accounts; i++)
        {
            var k = i % 7;
            list.Add(Account($"acc{i}", [("USDC", 5_000 + (100 * i)), ("BTC", k * 0.1)],
                new PerpPosition("BTC", -0.5 - (0.1 * k), 20_500),
                new OptionPosition("BTC", OptionRight.Call, 21_000 + (500 * k), 3 + k, -1 - (0.5 * (i % 3))),
                new OptionPosition("ETH", OptionRight.Put, 1_400 - (20 * k), 30, 2),
                new PerpPosition("ETH", 5 - k, 1_480)));
        }
        return Inputs(market, parameters, list.ToArray());
    }

    private static string Fingerprint(MarginResult result) =>
        string.Join(";", result.Accounts.Select(a => string.Join(",",
            new[] { a.Risk, a.InitialMargin, a.IsolatedInitialMargin, a.Equity }
                .Concat(a.RiskByAsset.Select(r => r.Risk))
                .Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)))))
        + "|" + BitConverter.DoubleToInt64Bits(result.Totals.InitialMargin).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
