using System.Text.Json;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Tests.Json;

public class ResultJsonTests
{
    private const double Tolerance = 0.0;

    private static readonly AccountMargin Hedged = new("a", 1000, 0, 0, 0, 0, MarginStatus.Healthy, 50, null,
        [new AssetRisk("BTC", 0), new AssetRisk("ETH", 0)]);

    private static readonly AccountMargin Short = new("b", 100, 400, 400, 240, 192, MarginStatus.MarginCall, 600, 1.5,
        [new AssetRisk("SOL", 400)]);

    private static MarginResult Result(MarginMethod method, params AccountMargin[] accounts) => new(method, accounts,
        new MarginTotals(accounts.Length, accounts.Sum(a => a.Equity), accounts.Sum(a => a.InitialMargin),
            accounts.Sum(a => a.MaintenanceMargin), accounts.Sum(a => a.IsolatedInitialMargin),
            StatusCounts.Of(accounts.Select(a => a.Status))));

    [Fact]
    public void MarginResult_Written_HasFormatsFieldsAndValues()
    {
        using var doc = JsonDocument.Parse(MarginResultJson.ToUtf8Bytes(Result(MarginMethod.MonteCarlo, Hedged, Short)));
        var root = doc.RootElement;
        Assert.Equal(["method", "accounts", "totals"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("montecarlo", root.GetProperty("method").GetString());
        var b = root.GetProperty("accounts")[1];
        Assert.Equal(["id", "equity", "risk", "initialMargin", "maintenanceMargin", "liquidationThreshold", "status",
            "isolatedInitialMargin", "capitalEfficiency", "riskByAsset"], b.EnumerateObject().Select(p => p.Name));
        Assert.Equal("margin-call", b.GetProperty("status").GetString());
        Assert.Equal(192.0, b.GetProperty("liquidationThreshold").GetDouble(), Tolerance);
        Assert.Equal(1.5, b.GetProperty("capitalEfficiency").GetDouble(), Tolerance);
        Assert.Equal(400.0, b.GetProperty("riskByAsset").GetProperty("SOL").GetDouble(), Tolerance);
        var totals = root.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("accounts").GetInt32());
        Assert.Equal(650.0, totals.GetProperty("isolatedInitialMargin").GetDouble(), Tolerance);
        var byStatus = totals.GetProperty("byStatus");
        Assert.Equal(["healthy", "restricted", "margin-call", "liquidatable"], byStatus.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, byStatus.GetProperty("margin-call").GetInt32());
        Assert.Equal(0, byStatus.GetProperty("liquidatable").GetInt32());
    }

    [Fact]
    public void MarginResult_ZeroInitialMargin_CapitalEfficiencyNullAndRiskByAssetKept()
    {
        using var doc = JsonDocument.Parse(MarginResultJson.ToUtf8Bytes(Result(MarginMethod.Grid, Hedged)));
        var a = doc.RootElement.GetProperty("accounts")[0];
        Assert.Equal(JsonValueKind.Null, a.GetProperty("capitalEfficiency").ValueKind);
        Assert.Equal(["BTC", "ETH"], a.GetProperty("riskByAsset").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0, a.GetProperty("riskByAsset").GetProperty("ETH").GetDouble(), Tolerance);
    }

    [Fact]
    public void MarginResult_Numbers_WrittenInShortestForm()
    {
        var odd = Hedged with { Equity = 0.1 + 0.2, Risk = 1e-7, IsolatedInitialMargin = 1e21 };
        var text = System.Text.Encoding.UTF8.GetString(MarginResultJson.ToUtf8Bytes(Result(MarginMethod.Grid, odd), indented: false));
        Assert.Contains("\"equity\":0.30000000000000004,", text, StringComparison.Ordinal);
        Assert.Contains("\"risk\":1e-7,", text, StringComparison.Ordinal);
        Assert.Contains("\"isolatedInitialMargin\":1e+21,", text, StringComparison.Ordinal);
        Assert.Contains("\"initialMargin\":0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ImpactResult_Written_HasAccountsTotalsAndTransitionMatrixObject()
    {
        var current = Result(MarginMethod.Grid, Hedged, Short);
        var proposed = Result(MarginMethod.Grid, Hedged, Short with { Status = MarginStatus.Liquidatable, InitialMargin = 500 });
        var matrix = new int[4][];
        for (var i = 0; i < 4; i++)
        {
            matrix[i] = new int[4];
        }
        matrix[0][0] = 1;
        matrix[2][3] = 1;
        var impact = new ImpactResult(current, proposed,
            [new AccountImpact("a", 0, MarginStatus.Healthy, MarginStatus.Healthy, 0),
             new AccountImpact("b", 100, MarginStatus.MarginCall, MarginStatus.Liquidatable, 400)],
            new ImpactTotals(100, 1, 0, matrix, 400));
        using var doc = JsonDocument.Parse(ImpactResultJson.ToUtf8Bytes(impact));
        var root = doc.RootElement;
        Assert.Equal(["current", "proposed", "accounts", "totals"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("grid", root.GetProperty("proposed").GetProperty("method").GetString());
        var b = root.GetProperty("accounts")[1];
        Assert.Equal(["id", "deltaInitialMargin", "currentStatus", "proposedStatus", "collateralToStayHealthy"],
            b.EnumerateObject().Select(p => p.Name));
        Assert.Equal("margin-call", b.GetProperty("currentStatus").GetString());
        Assert.Equal("liquidatable", b.GetProperty("proposedStatus").GetString());
        var totals = root.GetProperty("totals");
        Assert.Equal(["changeInitialMargin", "statusWorse", "statusBetter", "transitionMatrix", "collateralToStayHealthy"],
            totals.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, totals.GetProperty("statusWorse").GetInt32());
        var tm = totals.GetProperty("transitionMatrix");
        Assert.Equal(["healthy", "restricted", "margin-call", "liquidatable"], tm.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, tm.GetProperty("margin-call").GetProperty("liquidatable").GetInt32());
        Assert.Equal(1, tm.GetProperty("healthy").GetProperty("healthy").GetInt32());
        Assert.Equal(0, tm.GetProperty("liquidatable").GetProperty("margin-call").GetInt32());
        Assert.Equal(400.0, totals.GetProperty("collateralToStayHealthy").GetDouble(), Tolerance);
    }

    [Fact]
    public void MarginResult_NonFiniteNumber_Throws()
    {
        var broken = Hedged with { Equity = double.NaN };
        Assert.Throws<ArgumentOutOfRangeException>(() => MarginResultJson.ToUtf8Bytes(Result(MarginMethod.Grid, broken)));
    }
}
