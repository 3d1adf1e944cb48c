using MathNet.Numerics.LinearAlgebra;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Correlation;

/// <summary>The nearest correlation matrix in the Frobenius norm (Higham 2002, "Computing the
/// nearest correlation matrix - a problem from finance", IMA J. Numer. Anal. 22: alternating
/// projections with Dykstra's correction, unit weights). Stateless; MathNet types stay inside.</summary>
public static class NearestCorrelation
{
    /// <summary>Default stopping tolerance on the relative change of the iterate (Frobenius).</summary>
    public const double DefaultTolerance = 1e-12;

    /// <summary>Default cap on the number of alternating-projection iterations.</summary>
    public const int DefaultMaxIterations = 10_000;

    /// <summary>
    /// Returns the nearest correlation matrix to <paramref name="matrix"/> (square, finite; it is
    /// symmetrised as (A + A^T)/2 first). The result is exactly symmetric, has an exact unit
    /// diagonal, entries in [-1, 1] and a smallest eigenvalue &gt;= -1e-10 (in practice &gt;= 0 up to
    /// rounding). A matrix that is already a valid correlation matrix in the sense of
    /// METHODOLOGY section 8 (exactly symmetric, unit diagonal, entries in [-1, 1], smallest
    /// eigenvalue &gt;= -1e-10) is returned unchanged (as a copy; an asymmetry within the 1e-12
    /// tolerance is averaged away so that the copy is exactly symmetric).
    /// </summary>
    /// <remarks>
    /// Iteration (Higham 2002, algorithm 3.3, W = I): dS = 0, Y = A; repeat R = Y - dS;
    /// X = P_S(R) (clip negative eigenvalues to 0); dS = X - R; Y = P_U(X) (set the diagonal to 1);
    /// until ||Y - Y_prev||_F / ||Y||_F &lt;= tolerance. The last projection is onto the unit
    /// diagonal, so Y may keep a tiny negative eigenvalue (of the order of the tolerance). When
    /// it does, the result is shrunk towards the identity, Y' = (1 - t) Y + t I with
    /// t = -lambda_min / (1 - lambda_min): this keeps the unit diagonal, moves every eigenvalue
    /// lambda to (1 - t) lambda + t &gt;= 0 and changes off-diagonal entries by a relative t (of the
    /// order of the tolerance).
    /// </remarks>
    /// <exception cref="ArgumentException">The matrix is empty, not square or not finite, or the
    /// tolerance / iteration cap is not positive.</exception>
    public static double[][] Repair(
        IReadOnlyList<IReadOnlyList<double>> matrix,
        double tolerance = DefaultTolerance,
        int maxIterations = DefaultMaxIterations)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentException("tolerance must be a finite number > 0", nameof(tolerance));
        }
        if (maxIterations < 1)
        {
            throw new ArgumentException("maxIterations must be >= 1", nameof(maxIterations));
        }
        var n = CheckSquareFinite(matrix);
        if (IsValidCorrelation(matrix))
        {
            // Valid within the symmetry tolerance: returned as it is, only made exactly symmetric.
            return SymmetricCopy(matrix);
        }

        var a = Matrix<double>.Build.Dense(n, n, (i, j) => 0.5 * (matrix[i][j] + matrix[j][i]));
        var y = a.Clone();
        var dS = Matrix<double>.Build.Dense(n, n);
        for (var k = 0; k < maxIterations; k++)
        {
            var r = y - dS;
            var x = ProjectPsd(r);
            dS = x - r;
            var yNext = x.Clone();
            for (var i = 0; i < n; i++)
            {
                yNext[i, i] = 1.0;
            }
            var change = (yNext - y).FrobeniusNorm();
            var size = yNext.FrobeniusNorm();
            y = yNext;
            if (change <= tolerance * size)
            {
                break;
            }
        }
        return Finish(y);
    }

    /// <summary>Frobenius distance between two square matrices of the same size.</summary>
    public static double FrobeniusDistance(IReadOnlyList<IReadOnlyList<double>> a, IReadOnlyList<IReadOnlyList<double>> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException("matrices must have the same size", nameof(b));
        }
        var sum = 0.0;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Count != b[i].Count)
            {
                throw new ArgumentException("matrices must have the same size", nameof(b));
            }
            for (var j = 0; j < a[i].Count; j++)
            {
                var d = a[i][j] - b[i][j];
                sum += d * d;
            }
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Whether the matrix passes every correlation rule of METHODOLOGY section 8
    /// (exact symmetry is not required: within <see cref="ParameterSet.SymmetryTolerance"/>).</summary>
    public static bool IsValidCorrelation(IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.Count;
        for (var i = 0; i < n; i++)
        {
            if (matrix[i] is null || matrix[i].Count != n)
            {
                return false;
            }
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = matrix[i][j];
                if (!double.IsFinite(v) || v < -1 || v > 1 || (i == j && v != 1.0)
                    || Math.Abs(v - matrix[j][i]) > ParameterSet.SymmetryTolerance)
                {
                    return false;
                }
            }
        }
        return n == 0 || CorrelationMath.SmallestEigenvalue(matrix) >= ParameterSet.EigenvalueTolerance;
    }

    /// <summary>A compact one-line rendering for messages: rows in brackets, entries with at most
    /// five decimals, e.g. <c>[[1,0.76069,0.1573],[0.76069,1,0.76069],[0.1573,0.76069,1]]</c>.</summary>
    public static string Format(IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return "[" + string.Join(",", matrix.Select(row =>
            "[" + string.Join(",", row.Select(v => Math.Round(v, 5).ToString("0.#####", culture))) + "]")) + "]";
    }

    internal static Matrix<double> ProjectPsd(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var lambda = evd.EigenValues.Select(c => Math.Max(c.Real, 0.0)).ToArray();
        var n = symmetric.RowCount;
        var scaled = q.Clone();
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                scaled[i, j] *= lambda[j];
            }
        }
        var x = scaled * q.Transpose();
        return Symmetrise(x);
    }

    private static Matrix<double> Symmetrise(Matrix<double> x) => (x + x.Transpose()) * 0.5;

    /// <summary>Exact symmetry, exact unit diagonal, entries clamped to [-1, 1] and, when the
    /// smallest eigenvalue is negative, a shrink towards the identity (see <see cref="Repair"/>).</summary>
    private static double[][] Finish(Matrix<double> y)
    {
        var n = y.RowCount;
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new double[n];
        }
        for (var i = 0; i < n; i++)
        {
            rows[i][i] = 1.0;
            for (var j = i + 1; j < n; j++)
            {
                var v = Math.Clamp(0.5 * (y[i, j] + y[j, i]), -1.0, 1.0);
                rows[i][j] = v;
                rows[j][i] = v;
            }
        }
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var smallest = CorrelationMath.SmallestEigenvalue(rows);
            if (smallest >= 0)
            {
                break;
            }
            // A slightly larger t than the exact -lambda / (1 - lambda) absorbs rounding.
            var t = Math.Min(1.0, (-smallest / (1.0 - smallest)) * (1.0 + 1e-6) + 1e-15);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var v = (1.0 - t) * rows[i][j];
                    rows[i][j] = v;
                    rows[j][i] = v;
                }
            }
        }
        return rows;
    }

    private static int CheckSquareFinite(IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        var n = matrix.Count;
        if (n == 0)
        {
            throw new ArgumentException("the matrix must not be empty", nameof(matrix));
        }
        for (var i = 0; i < n; i++)
        {
            if (matrix[i] is null || matrix[i].Count != n)
            {
                throw new ArgumentException($"the matrix must be square ({n}x{n}); row {i} is not", nameof(matrix));
            }
            for (var j = 0; j < n; j++)
            {
                if (!double.IsFinite(matrix[i][j]))
                {
                    throw new ArgumentException($"entry [{i}][{j}] is not a finite number", nameof(matrix));
                }
            }
        }
        return n;
    }

    private static double[][] SymmetricCopy(IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        var copy = matrix.Select(row => row.ToArray()).ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            for (var j = i + 1; j < copy.Length; j++)
            {
                if (copy[i][j] != copy[j][i])
                {
                    var v = 0.5 * (copy[i][j] + copy[j][i]);
                    copy[i][j] = v;
                    copy[j][i] = v;
                }
            }
        }
        return copy;
    }
}
