using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.MarketData;

/// <summary>How <see cref="ReturnStatistics"/> estimates a volatility from daily log returns.</summary>
public enum VolatilityEstimator
{
    /// <summary>Sample standard deviation (mean removed, n - 1) of the window's returns.</summary>
    Realised,

    /// <summary>RiskMetrics exponentially weighted: sigma^2 = sum_k (1 - lambda) lambda^k r_{n-k}^2 /
    /// (1 - lambda^n) over the window's n returns (newest first, zero mean, weights normalised).</summary>
    Ewma,
}

/// <summary>Volatility and correlation estimates from daily closes. Returns are daily log
/// returns ln(close_t / close_{t-1}) on calendar days (crypto trades every day), annualised with
/// 365 days. The window of <c>days</c> ending at <c>asOf</c> holds the return dates t with
/// asOf - days &lt; t &lt;= asOf for which close_t and close_{t-1} exist.</summary>
public static class ReturnStatistics
{
    /// <summary>Days per year used to annualise daily variances.</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>RiskMetrics decay for daily data.</summary>
    public const double RiskMetricsLambda = 0.94;

    /// <summary>The fewest returns an estimate is made from.</summary>
    public const int MinimumReturns = 10;

    /// <summary>Daily log returns of one asset in the window, oldest first.</summary>
    public static double[] DailyLogReturns(PriceHistory history, string asset, DateOnly asOf, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var returns = new List<double>(days);
        for (var t = asOf.AddDays(-days + 1); t <= asOf; t = t.AddDays(1))
        {
            if (history.TryGetClose(asset, t, out var close) && history.TryGetClose(asset, t.AddDays(-1), out var previous))
            {
                returns.Add(Math.Log(close / previous));
            }
        }
        return returns.ToArray();
    }

    /// <summary>Annualised volatility of <paramref name="asset"/> over the window; throws
    /// <see cref="InputValidationException"/> (field <c>history.ASSET</c>) with fewer than
    /// <see cref="MinimumReturns"/> returns.</summary>
    public static double AnnualisedVolatility(
        PriceHistory history, string asset, DateOnly asOf, int days,
        VolatilityEstimator estimator = VolatilityEstimator.Ewma, double lambda = RiskMetricsLambda)
    {
        var r = DailyLogReturns(history, asset, asOf, days);
        if (r.Length < MinimumReturns)
        {
            throw new InputValidationException($"history.{asset}",
                $"has {r.Length} daily returns in the {days} days to {asOf:yyyy-MM-dd}; at least {MinimumReturns} are needed");
        }
        var daily = estimator switch
        {
            VolatilityEstimator.Realised => SampleVariance(r),
            VolatilityEstimator.Ewma => EwmaVariance(r, lambda),
            _ => throw new ArgumentOutOfRangeException(nameof(estimator)),
        };
        return Math.Sqrt(daily * DaysPerYear);
    }

    /// <summary>Sample (Pearson) correlation of the daily log returns of <paramref name="assets"/>
    /// over the window, using only the dates on which every asset has a return (so the matrix is
    /// a Gram matrix: positive semidefinite by construction). The result is exactly symmetric with
    /// an exact unit diagonal. Throws <see cref="InputValidationException"/> with fewer than
    /// <see cref="MinimumReturns"/> common dates or an asset whose returns do not vary.</summary>
    public static double[][] SampleCorrelation(PriceHistory history, IReadOnlyList<string> assets, DateOnly asOf, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var n = assets.Count;
        var series = CommonLogReturns(history, assets, asOf, days, newestFirst: false);
        var means = new double[n];
        foreach (var row in series)
        {
            for (var a = 0; a < n; a++)
            {
                means[a] += row[a] / series.Count;
            }
        }
        var cov = new double[n, n];
        foreach (var row in series)
        {
            for (var a = 0; a < n; a++)
            {
                var da = row[a] - means[a];
                for (var b = a; b < n; b++)
                {
                    cov[a, b] += da * (row[b] - means[b]);
                }
            }
        }
        var result = new double[n][];
        for (var a = 0; a < n; a++)
        {
            if (!(cov[a, a] > 0))
            {
                throw new InputValidationException($"history.{assets[a]}", "has constant returns in the window: no correlation");
            }
            result[a] = new double[n];
        }
        for (var a = 0; a < n; a++)
        {
            result[a][a] = 1.0;
            for (var b = a + 1; b < n; b++)
            {
                var rho = Math.Clamp(cov[a, b] / Math.Sqrt(cov[a, a] * cov[b, b]), -1.0, 1.0);
                result[a][b] = rho;
                result[b][a] = rho;
            }
        }
        return result;
    }

    internal static double SampleVariance(IReadOnlyList<double> r)
    {
        var mean = r.Average();
        var sum = 0.0;
        foreach (var x in r)
        {
            sum += (x - mean) * (x - mean);
        }
        return sum / (r.Count - 1);
    }

    internal static double EwmaVariance(IReadOnlyList<double> r, double lambda)
    {
        if (!(lambda > 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), "lambda must be in (0, 1)");
        }
        double sum = 0, weights = 0, w = 1 - lambda;
        for (var k = r.Count - 1; k >= 0; k--)
        {
            sum += w * r[k] * r[k];
            weights += w;
            w *= lambda;
        }
        return sum / weights;
    }

    /// <summary>
    /// The daily log returns of <paramref name="assets"/> on the dates in the <paramref name="days"/>
    /// days to <paramref name="asOf"/> where every asset has a return, one row per date (oldest first,
    /// or newest first); an InputValidationException ("history") when fewer than
    /// <see cref="MinimumReturns"/> such dates exist.
    /// </summary>
    internal static List<double[]> CommonLogReturns(PriceHistory history, IReadOnlyList<string> assets, DateOnly asOf, int days, bool newestFirst)
    {
        var n = assets.Count;
        var rows = new List<double[]>();
        for (var t = asOf.AddDays(-days + 1); t <= asOf; t = t.AddDays(1))
        {
            var row = new double[n];
            var complete = true;
            for (var a = 0; a < n && complete; a++)
            {
                if (history.TryGetClose(assets[a], t, out var close) && history.TryGetClose(assets[a], t.AddDays(-1), out var previous))
                {
                    row[a] = Math.Log(close / previous);
                }
                else
                {
                    complete = false;
                }
            }

            if (complete)
            {
                rows.Add(row);
            }
        }

        if (rows.Count < MinimumReturns)
        {
            throw new InputValidationException("history",
                $"has {rows.Count} dates with returns of all of {string.Join(", ", assets)} in the {days} days to " +
                $"{asOf:yyyy-MM-dd}; at least {MinimumReturns} are needed");
        }

        if (newestFirst)
        {
            rows.Reverse();
        }

        return rows;
    }
}
