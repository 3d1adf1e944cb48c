using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.Correlation;

public sealed class CorrelationCheckTests
{
    private const double Tolerance = 1e-12;

    private static readonly string[] Three = ["BTC", "ETH", "SOL"];
    private static readonly double[][] NotPsd = [[1, 1, 0], [1, 1, 1], [0, 1, 1]];

    [Fact]
    public void Analyse_HighamExample_ClosedFormEigenvaluesAscendingAndRepair()
    {
        var report = CorrelationCheck.Analyse(Three, NotPsd);

        // Tridiagonal [1 1 0; 1 1 1; 0 1 1]: eigenvalues 1 - sqrt 2, 1, 1 + sqrt 2.
        Assert.Equal(1 - Math.Sqrt(2), report.Eigenvalues[0], Tolerance);
        Assert.Equal(1.0, report.Eigenvalues[1], Tolerance);
        Assert.Equal(1 + Math.Sqrt(2), report.Eigenvalues[2], Tolerance);
        Assert.Equal(report.Eigenvalues[0], report.SmallestEigenvalue);
        Assert.False(report.IsPositiveSemidefinite);
        Assert.False(report.IsValid);
        Assert.NotNull(report.Repaired);
        Assert.True(report.RepairDistance > 0);
        Assert.Equal(Three, report.Assets);
    }

    [Fact]
    public void Analyse_ValidMatrix_IsPsdWithoutRepair()
    {
        double[][] m = [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]];

        var report = CorrelationCheck.Analyse(Three, m);

        Assert.Equal(0.5, report.Eigenvalues[0], Tolerance);
        Assert.Equal(1.0, report.Eigenvalues[1], Tolerance);
        Assert.Equal(1.5, report.Eigenvalues[2], Tolerance);
        Assert.True(report.IsPositiveSemidefinite);
        Assert.True(report.IsValid);
        Assert.Null(report.Repaired);
        Assert.Equal(0.0, report.RepairDistance);
    }

    [Fact]
    public void Analyse_PsdButDiagonalNotOne_IsInvalidAndRepaired()
    {
        double[][] m = [[2, 0, 0], [0, 1, 0], [0, 0, 1]];

        var report = CorrelationCheck.Analyse(Three, m);

        Assert.True(report.IsPositiveSemidefinite);
        Assert.False(report.IsValid);
        Assert.NotNull(report.Repaired);
    }

    [Fact]
    public void Analyse_WrongSize_Throws()
    {
        double[][] m = [[1, 0], [0, 1]];

        Assert.Throws<ArgumentException>(() => CorrelationCheck.Analyse(Three, m));
    }

    [Fact]
    public void ParameterSetCreate_NotPsd_ErrorCarriesNearestValidMatrix()
    {
        var ex = Assert.Throws<InputValidationException>(() => ParameterSetFactory.Create(Three, NotPsd));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("params.correlation.matrix", error.Field);
        Assert.Contains("smallest eigenvalue -0.414214", error.Message, StringComparison.Ordinal);
        Assert.Contains("nearest valid matrix [[1,0.76069,0.1573],[0.76069,1,0.76069],[0.1573,0.76069,1]]",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepairedParameterSet_NotPsd_IsValidWithRepairedMatrix()
    {
        const double PublishedTolerance = 5e-7;

        var p = CorrelationRepair.RepairedParameterSet(MarginMethod.Grid, 1.0, 0.6, 0.8, 0.01, 0.0,
            ParameterSetFactory.Grid, ParameterSetFactory.Simulation, ParameterSetFactory.Assets(Three), Three, NotPsd);

        Assert.Equal(0.760690, p.Correlation[0, 1], PublishedTolerance);
        Assert.Equal(0.157298, p.Correlation[2, 0], PublishedTolerance);
        Assert.Equal(Three, p.RiskyAssets);
        Assert.True(CorrelationCheck.Analyse(p).IsValid);
    }

    [Fact]
    public void RepairedParameterSet_OtherErrors_StillThrowNamingTheField()
    {
        var assets = ParameterSetFactory.Assets(Three);
        assets[0] = assets[0] with { Parameters = assets[0].Parameters with { ScanRange = -0.1 } };

        var ex = Assert.Throws<InputValidationException>(() => CorrelationRepair.RepairedParameterSet(MarginMethod.Grid,
            1.0, 0.6, 0.8, 0.01, 0.0, ParameterSetFactory.Grid, ParameterSetFactory.Simulation, assets, Three, NotPsd));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("params.assets.BTC.scanRange", error.Field);
    }
}
