using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Backtesting;

/// <summary>Basel traffic-light zone of a backtest.</summary>
public enum TrafficLight
{
    /// <summary>Cumulative binomial probability of the exception count below 95 %.</summary>
    Green,

    /// <summary>From 95 % up to (not including) 99.99 %.</summary>
    Yellow,

    /// <summary>99.99 % or more.</summary>
    Red,
}

/// <summary>Kupiec's proportion-of-failures test.</summary>
/// <param name="LikelihoodRatio">LR_POF, chi-square with 1 degree of freedom under the null.</param>
/// <param name="PValue">P(chi2_1 &gt;= LR).</param>
public sealed record KupiecTest(double LikelihoodRatio, double PValue);

/// <summary>Christoffersen's independence and conditional coverage tests, with the transition counts.</summary>
/// <param name="N00">Days without exception followed by a day without.</param>
/// <param name="N01">Days without exception followed by an exception.</param>
/// <param name="N10">Exceptions followed by a day without.</param>
/// <param name="N11">Exceptions followed by an exception.</param>
/// <param name="IndependenceLikelihoodRatio">LR_ind, chi-square 1 dof.</param>
/// <param name="IndependencePValue">P(chi2_1 &gt;= LR_ind).</param>
/// <param name="ConditionalCoverageLikelihoodRatio">LR_cc = LR_POF + LR_ind, chi-square 2 dof.</param>
/// <param name="ConditionalCoveragePValue">P(chi2_2 &gt;= LR_cc) = exp(-LR_cc / 2).</param>
public sealed record ChristoffersenTest(
    int N00,
    int N01,
    int N10,
    int N11,
    double IndependenceLikelihoodRatio,
    double IndependencePValue,
    double ConditionalCoverageLikelihoodRatio,
    double ConditionalCoveragePValue);

/// <summary>The coverage tests of a margin backtest (Kupiec 1995, Christoffersen 1998, Basel
/// Committee 1996 traffic light). 0 ln 0 is taken as 0 throughout.</summary>
public static class CoverageTests
{
    /// <summary>Cumulative probability from which the zone is yellow.</summary>
    public const double YellowFrom = 0.95;

    /// <summary>Cumulative probability from which the zone is red.</summary>
    public const double RedFrom = 0.9999;

    /// <summary>LR_POF = -2 ln[(1-p)^(N-x) p^x] + 2 ln[(1-x/N)^(N-x) (x/N)^x].</summary>
    /// <param name="observations">N &gt;= 1.</param>
    /// <param name="exceptions">x in [0, N].</param>
    /// <param name="p">The expected exception probability, in (0, 1).</param>
    public static KupiecTest Kupiec(int observations, int exceptions, double p)
    {
        Check(observations, exceptions, p);
        var n = (double)observations;
        var x = (double)exceptions;
        var lr = -2 * (XLogY(n - x, 1 - p) + XLogY(x, p)) + (2 * (XLogY(n - x, 1 - (x / n)) + XLogY(x, x / n)));
        lr = Math.Max(0, lr);
        return new KupiecTest(lr, ChiSquare1Survival(lr));
    }

    /// <summary>Christoffersen's tests on a sequence of exception flags in date order.</summary>
    public static ChristoffersenTest Christoffersen(IReadOnlyList<bool> exceptions, double p)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        for (var i = 1; i < exceptions.Count; i++)
        {
            var (before, now) = (exceptions[i - 1], exceptions[i]);
            if (!before)
            {
                if (now) { n01++; } else { n00++; }
            }
            else
            {
                if (now) { n11++; } else { n10++; }
            }
        }
        return Christoffersen(n00, n01, n10, n11, exceptions.Count, exceptions.Count(e => e), p);
    }

    /// <summary>Christoffersen's tests from the transition counts and the Kupiec inputs (N, x).</summary>
    public static ChristoffersenTest Christoffersen(int n00, int n01, int n10, int n11, int observations, int exceptions, double p)
    {
        Check(observations, exceptions, p);
        double pi0 = n00 + n01 == 0 ? 0 : (double)n01 / (n00 + n01);
        double pi1 = n10 + n11 == 0 ? 0 : (double)n11 / (n10 + n11);
        var transitions = n00 + n01 + n10 + n11;
        double pi = transitions == 0 ? 0 : (double)(n01 + n11) / transitions;
        var restricted = XLogY(n00 + n10, 1 - pi) + XLogY(n01 + n11, pi);
        var unrestricted = XLogY(n00, 1 - pi0) + XLogY(n01, pi0) + XLogY(n10, 1 - pi1) + XLogY(n11, pi1);
        var ind = Math.Max(0, -2 * (restricted - unrestricted));
        var cc = Kupiec(observations, exceptions, p).LikelihoodRatio + ind;
        return new ChristoffersenTest(n00, n01, n10, n11, ind, ChiSquare1Survival(ind), cc, Math.Exp(-cc / 2));
    }

    /// <summary>P(X &lt;= x) for X ~ Binomial(N, p).</summary>
    public static double BinomialCdf(int observations, int exceptions, double p)
    {
        Check(observations, exceptions, p);
        // Terms by the recurrence P(k+1) = P(k) (N-k)/(k+1) p/(1-p), from P(0) = (1-p)^N in logs.
        var logTerm = observations * Math.Log(1 - p);
        var sum = 0.0;
        for (var k = 0; k <= exceptions; k++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log((double)(observations - k) / (k + 1)) + Math.Log(p / (1 - p));
        }
        return Math.Min(1, sum);
    }

    /// <summary>The Basel zone: green below 95 % cumulative probability of the count, yellow below
    /// 99.99 %, red from there (0-4 / 5-9 / 10+ at N = 250, p = 0.01).</summary>
    public static TrafficLight Zone(int observations, int exceptions, double p)
    {
        var cdf = BinomialCdf(observations, exceptions, p);
        return cdf < YellowFrom ? TrafficLight.Green : cdf < RedFrom ? TrafficLight.Yellow : TrafficLight.Red;
    }

    /// <summary>P(chi2_1 &gt;= x) = erfc(sqrt(x / 2)).</summary>
    public static double ChiSquare1Survival(double x) => x <= 0 ? 1.0 : ErrorFunction.Erfc(Math.Sqrt(x / 2));

    private static double XLogY(double x, double y) => x == 0 ? 0 : x * Math.Log(y);

    private static void Check(int observations, int exceptions, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(exceptions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exceptions, observations);
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must be in (0, 1)");
        }
    }
}
