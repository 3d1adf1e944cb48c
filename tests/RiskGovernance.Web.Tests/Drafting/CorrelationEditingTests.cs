using RiskGovernance.Governance.Registry;
using RiskGovernance.Contracts;
using RiskGovernance.Engine.Correlation;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>Mirrored edits, the live check against closed forms, and the registry-exact repair.</summary>
public sealed class CorrelationEditingTests
{
    private const double Tolerance = 1e-12;
    private static readonly string[] Assets = ["BTC", "ETH", "SOL"];

    private static double[][] Equicorrelated(double a) => [[1, a, a], [a, 1, a], [a, a, 1]];

    [Fact]
    public void WithCell_OffDiagonal_SetsMirrorAndRounds()
    {
        var m = CorrelationEditing.WithCell(Equicorrelated(0.5), 0, 2, 0.12345678);

        Assert.Equal(0.123457, m[0][2]);
        Assert.Equal(0.123457, m[2][0]);
        Assert.Equal(0.5, m[0][1]);
    }

    [Fact]
    public void WithCell_Diagonal_Unchanged()
    {
        var m = CorrelationEditing.WithCell(Equicorrelated(0.5), 1, 1, 0.3);

        Assert.Equal(1.0, m[1][1]);
    }

    [Theory]
    [InlineData(0.5, 0.5)] // eigenvalues 1 - a (twice) and 1 + 2a
    [InlineData(-0.6, -0.2)]
    [InlineData(-0.5, 0.0)]
    public void Check_Equicorrelated_SmallestEigenvalueIsClosedForm(double a, double smallest)
    {
        var status = CorrelationEditing.Check(Assets, Equicorrelated(a));

        Assert.Equal(smallest, status.SmallestEigenvalue, Tolerance);
        Assert.Equal(smallest >= -1e-10, status.IsPositiveSemidefinite);
    }

    [Fact]
    public void Repair_NotPsd_ValidRegistryExactAndListsChanges()
    {
        var bad = new double[][] { [1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1] };

        var repair = CorrelationEditing.Repair(Assets, bad);

        Assert.True(repair.SmallestEigenvalueBefore < -0.5);
        Assert.True(repair.SmallestEigenvalueAfter >= 0);
        Assert.True(NearestCorrelation.IsValidCorrelation(repair.Matrix));
        Assert.Equal(3, repair.Changes.Count);
        foreach (var row in repair.Matrix)
        {
            foreach (var v in row)
            {
                Assert.Equal(v, FixedPoint18.FromDouble(v, "cell").ToDouble());
                Assert.Equal(v, Math.Round(v, CorrelationEditing.RegistryDecimals));
            }
        }

        // Close to the unrounded Higham solution.
        var higham = NearestCorrelation.Repair(bad);
        Assert.True(NearestCorrelation.FrobeniusDistance(higham, repair.Matrix) < 1e-3);
    }

    [Fact]
    public void Repair_ValidMatrix_NoChanges()
    {
        var repair = CorrelationEditing.Repair(Assets, Equicorrelated(0.3));

        Assert.Empty(repair.Changes);
        Assert.Equal(0.0, repair.Distance);
    }
}
