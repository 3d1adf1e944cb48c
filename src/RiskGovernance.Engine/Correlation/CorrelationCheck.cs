using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Correlation;

/// <summary>What <see cref="CorrelationCheck.Analyse(Model.ParameterSet)"/> finds about a correlation matrix.</summary>
/// <param name="Assets">The assets of the matrix, in its order.</param>
/// <param name="Eigenvalues">Eigenvalues of the (symmetrised) matrix, ascending.</param>
/// <param name="SmallestEigenvalue">The first of <paramref name="Eigenvalues"/>.</param>
/// <param name="IsPositiveSemidefinite">Smallest eigenvalue &gt;= -1e-10 (METHODOLOGY section 8).</param>
/// <param name="IsValid">Every correlation rule holds (symmetric, unit diagonal, entries in
/// [-1, 1], positive semidefinite).</param>
/// <param name="Repaired">The nearest valid correlation matrix (Higham 2002) when the matrix is
/// not valid; null when it is.</param>
/// <param name="RepairDistance">Frobenius distance from the matrix to <paramref name="Repaired"/>
/// (0 when no repair is needed).</param>
public sealed record CorrelationReport(
    IReadOnlyList<string> Assets,
    IReadOnlyList<double> Eigenvalues,
    double SmallestEigenvalue,
    bool IsPositiveSemidefinite,
    bool IsValid,
    IReadOnlyList<IReadOnlyList<double>>? Repaired,
    double RepairDistance);

/// <summary>Eigen-analysis of a correlation assumption, for <c>riskgov correlation check</c>.</summary>
public static class CorrelationCheck
{
    /// <summary>Analyses <paramref name="matrix"/> over <paramref name="assets"/> (one row and one
    /// column per asset, finite entries). Throws <see cref="ArgumentException"/> when the matrix is
    /// not square of the assets' size or has non-finite entries.</summary>
    public static CorrelationReport Analyse(IReadOnlyList<string> assets, IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Count != assets.Count || matrix.Any(row => row is null || row.Count != assets.Count))
        {
            throw new ArgumentException(
                $"the matrix must be square {assets.Count}x{assets.Count} (one row and one column per asset)", nameof(matrix));
        }
        if (matrix.Any(row => row.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException("the matrix has an entry that is not a finite number", nameof(matrix));
        }
        var n = matrix.Count;
        var symmetric = new double[n][];
        for (var i = 0; i < n; i++)
        {
            symmetric[i] = new double[n];
            for (var j = 0; j < n; j++)
            {
                symmetric[i][j] = 0.5 * (matrix[i][j] + matrix[j][i]);
            }
        }
        var eigenvalues = CorrelationMath.Eigenvalues(symmetric);
        var smallest = n == 0 ? 0.0 : eigenvalues[0];
        var valid = NearestCorrelation.IsValidCorrelation(matrix);
        double[][]? repaired = null;
        var distance = 0.0;
        if (!valid && n > 0)
        {
            repaired = NearestCorrelation.Repair(matrix);
            distance = NearestCorrelation.FrobeniusDistance(matrix, repaired);
        }
        return new CorrelationReport(
            assets.ToArray(), eigenvalues, smallest, smallest >= ParameterSet.EigenvalueTolerance, valid, repaired, distance);
    }

    /// <summary>Analyses the correlation assumption of a (valid) parameter set.</summary>
    public static CorrelationReport Analyse(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Analyse(parameters.Correlation.Assets, parameters.Correlation.ToRows());
    }
}
