using System.Text;
using System.Text.Json.Nodes;
using Bunit;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Components.Proposals;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>
/// The impact figures of the proposal page (issue 14): both collateral figures named for what they cover,
/// the equity row that shows a haircut-only proposal, the matrix caption, and the wording helpers.
/// Every report is a real engine run on the demo market and a generated book.
/// </summary>
public sealed class ImpactFiguresTests : PortalComponentTest
{
    private static (ImpactResult Result, ImpactReport Report) Run(Action<JsonNode> change)
    {
        var market = DemoInputs.Market10();
        var current = DemoInputs.Params10();
        var book = BookGenerator.Generate(market, current, 300, 7);
        var node = JsonNode.Parse(ParameterSetJson.ToCanonicalJson(current))!;
        change(node["assets"]!);
        var proposed = ParameterSetJson.Read(node.ToJsonString());
        var result = new MarginEngine(new MarginEngineOptions(1)).Impact(MarginInputs.Create(market, current, book), proposed);
        return (result, ImpactReport.Parse(Encoding.UTF8.GetString(ImpactResultJson.ToUtf8Bytes(result, indented: false))));
    }

    private static void WiderScanRanges(JsonNode assets)
    {
        foreach (var asset in assets.AsObject())
        {
            var scan = asset.Value!["scanRange"]!;
            asset.Value["scanRange"] = Math.Round(scan.GetValue<double>() * 1.4, 6);
        }
    }

    private static void EthHaircutTo10(JsonNode assets) => assets["ETH"]!["haircut"] = 0.10;

    [Fact]
    public void CollateralToKeepEveryStatus_WiderRanges_SumsEachAccountsGapToItsOwnStatusThreshold()
    {
        var (result, report) = Run(WiderScanRanges);

        double expected = 0;
        for (var i = 0; i < result.Accounts.Count; i++)
        {
            var before = result.Current.Accounts[i].Status;
            var after = result.Proposed.Accounts[i];
            var threshold = before switch
            {
                MarginStatus.Healthy => after.InitialMargin,
                MarginStatus.Restricted => after.MaintenanceMargin,
                MarginStatus.MarginCall => after.LiquidationThreshold,
                _ => double.NegativeInfinity,
            };
            var gap = Math.Max(0, threshold - after.Equity);
            expected += gap;
            Assert.Equal(gap, report.Accounts[i].CollateralToKeepStatus, 1e-6);
            Assert.True(gap > 0 == after.Status > before, "account " + after.Id);
        }

        Assert.Equal(expected, report.CollateralToKeepEveryStatus, 1e-6);
        // Accounts not healthy today that move to a worse status: the engine's figure leaves them out.
        Assert.Contains(report.Accounts, a => a.StatusBefore != MarginStatus.Healthy && a.StatusAfter > a.StatusBefore);
        Assert.True(report.CollateralToKeepEveryStatus > report.CollateralToStayHealthy + 1,
            $"{report.CollateralToKeepEveryStatus} vs {report.CollateralToStayHealthy}");
    }

    [Fact]
    public void ImpactTotals_WiderRanges_BothCollateralFiguresShownAndNamed()
    {
        var (_, report) = Run(WiderScanRanges);

        var cut = Render<Components.Proposals.ImpactTotals>(p => p.Add(c => c.Report, report));

        var figures = cut.Find("[data-testid=collateral-figures]");
        Assert.Equal(Format.Usd(report.CollateralToKeepEveryStatus), cut.Find("[data-testid=collateral-keep-every-status]").TextContent);
        Assert.Equal(Format.Usd(report.CollateralToStayHealthy), cut.Find("[data-testid=collateral-needed]").TextContent);
        Assert.Contains("keep every account's current status", figures.TextContent, StringComparison.Ordinal);
        Assert.Contains("healthy today", figures.TextContent, StringComparison.Ordinal);
        Assert.Contains(Format.Count(report.AccountsNeedingCollateral, "account") + " would otherwise move to a worse status", figures.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ImpactTotals_HaircutOnly_EquityRowShowsTheFall()
    {
        var (result, report) = Run(EthHaircutTo10);

        Assert.True(result.Proposed.Totals.Equity < result.Current.Totals.Equity);
        var cut = Render<Components.Proposals.ImpactTotals>(p => p.Add(c => c.Report, report));

        Assert.Equal(Format.Usd(result.Current.Totals.Equity), cut.Find("[data-testid=equity-before]").TextContent);
        Assert.Equal(Format.Usd(result.Proposed.Totals.Equity), cut.Find("[data-testid=equity-after]").TextContent);
        Assert.StartsWith(Format.Usd(result.Proposed.Totals.Equity - result.Current.Totals.Equity) + " (-",
            cut.Find("[data-testid=equity-change]").TextContent, StringComparison.Ordinal);
        Assert.Contains("collateral value after haircuts", cut.Find("[data-testid=equity-moves]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TransitionMatrix_Caption_WorseAboveTheDiagonalWhereTheRedCellsAre()
    {
        var (_, report) = Run(WiderScanRanges);

        var cut = Render<TransitionMatrix>(p => p.Add(c => c.Report, report));

        Assert.Contains("Above the diagonal (shaded red): a worse status", cut.Find("[data-testid=transition-caption]").TextContent, StringComparison.Ordinal);
        var red = 0;
        foreach (var from in ImpactReport.Statuses)
        {
            foreach (var to in ImpactReport.Statuses)
            {
                var style = cut.Find($"[data-testid=transition-{ImpactReport.NameOf(from)}-{ImpactReport.NameOf(to)}]").GetAttribute("style") ?? "";
                var isRed = style.Contains("211,47,47", StringComparison.Ordinal);
                // Row = ratified, column = proposed, statuses best first: a worse move is a column right of the diagonal.
                Assert.Equal(isRed, to > from && report.Transitions(from, to) > 0);
                red += isRed ? 1 : 0;
            }
        }

        Assert.True(red > 0);
    }

    [Theory]
    [InlineData(0.26, "0.26 s")]
    [InlineData(0.0004, "400 µs")]
    [InlineData(0.042, "42 ms")]
    [InlineData(3.456, "3.46 s")]
    [InlineData(42.0, "42.0 s")]
    [InlineData(185.0, "3m 5s")]
    public void Elapsed_RealPrecision(double seconds, string expected)
        => Assert.Equal(expected, Format.Elapsed(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "0 accounts")]
    [InlineData(1, "1 account")]
    [InlineData(2, "2 accounts")]
    [InlineData(3000, "3,000 accounts")]
    public void Count_PluralAgrees(long n, string expected) => Assert.Equal(expected, Format.Count(n, "account"));

    [Fact]
    public void DescribePlain_DoubleVote_PlainFieldAndShortAddress()
    {
        const string voter = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        var error = new InputValidationException("ballot.voter", $"{voter} has already voted on this proposal");

        var text = ActionErrors.DescribePlain(error);

        Assert.Equal("Your vote: 0x7099…79C8 has already voted on this proposal", text);
        Assert.DoesNotContain("ballot.", text, StringComparison.Ordinal);
        Assert.Equal("Supermajority bps", ActionErrors.PlainField("rules.supermajorityBps"));
        // The old sentence is unchanged for the callers that show field paths.
        Assert.StartsWith("ballot.voter: " + voter, ActionErrors.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Countdown_FutureAndPast()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("in 2d 3h", Format.Countdown(now.AddHours(51), now));
        Assert.Equal("4m ago", Format.Countdown(now.AddMinutes(-4), now));
    }
}
