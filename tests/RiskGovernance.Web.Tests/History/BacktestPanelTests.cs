using RiskGovernance.Primitives;
using Bunit;
using RiskGovernance.Chain;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The backtest panel: the figures of each portfolio and the traffic light's colour.</summary>
public sealed class BacktestPanelTests : PortalComponentTest
{
    [Fact]
    public void Render_ThreeZones_ShowsFiguresAndColoursTheTrafficLights()
    {
        UseServerRenderer();
        var view = new BacktestView("grid", new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31), 1, 0.94, 0.01, 1043, 5, new DateOnly(2020, 1, 1),
            new DateOnly(2024, 9, 9), new BacktestSummaryView(3, 1, 1, 1, 3129, 33),
            [
                Portfolio("long-perp-btc", 2, "green", new DateOnly(2021, 5, 19), new DateOnly(2022, 11, 8)),
                Portfolio("pair-btc-eth", 17, "yellow", Enumerable.Range(0, 17).Select(i => new DateOnly(2022, 1, 1).AddDays(i * 20)).ToArray()),
                Portfolio("short-straddle-btc", 14, "red", Enumerable.Range(0, 14).Select(i => new DateOnly(2023, 1, 1).AddDays(i)).ToArray()),
            ]);
        var outcome = new HistoryOutcome<BacktestView>(view, Hash32.Keccak("key"), Hash32.Keccak("result"), true, TimeSpan.FromSeconds(1.5),
            DateTimeOffset.UnixEpoch, "riskgov backtest --params proposed.json");

        var cut = Render<BacktestPanel>(p => p.Add(x => x.Proposed, outcome));

        Assert.Equal("1,043", cut.Find("[data-testid=backtest-proposed-pair-btc-eth-n]").TextContent.Trim());
        Assert.Equal("17 (1.63 %)", cut.Find("[data-testid=backtest-proposed-pair-btc-eth-x]").TextContent.Trim());
        Assert.Equal("3.5118", cut.Find("[data-testid=backtest-proposed-pair-btc-eth-lr]").TextContent.Trim());
        Assert.Equal("0.0609", cut.Find("[data-testid=backtest-proposed-pair-btc-eth-p]").TextContent.Trim());
        Assert.Contains("mud-chip-color-success", cut.Find("[data-testid=backtest-proposed-long-perp-btc-light]").ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-warning", cut.Find("[data-testid=backtest-proposed-pair-btc-eth-light]").ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", cut.Find("[data-testid=backtest-proposed-short-straddle-btc-light]").ClassName, StringComparison.Ordinal);
        Assert.Contains(outcome.ResultHash.ToString(), cut.Find("[data-testid=backtest-proposed-provenance-hash]").TextContent, StringComparison.Ordinal);
        Assert.Contains("served from the result store", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=backtest-current]"));
    }

    [Theory]
    [InlineData("same", "same", 1)]
    [InlineData("one", "other", 0)]
    public void Render_BothSets_SaysWhenTheirResultsAreIdentical(string currentResult, string proposedResult, int alerts)
    {
        UseServerRenderer();
        var view = new BacktestView("grid", new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31), 1, 0.94, 0.01, 1043, 0, null, null,
            new BacktestSummaryView(1, 1, 0, 0, 1043, 2), [Portfolio("long-perp-btc", 2, "green")]);
        HistoryOutcome<BacktestView> Outcome(string result) =>
            new(view, Hash32.Keccak(result + "key"), Hash32.Keccak(result), false, TimeSpan.Zero, DateTimeOffset.UnixEpoch, "riskgov backtest");

        var cut = Render<BacktestPanel>(p => p.Add(x => x.Current, Outcome(currentResult)).Add(x => x.Proposed, Outcome(proposedResult)));

        Assert.Equal(alerts, cut.FindAll("[data-testid=backtest-identical]").Count);
        Assert.Single(cut.FindAll("[data-testid=backtest-current]"));
        Assert.Single(cut.FindAll("[data-testid=backtest-proposed]"));
    }

    [Fact]
    public async Task Render_RunGoingOn_ShowsProgressAndCancelStopsIt()
    {
        UseServerRenderer();
        using var page = new CancellationTokenSource();
        var run = new PanelRun(apply =>
        {
            apply();
            return Task.CompletedTask;
        }, page.Token, "Cancelled: nothing was stored. Switch the book option or reload the page to run it again.");
        var started = new TaskCompletionSource();
        var running = run.RunAsync(async (progress, ct) =>
        {
            progress.Report(new JobProgress("current: backtest", 0.42));
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var cut = Render<BacktestPanel>(p => p.Add(x => x.Run, run));
        Assert.NotNull(cut.Find("[data-testid=backtest-progress]"));
        Assert.Contains("current: backtest · 42%", cut.Markup, StringComparison.Ordinal);
        cut.Find("[data-testid=backtest-cancel] button, button[data-testid=backtest-cancel]").Click();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        cut.Render();

        Assert.Empty(cut.FindAll("[data-testid=backtest-cancel]"));
        Assert.Empty(cut.FindAll("[data-testid=backtest-progress]"));
        Assert.Equal("Cancelled: nothing was stored. Switch the book option or reload the page to run it again.",
            cut.Find("[data-testid=backtest-error]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_RunFailed_SaysWhyInPlainWords()
    {
        UseServerRenderer();
        using var page = new CancellationTokenSource();
        var run = new PanelRun(_ => Task.CompletedTask, page.Token);
        await run.RunAsync((_, _) => throw new InvalidOperationException("no close for BTC on 2019-01-01"));

        var cut = Render<BacktestPanel>(p => p.Add(x => x.Run, run));

        Assert.Equal("The computation failed (InvalidOperationException): no close for BTC on 2019-01-01",
            cut.Find("[data-testid=backtest-error]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=backtest-progress]"));
    }

    [Fact]
    public void ExceptionsPerMonth_CountsEachExceptionInItsMonth()
    {
        var view = new BacktestView("grid", new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31), 1, 0.94, 0.01, 10, 0, null, null,
            new BacktestSummaryView(1, 1, 0, 0, 10, 3), [Portfolio("a", 3, "green", new DateOnly(2019, 1, 5), new DateOnly(2019, 1, 30), new DateOnly(2024, 12, 31))]);

        var (labels, current, proposed) = HistoryFormat.ExceptionsPerMonth(view, null);

        Assert.Equal(72, labels.Length);
        Assert.Equal("2019", labels[0]);
        Assert.Equal("2020", labels[12]);
        Assert.Equal(2, current[0]);
        Assert.Equal(1, current[71]);
        Assert.Equal(3, current.Sum());
        Assert.Equal(0, proposed.Sum());
    }

    private static BacktestPortfolioView Portfolio(string id, int exceptions, string light, params DateOnly[] dates)
    {
        var lr = RiskGovernance.Engine.Backtesting.CoverageTests.Kupiec(1043, exceptions, 0.01);
        return new BacktestPortfolioView(id, 1043, exceptions, exceptions / 1043.0, new KupiecView(lr.LikelihoodRatio, lr.PValue),
            new ChristoffersenView(1000, 10, 10, 0, 0.2, 0.65, 3.7, 0.15), light, dates);
    }
}
