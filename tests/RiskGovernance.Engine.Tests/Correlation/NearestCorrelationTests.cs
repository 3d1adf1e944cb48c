using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Tests.Correlation;

public sealed class NearestCorrelationTests
{
    /// <summary>Higham (2002) prints the answer to 4 decimals; 6 decimals are the converged values.</summary>
    private const double PublishedTolerance = 5e-7;
    private const double EigenvalueFloor = -1e-10;

    private static readonly double[][] HighamExample = [[1, 1, 0], [1, 1, 1], [0, 1, 1]];

    [Fact]
    public void Repair_HighamPublishedExample_MatchesPublishedOffDiagonals()
    {
        var x = NearestCorrelation.Repair(HighamExample);

        Assert.Equal(0.760690, x[0][1], PublishedTolerance);
        Assert.Equal(0.760690, x[1][2], PublishedTolerance);
        Assert.Equal(0.157298, x[0][2], PublishedTolerance);
        AssertValidCorrelation(x);
    }

    [Fact]
    public void Repair_AlreadyValidMatrix_ReturnsItUnchanged()
    {
        double[][] valid = [[1, 0.85, 0.70], [0.85, 1, 0.75], [0.70, 0.75, 1]];

        var x = NearestCorrelation.Repair(valid);

        Assert.NotSame(valid, x);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(valid[i], x[i]);
        }
    }

    [Fact]
    public void Repair_ValidWithinSymmetryTolerance_IsMadeExactlySymmetric()
    {
        const double RoundingTolerance = 1e-15;
        double[][] a = [[1, 0.5 + 4e-13], [0.5, 1]];

        var x = NearestCorrelation.Repair(a);

        Assert.Equal(x[0][1], x[1][0]);
        Assert.Equal(0.5 + 2e-13, x[0][1], RoundingTolerance);
    }

    [Fact]
    public void Repair_RepairedMatrix_IsAFixedPoint()
    {
        var once = NearestCorrelation.Repair(HighamExample);

        var twice = NearestCorrelation.Repair(once);

        Assert.Equal(0.0, NearestCorrelation.FrobeniusDistance(once, twice));
    }

    [Fact]
    public void Repair_RandomInvalidMatrices_AreSymmetricUnitDiagonalAndPsd()
    {
        var rng = new Random(20020101);
        var repaired = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var n = 3 + (trial % 8);
            var a = RandomUnitDiagonalSymmetric(rng, n);
            if (NearestCorrelation.IsValidCorrelation(a))
            {
                continue;
            }
            repaired++;

            var x = NearestCorrelation.Repair(a);

            AssertValidCorrelation(x);
            Assert.True(NearestCorrelation.IsValidCorrelation(x));
        }
        Assert.True(repaired >= 30, $"only {repaired} of the random matrices were invalid");
    }

    [Fact]
    public void Repair_RandomInvalidMatrices_AtLeastAsCloseAsClipAndRescale()
    {
        const double DistanceSlack = 1e-9;
        var rng = new Random(7);
        for (var trial = 0; trial < 25; trial++)
        {
            var n = 3 + (trial % 6);
            var a = RandomUnitDiagonalSymmetric(rng, n);
            if (NearestCorrelation.IsValidCorrelation(a))
            {
                continue;
            }

            var higham = NearestCorrelation.FrobeniusDistance(a, NearestCorrelation.Repair(a));
            var simple = NearestCorrelation.FrobeniusDistance(a, ClipAndRescale(a));

            Assert.True(higham <= simple + DistanceSlack, $"trial {trial}: Higham {higham} > clip-and-rescale {simple}");
        }
    }

    [Fact]
    public void Repair_NonUnitDiagonalAndAsymmetricInput_GivesValidCorrelation()
    {
        double[][] a = [[2, 0.9, -0.3], [0.8, 1, 0.95], [-0.2, 0.95, 0.5]];

        var x = NearestCorrelation.Repair(a);

        AssertValidCorrelation(x);
    }

    [Fact]
    public void Repair_StoppedEarly_FinalShrinkStillGivesValidCorrelation()
    {
        // An early stop can leave the unit-diagonal iterate with a negative eigenvalue; the final
        // shrink towards the identity must make the result valid anyway.
        var x = NearestCorrelation.Repair(HighamExample, tolerance: 1e-3, maxIterations: 2);

        AssertValidCorrelation(x);
        Assert.True(NearestCorrelation.IsValidCorrelation(x));
        Assert.True(NearestCorrelation.FrobeniusDistance(x, NearestCorrelation.Repair(HighamExample)) < 0.2);
    }

    [Fact]
    public void Repair_NotSquare_Throws()
    {
        double[][] a = [[1, 0.5], [0.5]];

        Assert.Throws<ArgumentException>(() => NearestCorrelation.Repair(a));
    }

    [Fact]
    public void Repair_NonFiniteEntry_Throws()
    {
        double[][] a = [[1, double.NaN], [double.NaN, 1]];

        Assert.Throws<ArgumentException>(() => NearestCorrelation.Repair(a));
    }

    [Fact]
    public void Format_HighamRepair_IsCompactWithFiveDecimals()
    {
        var text = NearestCorrelation.Format(NearestCorrelation.Repair(HighamExample));

        Assert.Equal("[[1,0.76069,0.1573],[0.76069,1,0.76069],[0.1573,0.76069,1]]", text);
    }

    internal static void AssertValidCorrelation(double[][] x)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(1.0, x[i][i]);
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(x[i][j], x[j][i]);
                Assert.InRange(x[i][j], -1.0, 1.0);
            }
        }
        var eig = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowArrays(x)
            .Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Min(c => c.Real);
        Assert.True(eig >= EigenvalueFloor, $"smallest eigenvalue {eig}");
    }

    private static double[][] RandomUnitDiagonalSymmetric(Random rng, int n)
    {
        var a = new double[n][];
        for (var i = 0; i < n; i++)
        {
            a[i] = new double[n];
            a[i][i] = 1.0;
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var v = (2 * rng.NextDouble()) - 1;
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        return a;
    }

    /// <summary>The naive alternative: clip negative eigenvalues to 0, then rescale to a unit diagonal.</summary>
    private static double[][] ClipAndRescale(double[][] a)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowArrays(a);
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var d = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DiagonalOfDiagonalArray(
            evd.EigenValues.Select(c => Math.Max(c.Real, 0)).ToArray());
        var x = evd.EigenVectors * d * evd.EigenVectors.Transpose();
        var n = a.Length;
        var r = new double[n][];
        for (var i = 0; i < n; i++)
        {
            r[i] = new double[n];
            for (var j = 0; j < n; j++)
            {
                r[i][j] = i == j ? 1.0 : x[i, j] / Math.Sqrt(x[i, i] * x[j, j]);
            }
        }
        return r;
    }
}
