using RiskGovernance.Engine.Json;

namespace RiskGovernance.Cli.Tests;

public sealed class CorrelationCommandTests : IDisposable
{
    private const double EigenTolerance = 1e-12;
    private const double RepairTolerance = 1e-9;

    /// <summary>Equicorrelation rho = -0.6 on three assets: eigenvalues -0.2, 1.6, 1.6.</summary>
    private const string NotPsd = "[[1.0, -0.6, -0.6], [-0.6, 1.0, -0.6], [-0.6, -0.6, 1.0]]";

    private const string ExampleMatrix = "[[1.0, 0.85, 0.70], [0.85, 1.0, 0.75], [0.70, 0.75, 1.0]]";

    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private string ParamsWithMatrix(string matrix) =>
        _run.Write("p.json", File.ReadAllText(CliRun.Params).Replace(ExampleMatrix, matrix, StringComparison.Ordinal));

    [Fact]
    public void Check_ValidExample_ReportsEigenvaluesAndNoRepair()
    {
        var r = CliRun.Run("correlation", "check", "--params", CliRun.Params);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(["BTC", "ETH", "SOL"], root.GetProperty("assets").EnumerateArray().Select(a => a.GetString()));
        var eigenvalues = root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, eigenvalues.Length);
        Assert.Equal(3.0, eigenvalues.Sum(), EigenTolerance * 10); // the trace
        Assert.True(root.GetProperty("positiveSemidefinite").GetBoolean());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("nearestCorrelation").ValueKind);
        Assert.Equal(0.0, root.GetProperty("repairDistance").GetDouble());
    }

    [Fact]
    public void Check_NotPsd_ExitZeroWithSmallestEigenvalueAndNearestMatrix()
    {
        var r = CliRun.Run("correlation", "check", "--params", ParamsWithMatrix(NotPsd));
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(-0.2, root.GetProperty("smallestEigenvalue").GetDouble(), EigenTolerance);
        var eigenvalues = root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal([-0.2, 1.6, 1.6], eigenvalues, (a, b) => Math.Abs(a - b) < EigenTolerance);
        Assert.False(root.GetProperty("positiveSemidefinite").GetBoolean());
        Assert.False(root.GetProperty("valid").GetBoolean());
        // The nearest correlation matrix of an equicorrelation matrix is equicorrelated, at the PSD
        // boundary rho = -1/2 (the eigen-decomposition keeps the structure).
        var nearest = root.GetProperty("nearestCorrelation").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(i == j ? 1.0 : -0.5, nearest[i][j], RepairTolerance);
            }
        }
        Assert.Equal(Math.Sqrt(6 * 0.1 * 0.1), root.GetProperty("repairDistance").GetDouble(), RepairTolerance);
    }

    [Fact]
    public void Check_AsymmetricMatrix_ReportedInvalidWithRepair()
    {
        var r = CliRun.Run("correlation", "check", "--params", ParamsWithMatrix("[[1.0, 0.85, 0.70], [0.80, 1.0, 0.75], [0.70, 0.75, 1.0]]"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.True(root.GetProperty("positiveSemidefinite").GetBoolean());
        Assert.False(root.GetProperty("valid").GetBoolean());
        var nearest = root.GetProperty("nearestCorrelation");
        Assert.Equal(nearest[0][1].GetDouble(), nearest[1][0].GetDouble());
        Assert.True(root.GetProperty("repairDistance").GetDouble() > 0);
    }

    [Fact]
    public void Check_OtherProblemBesidesPsd_ExitTwoNamingIt()
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params)
            .Replace(ExampleMatrix, NotPsd, StringComparison.Ordinal)
            .Replace("\"haircut\": 0.05", "\"haircut\": 1.5", StringComparison.Ordinal));
        var r = CliRun.Run("correlation", "check", "--params", p);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("params.assets.BTC.haircut: must satisfy 0 <= haircut < 1", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void Check_MatrixNotSquare_ExitTwo()
    {
        var r = CliRun.Run("correlation", "check", "--params", ParamsWithMatrix("[[1.0, 0.5], [0.5, 1.0]]"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("params.correlation.matrix: must be a square 3x3 matrix", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_NotPsd_WritesValidParameterSetThatMargins()
    {
        var output = _run.PathOf("repaired.json");
        var r = CliRun.Run("correlation", "repair", "--params", ParamsWithMatrix(NotPsd), "--out", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var repaired = ParameterSetJson.Read(File.ReadAllBytes(output));
        Assert.Equal(-0.5, repaired.Correlation[0, 1], RepairTolerance);
        Assert.Equal(1.0, repaired.Correlation[2, 2]);
        Assert.Equal(0.15, repaired.Asset("BTC").ScanRange);
        var margin = CliRun.Run("margin", "--market", CliRun.Market, "--params", output, "--book", CliRun.Book);
        Assert.True(margin.ExitCode == 0, margin.Stderr);
    }

    [Fact]
    public void Repair_ValidMatrix_KeepsParameterSet()
    {
        var output = _run.PathOf("same.json");
        var r = CliRun.Run("correlation", "repair", "--params", CliRun.Params, "--out", output);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(File.ReadAllBytes(CliRun.Params))),
            ParameterSetJson.ToCanonicalJson(ParameterSetJson.Read(File.ReadAllBytes(output))));
    }

    [Fact]
    public void Repair_OtherProblem_ExitTwoAndNoOutput()
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params)
            .Replace(ExampleMatrix, NotPsd, StringComparison.Ordinal)
            .Replace("\"scenarios\": 10000", "\"scenarios\": 10", StringComparison.Ordinal));
        var output = _run.PathOf("repaired.json");
        var r = CliRun.Run("correlation", "repair", "--params", p, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("params.simulation.scenarios: must be an integer >= 100", Assert.Single(r.StderrLines));
        Assert.Equal(["p.json"], _run.FilesExcept());
    }

    [Fact]
    public void Repair_WithoutOut_UsageError()
    {
        var r = CliRun.Run("correlation", "repair", "--params", CliRun.Params);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs --out", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Correlation_UnknownSubcommand_UsageError()
    {
        var r = CliRun.Run("correlation", "fix", "--params", CliRun.Params);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown command 'correlation fix'", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}
