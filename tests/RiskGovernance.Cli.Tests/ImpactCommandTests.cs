using System.Text.Json;

namespace RiskGovernance.Cli.Tests;

public sealed class ImpactCommandTests : IDisposable
{
    private const double SumTolerance = 1e-9;

    private static readonly string[] Statuses = ["healthy", "restricted", "margin-call", "liquidatable"];

    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private CliResult Impact(string current, string proposed, params string[] more) =>
        CliRun.Run(["impact", "--market", CliRun.Market, "--book", CliRun.Book, "--current", current, "--proposed", proposed, .. more]);

    [Theory]
    [InlineData("grid")]
    [InlineData("montecarlo")]
    [InlineData("historical")]
    public void Impact_IdenticalParameters_ZeroDeltasAndDiagonalTransitions(string method)
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params).Replace("\"method\": \"grid\"", $"\"method\": \"{method}\"", StringComparison.Ordinal));
        var r = Impact(p, p);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.Equal(root.GetProperty("current").GetRawText(), root.GetProperty("proposed").GetRawText());
        foreach (var a in root.GetProperty("accounts").EnumerateArray())
        {
            Assert.Equal(0.0, a.GetProperty("deltaInitialMargin").GetDouble());
            Assert.Equal(a.GetProperty("currentStatus").GetString(), a.GetProperty("proposedStatus").GetString());
        }
        var totals = root.GetProperty("totals");
        Assert.Equal(0.0, totals.GetProperty("changeInitialMargin").GetDouble());
        Assert.Equal(0, totals.GetProperty("statusWorse").GetInt32());
        Assert.Equal(0, totals.GetProperty("statusBetter").GetInt32());
        var matrix = totals.GetProperty("transitionMatrix");
        var byStatus = root.GetProperty("current").GetProperty("totals").GetProperty("byStatus");
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                var expected = from == to ? byStatus.GetProperty(from).GetInt32() : 0;
                Assert.Equal(expected, matrix.GetProperty(from).GetProperty(to).GetInt32());
            }
        }
    }

    [Fact]
    public void Impact_WiderScanRanges_TotalsAreSumsOfAccounts()
    {
        var text = File.ReadAllText(CliRun.Params)
            .Replace("\"scanRange\": 0.30", "\"scanRange\": 0.32", StringComparison.Ordinal)
            .Replace("\"mmRatio\": 0.6", "\"mmRatio\": 0.9", StringComparison.Ordinal)
            .Replace("\"imMultiplier\": 1.0", "\"imMultiplier\": 8", StringComparison.Ordinal);
        var proposed = _run.Write("proposed.json", text);
        var r = Impact(CliRun.Params, proposed);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        var accounts = root.GetProperty("accounts").EnumerateArray().ToArray();
        var currentAccounts = root.GetProperty("current").GetProperty("accounts").EnumerateArray().ToArray();
        var proposedAccounts = root.GetProperty("proposed").GetProperty("accounts").EnumerateArray().ToArray();
        Assert.Equal(3, accounts.Length);
        for (var i = 0; i < accounts.Length; i++)
        {
            var delta = proposedAccounts[i].GetProperty("initialMargin").GetDouble() - currentAccounts[i].GetProperty("initialMargin").GetDouble();
            Assert.Equal(delta, accounts[i].GetProperty("deltaInitialMargin").GetDouble(), SumTolerance * Math.Max(1, Math.Abs(delta)));
            Assert.Equal(currentAccounts[i].GetProperty("status").GetString(), accounts[i].GetProperty("currentStatus").GetString());
            Assert.Equal(proposedAccounts[i].GetProperty("status").GetString(), accounts[i].GetProperty("proposedStatus").GetString());
        }
        var totals = root.GetProperty("totals");
        var sumDelta = accounts.Sum(a => a.GetProperty("deltaInitialMargin").GetDouble());
        Assert.True(sumDelta > 0);
        Assert.Equal(sumDelta, totals.GetProperty("changeInitialMargin").GetDouble(), SumTolerance * Math.Abs(sumDelta));
        var sumCollateral = accounts.Sum(a => a.GetProperty("collateralToStayHealthy").GetDouble());
        Assert.Equal(sumCollateral, totals.GetProperty("collateralToStayHealthy").GetDouble(), SumTolerance * Math.Max(1, sumCollateral));
        var rank = Statuses.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        Assert.Equal(accounts.Count(a => rank[a.GetProperty("proposedStatus").GetString()!] > rank[a.GetProperty("currentStatus").GetString()!]),
            totals.GetProperty("statusWorse").GetInt32());
        Assert.True(totals.GetProperty("statusWorse").GetInt32() >= 1);
        var matrixTotal = Statuses.Sum(f => Statuses.Sum(t => totals.GetProperty("transitionMatrix").GetProperty(f).GetProperty(t).GetInt32()));
        Assert.Equal(3, matrixTotal);
    }

    [Fact]
    public void Impact_BadProposedParameters_ErrorsNameTheSideAndNoOutput()
    {
        var proposed = _run.Write("proposed.json", File.ReadAllText(CliRun.Params).Replace("\"volFloor\": 0.05", "\"volFloor\": 0", StringComparison.Ordinal));
        var output = _run.PathOf("impact.json");
        var r = Impact(CliRun.Params, proposed, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("proposed: params.grid.volFloor: must be > 0", Assert.Single(r.StderrLines));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Impact_MissingProposed_UsageError()
    {
        var r = CliRun.Run("impact", "--market", CliRun.Market, "--book", CliRun.Book, "--current", CliRun.Params);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs --proposed", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Impact_Out_WritesParsableFile()
    {
        var output = _run.PathOf("impact.json");
        var r = Impact(CliRun.Params, CliRun.Params, "--out", output);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal(3, doc.RootElement.GetProperty("accounts").GetArrayLength());
    }
}
