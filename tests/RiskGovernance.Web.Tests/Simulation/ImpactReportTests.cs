using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Tests.Simulation;

/// <summary>The report read back from the engine's compact impact JSON matches the engine's own result.</summary>
public sealed class ImpactReportTests
{
    private const double Tolerance = 1e-9;

    internal static (ImpactResult Result, ImpactReport Report) Run(double btcScanRangeStep)
    {
        var market = DemoInputs.Market10();
        var current = DemoInputs.Params10();
        var book = BookGenerator.Generate(market, current, 200, 11);
        var node = JsonNode.Parse(ParameterSetJson.ToCanonicalJson(current))!;
        var btc = node["assets"]!["BTC"]!;
        btc["scanRange"] = Math.Round(btc["scanRange"]!.GetValue<double>() + btcScanRangeStep, 6);
        var proposed = ParameterSetJson.Read(node.ToJsonString());
        var result = new MarginEngine(new MarginEngineOptions(1)).Impact(MarginInputs.Create(market, current, book), proposed);
        return (result, ImpactReport.Parse(Encoding.UTF8.GetString(ImpactResultJson.ToUtf8Bytes(result, indented: false))));
    }

    [Fact]
    public void Parse_EngineJson_TotalsMatrixAndAccountsMatchTheResult()
    {
        var (result, report) = Run(0.05);

        Assert.Equal(result.Current.Totals.InitialMargin, report.Before.InitialMargin, Tolerance);
        Assert.Equal(result.Proposed.Totals.InitialMargin, report.After.InitialMargin, Tolerance);
        Assert.Equal(result.Proposed.Totals.ByStatus, report.After.ByStatus);
        Assert.Equal(result.Totals.StatusWorse, report.StatusWorse);
        Assert.Equal(result.Totals.CollateralToStayHealthy, report.CollateralToStayHealthy, Tolerance);
        foreach (var from in ImpactReport.Statuses)
        {
            foreach (var to in ImpactReport.Statuses)
            {
                Assert.Equal(result.Totals.TransitionMatrix[(int)from][(int)to], report.Transitions(from, to));
            }
        }

        Assert.Equal(result.Accounts.Count, report.Accounts.Count);
        for (var i = 0; i < result.Accounts.Count; i++)
        {
            Assert.Equal(result.Accounts[i].Id, report.Accounts[i].Id);
            Assert.Equal(result.Accounts[i].DeltaInitialMargin, report.Accounts[i].Change, 1e-6);
            Assert.Equal(result.Current.Accounts[i].CapitalEfficiency, report.Accounts[i].EfficiencyBefore);
        }

        Assert.Equal(result.Current.Totals.IsolatedInitialMargin / result.Current.Totals.InitialMargin, report.Before.CapitalEfficiency!.Value, Tolerance);
    }

    [Fact]
    public void ChangeDistribution_WiderScanRange_BinsCountEveryChangedAccountOnce()
    {
        var (_, report) = Run(0.05);

        var bins = report.ChangeDistribution(10);

        Assert.Equal(10, bins.Count);
        Assert.Equal(report.Accounts.Count, bins.Sum(b => b.Count) + report.UnchangedAccounts);
        Assert.True(bins.Sum(b => b.Count) > 0);
        Assert.Equal(report.Accounts.Where(a => Math.Abs(a.Change) >= ImpactReport.UnchangedTolerance).Min(a => a.Change), bins[0].From, Tolerance);
        Assert.Equal(report.Accounts.Max(a => a.Change), bins[^1].To, Tolerance);
        Assert.All(bins.Zip(bins.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From, Tolerance));
        Assert.True(Math.Abs(report.MostAffected().First().Change) >= Math.Abs(report.MostAffected().Last().Change));
    }

    [Fact]
    public void Parse_Malformed_JsonException()
    {
        Assert.ThrowsAny<JsonException>(() => ImpactReport.Parse("""{"current":{}}"""));
        Assert.ThrowsAny<Exception>(() => ImpactReport.Parse("not json"));
    }
}
