using MathNet.Numerics.LinearAlgebra;

namespace RiskGovernance.Engine.Model;

/// <summary>Symmetric eigen-analysis of correlation matrices. MathNet types stay inside the engine.</summary>
internal static class CorrelationMath
{
    public static Matrix<double> ToMatrix(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        var n = rows.Count;
        return Matrix<double>.Build.Dense(n, n, (i, j) => rows[i][j]);
    }

    /// <summary>Eigenvalues of a symmetric matrix in ascending order.</summary>
    public static double[] Eigenvalues(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var evd = ToMatrix(rows).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        Array.Sort(values);
        return values;
    }

    public static double SmallestEigenvalue(IReadOnlyList<IReadOnlyList<double>> rows) =>
        rows.Count == 0 ? 0.0 : Eigenvalues(rows)[0];
}
