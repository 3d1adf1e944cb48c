using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Estimation;

/// <summary>EWMA volatilities and correlation matrix of daily log returns as of one date.</summary>
/// <param name="AsOf">The last return date of the window.</param>
/// <param name="Lambda">The decay used.</param>
/// <param name="WindowDays">Calendar days of the window.</param>
/// <param name="Returns">The number of dates on which every asset had a return (the estimate's sample).</param>
/// <param name="Assets">The assets, in the order asked for.</param>
/// <param name="Volatilities">Annualised (365 days) EWMA volatility per asset.</param>
/// <param name="Correlation">The EWMA correlation matrix (exactly symmetric, unit diagonal, PSD).</param>
public sealed record EwmaEstimate(
    DateOnly AsOf,
    double Lambda,
    int WindowDays,
    int Returns,
    IReadOnlyList<string> Assets,
    IReadOnlyList<double> Volatilities,
    IReadOnlyList<IReadOnlyList<double>> Correlation);

/// <summary>RiskMetrics EWMA estimation over the dates on which every asset has a daily log return
/// r_t = ln(close_t / close_{t-1}): with the n common dates of the window numbered k = 0 (newest)
/// to n - 1, weights w_k = lambda^k / sum_j lambda^j (normalised, zero mean),
/// cov_ab = sum_k w_k r_a r_b, sigma_a = sqrt(365 cov_aa), rho_ab = cov_ab / sqrt(cov_aa cov_bb).
/// lambda = 1 is the equal-weighted zero-mean estimate. The matrix is a weighted Gram matrix,
/// so it is positive semidefinite by construction.</summary>
public static class EwmaEstimator
{
    /// <summary>RiskMetrics decay for daily data.</summary>
    public const double DefaultLambda = ReturnStatistics.RiskMetricsLambda;

    /// <summary>Default window: one year of calendar days (0.94^365 is below 1e-9: older returns do not matter).</summary>
    public const int DefaultWindowDays = 365;

    /// <summary>Estimates as of <paramref name="asOf"/>. Throws <see cref="InputValidationException"/>
    /// naming <c>lambda</c> (outside (0, 1]), <c>windowDays</c>, <c>assets</c>, <c>history.ASSET</c>
    /// (no close on the date) or <c>history</c> (fewer than 10 common returns, or an asset whose
    /// returns are all zero).</summary>
    public static EwmaEstimate Estimate(
        PriceHistory history, IReadOnlyList<string> assets, DateOnly asOf, double lambda = DefaultLambda, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(assets);
        var e = new ValidationErrors();
        CheckLambda(e, "lambda", lambda);
        if (windowDays < ReturnStatistics.MinimumReturns)
        {
            e.Add("windowDays", $"must be an integer >= {ReturnStatistics.MinimumReturns}");
        }
        if (assets.Count == 0)
        {
            e.Add("assets", "must list at least one asset");
        }
        foreach (var a in assets.Where(a => !history.TryGetClose(a, asOf, out _)))
        {
            e.Add($"history.{a}", $"has no close on {asOf:yyyy-MM-dd}");
        }
        e.ThrowIfAny();

        var n = assets.Count;
        var rows = ReturnStatistics.CommonLogReturns(history, assets, asOf, windowDays, newestFirst: true);
        var cov = WeightedCovariance(rows, lambda);
        var vols = new double[n];
        var corr = new double[n][];
        for (var a = 0; a < n; a++)
        {
            if (!(cov[a, a] > 0))
            {
                throw new InputValidationException($"history.{assets[a]}", "has only zero returns in the window: no volatility or correlation");
            }
            vols[a] = Math.Sqrt(cov[a, a] * ReturnStatistics.DaysPerYear);
            corr[a] = new double[n];
        }
        for (var a = 0; a < n; a++)
        {
            corr[a][a] = 1.0;
            for (var b = a + 1; b < n; b++)
            {
                var rho = Math.Clamp(cov[a, b] / Math.Sqrt(cov[a, a] * cov[b, b]), -1.0, 1.0);
                corr[a][b] = rho;
                corr[b][a] = rho;
            }
        }
        return new EwmaEstimate(asOf, lambda, windowDays, rows.Count, assets.ToArray(), vols, corr);
    }

