using RiskGovernance.Engine.Backtesting;

namespace RiskGovernance.Engine.Tests.Backtesting;

public sealed class CoverageTestsTests
{
    /// <summary>The issue's oracles are given to 4-5 significant digits.</summary>
    private const double OracleTolerance = 5e-5;

    private const double Tolerance = 1e-12;

    [Fact]
    public void Kupiec_IssueOracle1043Observations17Exceptions_Lr3Point5118PValue0Point0609()
    {
        var test = CoverageTests.Kupiec(1043, 17, 0.01);
        Assert.Equal(3.5118, test.LikelihoodRatio, OracleTolerance);
        Assert.Equal(0.0609, test.PValue, OracleTolerance);
    }

    [Fact]
    public void Kupiec_IssueOracle250Observations10Exceptions_Lr12Point955()
    {
        Assert.Equal(12.955, CoverageTests.Kupiec(250, 10, 0.01).LikelihoodRatio, 5e-4);
    }

    [Fact]
    public void Kupiec_ExceptionRateEqualToP_LrZeroPValueOne()
    {
        var test = CoverageTests.Kupiec(1000, 10, 0.01);
        Assert.Equal(0, test.LikelihoodRatio, 1e-9);
        Assert.Equal(1, test.PValue, 1e-6);
    }

    [Fact]
    public void Kupiec_NoExceptions_ClosedForm()
    {
        // x = 0: LR = -2 N ln(1 - p).
        Assert.Equal(-2 * 250 * Math.Log(0.99), CoverageTests.Kupiec(250, 0, 0.01).LikelihoodRatio, 1e-9);
    }

    [Fact]
    public void ChiSquare1Survival_95PercentQuantile_IsFivePercent()
    {
        Assert.Equal(0.05, CoverageTests.ChiSquare1Survival(3.841458820694124), 1e-12);
    }

    [Fact]
    public void Christoffersen_HandWorkedSequence_MatchesFormulaOnHandCounts()
    {
        // F F T T F F F T F F: transitions FF, FT, TT, TF, FF, FF, FT, TF, FF.
        bool[] flags = [false, false, true, true, false, false, false, true, false, false];
        const int n00 = 4, n01 = 2, n10 = 2, n11 = 1;
        const double p = 0.1;
        var test = CoverageTests.Christoffersen(flags, p);

        Assert.Equal((n00, n01, n10, n11), (test.N00, test.N01, test.N10, test.N11));
        var pi0 = 2.0 / 6;
        var pi1 = 1.0 / 3;
        var pi = 3.0 / 9;
        var expectedInd = -2 * ((6 * Math.Log(1 - pi)) + (3 * Math.Log(pi))
                                - ((4 * Math.Log(1 - pi0)) + (2 * Math.Log(pi0)) + (2 * Math.Log(1 - pi1)) + (1 * Math.Log(pi1))));
        Assert.Equal(expectedInd, test.IndependenceLikelihoodRatio, 1e-12);
        // N = 10, x = 3.
        var expectedPof = (-2 * ((7 * Math.Log(0.9)) + (3 * Math.Log(0.1)))) + (2 * ((7 * Math.Log(0.7)) + (3 * Math.Log(0.3))));
        Assert.Equal(expectedPof + expectedInd, test.ConditionalCoverageLikelihoodRatio, 1e-12);
        Assert.Equal(Math.Exp(-(expectedPof + expectedInd) / 2), test.ConditionalCoveragePValue, 1e-12);
    }

    [Fact]
    public void Christoffersen_ClusteredExceptions_RejectIndependence()
    {
        var flags = Enumerable.Range(0, 500).Select(i => i is >= 100 and < 105).ToArray();
        var test = CoverageTests.Christoffersen(flags, 0.01);
        Assert.Equal(4, test.N11);
        Assert.True(test.IndependencePValue < 0.001, $"p-value {test.IndependencePValue}");
    }

    [Fact]
    public void Christoffersen_NoExceptions_IndependenceLrZero()
    {
        var test = CoverageTests.Christoffersen(new bool[250], 0.01);
        Assert.Equal(0, test.IndependenceLikelihoodRatio, Tolerance);
    }

    [Theory]
    [InlineData(0, TrafficLight.Green)]
    [InlineData(4, TrafficLight.Green)]
    [InlineData(5, TrafficLight.Yellow)]
    [InlineData(9, TrafficLight.Yellow)]
    [InlineData(10, TrafficLight.Red)]
    [InlineData(25, TrafficLight.Red)]
    public void Zone_Basel250DaysOnePercent_ZeroToFourGreenFiveToNineYellowTenRed(int exceptions, TrafficLight zone)
    {
        Assert.Equal(zone, CoverageTests.Zone(250, exceptions, 0.01));
    }

    [Fact]
    public void BinomialCdf_AgainstDirectSum()
    {
        double direct = 0;
        for (var k = 0; k <= 3; k++)
        {
            direct += Choose(20, k) * Math.Pow(0.1, k) * Math.Pow(0.9, 20 - k);
        }
        Assert.Equal(direct, CoverageTests.BinomialCdf(20, 3, 0.1), 1e-12);
    }

    [Fact]
    public void Kupiec_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoverageTests.Kupiec(0, 0, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoverageTests.Kupiec(10, 11, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoverageTests.Kupiec(10, 1, 1.0));
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (var i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
