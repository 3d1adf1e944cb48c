using RiskGovernance.Engine.Correlation;

namespace RiskGovernance.Web.Drafting;

/// <summary>One correlation entry a repair changes (upper triangle; its mirror changes with it).</summary>
/// <param name="Row">Row index.</param>
/// <param name="Column">Column index (greater than <paramref name="Row"/>).</param>
/// <param name="Before">Value before the repair.</param>
/// <param name="After">Value after the repair.</param>
public sealed record CorrelationCellChange(int Row, int Column, double Before, double After);

/// <summary>A repair offered to the user: the repaired matrix (registry-exact), what it changes and its smallest eigenvalue.</summary>
/// <param name="Matrix">The repaired matrix, entries rounded to <see cref="CorrelationEditing.RegistryDecimals"/> decimals.</param>
/// <param name="Changes">Entries that change.</param>
/// <param name="SmallestEigenvalueBefore">Smallest eigenvalue of the edited matrix.</param>
/// <param name="SmallestEigenvalueAfter">Smallest eigenvalue of the repaired matrix.</param>
/// <param name="Distance">Frobenius distance between the two matrices.</param>
public sealed record CorrelationRepairProposal(
    double[][] Matrix, IReadOnlyList<CorrelationCellChange> Changes, double SmallestEigenvalueBefore, double SmallestEigenvalueAfter, double Distance);

/// <summary>The live state of a correlation matrix being edited.</summary>
/// <param name="SmallestEigenvalue">Smallest eigenvalue (of the symmetrised matrix).</param>
/// <param name="IsPositiveSemidefinite">Smallest eigenvalue &gt;= -1e-10 (METHODOLOGY section 8).</param>
/// <param name="IsValid">Every correlation rule holds.</param>
public sealed record CorrelationStatus(double SmallestEigenvalue, bool IsPositiveSemidefinite, bool IsValid);

/// <summary>
/// Editing a correlation matrix: mirrored cell edits, the live check (<see cref="CorrelationCheck"/>)
/// and the repair to the nearest valid matrix (<see cref="NearestCorrelation"/>, Higham 2002),
/// rounded to a few decimals so that the registry holds it exactly and still positive semidefinite.
/// </summary>
public static class CorrelationEditing
{
    /// <summary>Decimals a repaired entry keeps (the registry holds up to 18; six are readable and exact).</summary>
    public const int RegistryDecimals = 6;

    /// <summary>Decimals a typed cell keeps.</summary>
    public const int CellDecimals = 6;

    /// <summary>The matrix with (i, j) and (j, i) set to <paramref name="value"/> rounded to <see cref="CellDecimals"/>; the diagonal stays 1.</summary>
    public static double[][] WithCell(double[][] matrix, int i, int j, double value)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var m = matrix.Select(r => r.ToArray()).ToArray();
        if (i == j)
        {
            return m;
        }

        var v = Math.Round(value, CellDecimals, MidpointRounding.ToEven);
        m[i][j] = v;
        m[j][i] = v;
        return m;
    }

    /// <summary>The live check of a square, finite matrix.</summary>
    public static CorrelationStatus Check(IReadOnlyList<string> assets, double[][] matrix)
    {
        var report = CorrelationCheck.Analyse(assets, matrix);
        return new CorrelationStatus(report.SmallestEigenvalue, report.IsPositiveSemidefinite, report.IsValid);
    }

    /// <summary>
    /// The nearest valid correlation matrix with entries of at most <see cref="RegistryDecimals"/>
    /// decimals: Higham's repair, shrunk towards the identity by the least amount (tried in
    /// growing steps) that keeps the rounded matrix positive semidefinite.
    /// </summary>
    public static CorrelationRepairProposal Repair(IReadOnlyList<string> assets, double[][] matrix)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(matrix);
        var before = Check(assets, matrix);
        var repaired = NearestCorrelation.Repair(matrix);
        var n = matrix.Length;
        double[][]? result = null;
        foreach (var t in new[] { 0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1 })
        {
            var candidate = Rounded(repaired, t * n);
            if (NearestCorrelation.IsValidCorrelation(candidate) && CorrelationCheck.Analyse(assets, candidate).SmallestEigenvalue >= 0)
            {
                result = candidate;
                break;
            }
        }

        result ??= Identity(n);
        var changes = new List<CorrelationCellChange>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (result[i][j] != matrix[i][j])
                {
                    changes.Add(new CorrelationCellChange(i, j, matrix[i][j], result[i][j]));
                }
            }
        }

        return new CorrelationRepairProposal(result, changes, before.SmallestEigenvalue, Check(assets, result).SmallestEigenvalue,
            NearestCorrelation.FrobeniusDistance(matrix, result));
    }

    private static double[][] Rounded(double[][] y, double shrink)
    {
        var n = y.Length;
        var m = new double[n][];
        for (var i = 0; i < n; i++)
        {
            m[i] = new double[n];
        }

        for (var i = 0; i < n; i++)
        {
            m[i][i] = 1.0;
            for (var j = i + 1; j < n; j++)
            {
                var v = Math.Round((1 - shrink) * 0.5 * (y[i][j] + y[j][i]), RegistryDecimals, MidpointRounding.ToEven);
                v = Math.Clamp(v, -1.0, 1.0);
                m[i][j] = v;
                m[j][i] = v;
            }
        }

        return m;
    }

    private static double[][] Identity(int n) => Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0.0).ToArray()).ToArray();
}
