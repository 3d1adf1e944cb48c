using MathNet.Numerics.LinearAlgebra;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Pricing;

namespace RiskGovernance.Engine.Simulation;

/// <summary>The draws of METHODOLOGY section 5: eps iid standard normal per scenario and asset, and
/// for student-t one chi-square draw per scenario giving the factor sqrt((nu - 2) / chi2_nu). Each
/// scenario has its own stream keyed by (seed, scenario index), so the draws are bit-identical
/// whatever the thread count, and the same draws serve R_up and R_down.</summary>
internal sealed class MonteCarloDraws
{
    private const int ScenarioBlock = 1024;

    private MonteCarloDraws(double[] eps, double[] scale, int assets, int count)
    {
        Eps = eps;
        Scale = scale;
        Assets = assets;
        Count = count;
    }

    /// <summary>eps[scenario * Assets + j].</summary>
    public double[] Eps { get; }

    /// <summary>Per scenario: 1 for normal, sqrt((nu - 2) / chi2) for student-t.</summary>
    public double[] Scale { get; }

    public int Assets { get; }

    public int Count { get; }

    public static MonteCarloDraws Generate(SimulationParameters simulation, int assets, int maxDegreeOfParallelism, CancellationToken ct)
    {
        var n = simulation.Scenarios;
        var eps = new double[n * assets];
        var scale = new double[n];
        var studentT = simulation.Distribution == ReturnDistribution.StudentT;
        var nu = simulation.DegreesOfFreedom;
        var blocks = (n + ScenarioBlock - 1) / ScenarioBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(0, blocks, options, b =>
        {
            var end = Math.Min(n, (b + 1) * ScenarioBlock);
            for (var s = b * ScenarioBlock; s < end; s++)
            {
                var random = new ScenarioRandom(simulation.Seed, s);
                for (var j = 0; j < assets; j++)
                {
                    eps[(s * assets) + j] = random.NextNormal();
                }
                scale[s] = studentT ? Math.Sqrt((nu - 2) / random.NextChiSquare(nu)) : 1.0;
            }
        });
        return new MonteCarloDraws(eps, scale, assets, n);
    }
}

/// <summary>Turns draws into joint price scenarios under one correlation matrix:
/// z = A eps (times the student-t factor) with A the symmetric eigen square root of R, then
/// S'_a = S_a exp(sigma_a sqrt(h) z_a - sigma_a^2 h / 2), h = horizonDays / 365.</summary>
internal static class MonteCarloScenarios
{
    /// <summary>Eigenvalues below this (in absolute terms, after validation allowed -1e-10) are
    /// treated as zero: R may be only semidefinite (R_up at correlationStress = 1).</summary>
    public const double EigenvalueClip = 0.0;

    /// <summary>A with A A' = R: A = V diag(sqrt(max(lambda, 0))) V' (row major).</summary>
    public static double[] SquareRoot(double[] matrix, int n)
    {
        if (n == 0)
        {
            return [];
        }
        var r = Matrix<double>.Build.Dense(n, n, (i, j) => matrix[(i * n) + j]);
        var evd = r.Evd(Symmetricity.Symmetric);
        var v = evd.EigenVectors;
        var root = new double[n];
        for (var k = 0; k < n; k++)
        {
            root[k] = Math.Sqrt(Math.Max(evd.EigenValues[k].Real, EigenvalueClip));
        }
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < n; k++)
                {
                    sum += v[i, k] * root[k] * v[j, k];
                }
                a[(i * n) + j] = sum;
            }
        }
        return a;
    }

    public static ScenarioSet Build(
        MonteCarloDraws draws, double[] matrix, double[] spot, double[] vol, int horizonDays, int maxDegreeOfParallelism, CancellationToken ct)
    {
        var n = spot.Length;
        var count = draws.Count;
        var a = SquareRoot(matrix, n);
        var h = horizonDays / OptionPricer.DaysPerYear;
        var sqrtH = Math.Sqrt(h);
        var prices = new double[n][];
        var moves = new double[n][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(0, n, options, i =>
        {
            var p = new double[count];
            var m = new double[count];
            var s0 = spot[i];
            var sigma = vol[i];
            var drift = sigma * sigma * h / 2;
            for (var s = 0; s < count; s++)
            {
                double z = 0;
                var e = s * n;
                for (var j = 0; j < n; j++)
                {
                    z += a[(i * n) + j] * draws.Eps[e + j];
                }
                z *= draws.Scale[s];
                var price = s0 * PortableMath.Exp((sigma * sqrtH * z) - drift);
                p[s] = price;
                m[s] = price - s0;
            }
            prices[i] = p;
            moves[i] = m;
        });
        return new ScenarioSet(prices, moves, horizonDays);
    }
}
