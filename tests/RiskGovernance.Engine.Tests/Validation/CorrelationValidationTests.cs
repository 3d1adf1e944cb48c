using System.Text.Json.Nodes;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Tests.Json;

namespace RiskGovernance.Engine.Tests.Validation;

/// <summary>METHODOLOGY section 8, the correlation assumption: the asset list matches
/// params.assets, the matrix is a square, symmetric (1e-12), unit-diagonal matrix with entries in
/// [-1, 1] and smallest eigenvalue &gt;= -1e-10.</summary>
public class CorrelationValidationTests
{
    private static string WithMatrix(string matrix) =>
        JsonExamples.Set(JsonExamples.Params, "correlation.matrix", JsonNode.Parse(matrix));

    private static string WithAssets(string assets) =>
        JsonExamples.Set(JsonExamples.Params, "correlation.assets", JsonNode.Parse(assets));

    [Fact]
    public void Create_AssetMissingFromCorrelation_ErrorNamesIt()
    {
        var json = WithAssets("""["BTC", "ETH"]""");
        json = JsonExamples.Set(json, "correlation.matrix", JsonNode.Parse("[[1, 0.85], [0.85, 1]]"));
        ValidationAssert.Single(() => ParameterSetJson.Read(json), "params.correlation.assets", "must list 'SOL'");
    }

    [Fact]
    public void Create_CorrelationNamesUnknownAsset_ErrorNamesIt()
    {
        var errors = ValidationAssert.Errors(() => ParameterSetJson.Read(WithAssets("""["BTC", "ETH", "DOGE"]""")));
        ValidationAssert.Has(errors, "params.correlation.assets", "'DOGE' has no entry in params.assets");
        ValidationAssert.Has(errors, "params.correlation.assets", "must list 'SOL'");
    }

    [Fact]
    public void Create_CorrelationRepeatsAsset_ErrorSaysMoreThanOnce()
    {
        var errors = ValidationAssert.Errors(() => ParameterSetJson.Read(WithAssets("""["BTC", "ETH", "ETH"]""")));
        ValidationAssert.Has(errors, "params.correlation.assets", "'ETH' is listed more than once");
    }

    [Fact]
    public void Create_MatrixNotSquare_Rejected() =>
        ValidationAssert.Single(() => ParameterSetJson.Read(WithMatrix("[[1, 0.85, 0.7], [0.85, 1, 0.75], [0.7, 0.75]]")),
            "params.correlation.matrix", "must be a square 3x3 matrix");

    [Fact]
    public void Create_MatrixWrongSize_Rejected() =>
        ValidationAssert.Single(() => ParameterSetJson.Read(WithMatrix("[[1, 0.85], [0.85, 1]]")),
            "params.correlation.matrix", "must be a square 3x3 matrix");

    [Fact]
    public void Create_AsymmetricBeyondTolerance_ErrorNamesCell() =>
        ValidationAssert.Single(() => ParameterSetJson.Read(WithMatrix("[[1, 0.85, 0.7], [0.85, 1, 0.75], [0.7, 0.7500000001, 1]]")),
            "params.correlation.matrix[1][2]", "matrix must be symmetric");

    [Fact]
    public void Create_AsymmetricWithinTolerance_Accepted()
    {
        // 0.75 + 5e-13 differs from 0.75 by less than the 1e-12 symmetry tolerance.
        var p = ParameterSetJson.Read(WithMatrix("[[1, 0.85, 0.7], [0.85, 1, 0.75], [0.7, 0.7500000000005, 1]]"));
        Assert.Equal(0.7500000000005, p.Correlation[2, 1]);
    }

    [Fact]
    public void Create_DiagonalNotOne_ErrorNamesCell() =>
        ValidationAssert.Single(() => ParameterSetJson.Read(WithMatrix("[[1, 0.85, 0.7], [0.85, 0.99, 0.75], [0.7, 0.75, 1]]")),
            "params.correlation.matrix[1][1]", "diagonal entries must be 1");

    [Fact]
    public void Create_EntryOutsideMinusOneOne_ErrorNamesBothCells()
    {
        var errors = ValidationAssert.Errors(() => ParameterSetJson.Read(WithMatrix("[[1, 1.2, 0.7], [1.2, 1, 0.75], [0.7, 0.75, 1]]")));
        Assert.Equal(2, errors.Count);
        ValidationAssert.Has(errors, "params.correlation.matrix[0][1]", "must be in [-1, 1]");
        ValidationAssert.Has(errors, "params.correlation.matrix[1][0]", "must be in [-1, 1]");
    }

    [Fact]
    public void Create_NotPositiveSemidefinite_ErrorNamesSmallestEigenvalue()
    {
        // Equicorrelation rho = -0.6 on 3 assets: eigenvalues 1 + 2 rho = -0.2 and 1 - rho = 1.6 (twice).
        var error = Assert.Single(ValidationAssert.Errors(() =>
            ParameterSetJson.Read(WithMatrix("[[1, -0.6, -0.6], [-0.6, 1, -0.6], [-0.6, -0.6, 1]]"))));
        Assert.Equal("params.correlation.matrix", error.Field);
        Assert.Contains("is not positive semidefinite (smallest eigenvalue -0.2 <", error.Message, StringComparison.Ordinal);
        Assert.Contains("nearest valid matrix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SingularButSemidefinite_Accepted()
    {
        // Equicorrelation rho = -0.5 on 3 assets: smallest eigenvalue 1 + 2 rho = 0 (up to rounding).
        var p = ParameterSetJson.Read(WithMatrix("[[1, -0.5, -0.5], [-0.5, 1, -0.5], [-0.5, -0.5, 1]]"));
        Assert.Equal(-0.5, p.Correlation[0, 1]);
    }

    [Fact]
    public void Create_PerfectCorrelation_Accepted()
    {
        var p = ParameterSetJson.Read(WithMatrix("[[1, 1, 1], [1, 1, 1], [1, 1, 1]]"));
        Assert.Equal(1.0, p.Correlation[2, 0]);
    }
}