    /// <summary>The annualised EWMA volatility of one asset from its own returns in the window (no
    /// common-date filter), or null when it has fewer than 10 returns or none is non-zero.</summary>
    public static double? Volatility(PriceHistory history, string asset, DateOnly asOf, double lambda, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(history);
        double sum = 0, weights = 0, w = 1;
        var count = 0;
        for (var t = asOf; t > asOf.AddDays(-windowDays); t = t.AddDays(-1))
        {
            if (history.TryGetClose(asset, t, out var close) && history.TryGetClose(asset, t.AddDays(-1), out var previous))
            {
                var r = Math.Log(close / previous);
                sum += w * r * r;
                weights += w;
                w *= lambda;
                count++;
            }
        }
        return count < ReturnStatistics.MinimumReturns || !(sum > 0) ? null : Math.Sqrt(sum / weights * ReturnStatistics.DaysPerYear);
    }

    /// <summary>Adds an error on <paramref name="field"/> when lambda is not in (0, 1].</summary>
    public static void CheckLambda(ValidationErrors errors, string field, double lambda)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.InRange(field, lambda, 0, 1, lowerStrict: true);
    }

    /// <summary>Rows newest first; weights lambda^k normalised.</summary>
    private static double[,] WeightedCovariance(List<double[]> rows, double lambda)
    {
        var n = rows[0].Length;
        var cov = new double[n, n];
        double w = 1, total = 0;
        foreach (var row in rows)
        {
            for (var a = 0; a < n; a++)
            {
                for (var b = a; b < n; b++)
                {
                    cov[a, b] += w * row[a] * row[b];
                }
            }
            total += w;
            w *= lambda;
        }
        for (var a = 0; a < n; a++)
        {
            for (var b = a; b < n; b++)
            {
                cov[a, b] /= total;
                cov[b, a] = cov[a, b];
            }
        }
        return cov;
    }
}

/// <summary>One asset of an <see cref="EstimateComparison"/>: the estimated volatility beside the
/// proposal's scan range and the scan range expressed in estimated daily standard deviations.</summary>
public sealed record AssetEstimateComparison(string Asset, double EstimatedVolatility, double ScanRange, double ScanRangeInDailySigmas);

/// <summary>One pair of assets: the estimated correlation beside the proposal's.</summary>
public sealed record CorrelationPairComparison(string First, string Second, double Estimated, double Proposed)
{
    /// <summary>Proposed minus estimated.</summary>
    public double Difference => Proposed - Estimated;
}

/// <summary>An EWMA estimate next to a parameter set's own values (what the portal shows beside a
/// proposal): per asset, per pair of assets (upper triangle, correlation order), and the largest
/// absolute correlation difference.</summary>
public sealed record EstimateComparison(
    EwmaEstimate Estimate,
    IReadOnlyList<AssetEstimateComparison> Assets,
    IReadOnlyList<CorrelationPairComparison> Pairs,
    double MaxAbsCorrelationDifference)
{
    /// <summary>Estimates over the risky assets of <paramref name="parameters"/> (correlation order)
    /// and compares.</summary>
    public static EstimateComparison Create(
        PriceHistory history, ParameterSet parameters, DateOnly asOf, double lambda = EwmaEstimator.DefaultLambda,
        int windowDays = EwmaEstimator.DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var estimate = EwmaEstimator.Estimate(history, parameters.RiskyAssets, asOf, lambda, windowDays);
        var assets = estimate.Assets.Select((a, i) =>
        {
            var scan = parameters.Asset(a).ScanRange;
            var daily = estimate.Volatilities[i] / Math.Sqrt(ReturnStatistics.DaysPerYear);
            return new AssetEstimateComparison(a, estimate.Volatilities[i], scan, scan / daily);
        }).ToArray();
        var pairs = new List<CorrelationPairComparison>();
        for (var a = 0; a < estimate.Assets.Count; a++)
        {
            for (var b = a + 1; b < estimate.Assets.Count; b++)
            {
                pairs.Add(new CorrelationPairComparison(estimate.Assets[a], estimate.Assets[b], estimate.Correlation[a][b],
                    parameters.Correlation[a, b]));
            }
        }
        return new EstimateComparison(estimate, assets, pairs, pairs.Count == 0 ? 0 : pairs.Max(p => Math.Abs(p.Difference)));
    }
}
