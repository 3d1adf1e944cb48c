using RiskGovernance.Primitives;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Persistence.History;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The history services on the real portal: stress numbers against an independent engine run,
/// the result store, the backtest's coverage tests, cancellation and bad input.</summary>
public sealed class ProposalRiskAnalysisTests(HistoryPortalFixture fixture) : IClassFixture<HistoryPortalFixture>
{
    private const double Tolerance = 1e-9;

    [Fact]
    public async Task Stress_DemoActiveProposal_EqualsIndependentEngineRunOnStoredInputs()
    {
        var proposal = await fixture.ActiveAsync();
        var inputs = await fixture.Analysis.LoadInputsAsync(proposal.Id, CancellationToken.None);
        var shown = await fixture.Analysis.StressAsync(inputs, StressWindow.Ftx2022, StressAssumptions.Default, null, CancellationToken.None);

        // Independently: the stored book and market, the ratified and proposed sets, the history as stored.
        var snapshot = (await fixture.Get<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await fixture.Get<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var store = fixture.Get<SqliteMarketHistoryStore>();
        var closes = (await store.ReadAsync(MarketHistorySeries.Close, CancellationToken.None))!;
        var dvol = await store.ReadAsync(MarketHistorySeries.Dvol, CancellationToken.None);
        var market = MarketSnapshotJson.Read(snapshot.MarketJson);
        var book = BookJson.Read(snapshot.BookJson);
        var current = ParameterSetJson.Read(ratified.ParamsJson);
        var proposed = ParameterSetJson.Read(proposal.ParamsJson!);
        var assets = current.RiskyAssets.Union(proposed.RiskyAssets).ToArray();
        var move = MarketMove.FromHistory(StressWindow.Ftx2022, assets, closes, dvol, proxy: market);
        var expected = new StressEngine().Run(StressInputs.Create(market, book, current, proposed, move, StressAssumptions.Default));

        var view = shown.View;
        AssertClose(expected.Current.Totals.Loss, view.Current.Totals.Loss);
        AssertClose(expected.Current.Totals.EquityAfter, view.Current.Totals.EquityAfter);
        AssertClose(expected.Proposed!.Totals.EquityAfter, view.Proposed!.Totals.EquityAfter);
        Assert.Equal(expected.Current.Totals.AccountsWipedOut, view.Current.Totals.AccountsWipedOut);
        Assert.Equal(expected.Proposed.Totals.AccountsWipedOut, view.Proposed.Totals.AccountsWipedOut);
        AssertClose(expected.Proposed.Totals.Shortfall, view.Proposed.Totals.Shortfall);
        AssertClose(expected.Proposed.Cascade.BadDebt, view.Proposed.Cascade.BadDebt);
        Assert.Equal(expected.Proposed.Cascade.Rounds.Count, view.Proposed.Cascade.Rounds.Count);
        AssertClose(expected.Proposed.CorrelationStress.TowardsOne.InitialMargin, view.Proposed.CorrelationStress.TowardsOne.InitialMargin);
        Assert.Equal(book.Accounts.Count, view.Current.Totals.Accounts);
        // The whole document: the result hash is keccak of the engine's compact JSON of the independent run.
        Assert.Equal(Hash32.Keccak(ProposalRiskAnalysis.Compact(w => StressResultJson.Write(w, expected))), shown.ResultHash);
        Assert.Contains("--window ftx-2022", shown.Command, StringComparison.Ordinal);

        // And the panel shows those numbers.
        await using var ui = new BunitContext();
        ui.JSInterop.Mode = JSRuntimeMode.Loose;
        ui.Services.AddMudServices();
        var panel = ui.Render<StressPanel>(p => p.Add(x => x.Entries, [new StressEntry(StressWindow.Ftx2022) { Outcome = shown }]));
        Assert.Equal(Format.Usd(expected.Proposed.Totals.EquityAfter), panel.Find("[data-testid=stress-ftx-2022-equity-after-proposed]").TextContent.Trim());
        Assert.Equal(Format.Usd(expected.Current.Totals.Loss), panel.Find("[data-testid=stress-ftx-2022-loss-current]").TextContent.Trim());
        Assert.Equal(expected.Current.Totals.AccountsWipedOut.ToString(System.Globalization.CultureInfo.InvariantCulture),
            panel.Find("[data-testid=stress-ftx-2022-wiped-out-current]").TextContent.Trim().Replace(",", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stress_SecondRequest_ServedFromStoreWithSameResultHash()
    {
        var inputs = await fixture.Analysis.LoadInputsAsync((await fixture.ActiveAsync()).Id, CancellationToken.None);
        var window = StressWindow.Parse("2021-01-10..2021-01-12");
        var assumptions = StressAssumptions.Create(5_000_000, [new("BTC", 1e-9)], 2e-9, 20);

        var first = await fixture.Analysis.StressAsync(inputs, window, assumptions, null, CancellationToken.None);
        var second = await fixture.Analysis.StressAsync(inputs, window, assumptions, null, CancellationToken.None);
        var stored = await fixture.Get<IResultStore>().FindAsync(first.Key, CancellationToken.None);

        Assert.False(first.FromStore);
        Assert.True(second.FromStore);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.ResultHash, second.ResultHash);
        Assert.NotNull(stored);
        Assert.Equal(ProposalRiskAnalysis.StressKind, stored.Kind);
        Assert.Equal(Hash32.Keccak(Encoding.UTF8.GetBytes(stored.ResultJson)), stored.ResultHash);
        Assert.Equal(5_000_000, second.View.Current.Totals.InsuranceFund);
        Assert.Contains("--window 2021-01-10..2021-01-12 --assumptions assumptions.json", second.Command, StringComparison.Ordinal);
        // Another assumption is another key.
        var other = StressAssumptions.Create(6_000_000, [new("BTC", 1e-9)], 2e-9, 20);
        var history = await fixture.Analysis.HistorySourceAsync(CancellationToken.None);
        Assert.NotEqual(first.Key, ProposalRiskAnalysis.StressKey(inputs, window, other, history.Hash));
        Assert.Equal("database", history.Source);
    }

    [Fact]
    public async Task Backtest_ReferencePortfolios_KupiecEqualsCoverageTestsOnCountedExceptions()
    {
        var inputs = await fixture.Analysis.LoadInputsAsync((await fixture.ActiveAsync()).Id, CancellationToken.None);
        var outcome = await fixture.Analysis.BacktestAsync(inputs, HistorySide.Proposed, onBook: false, null, CancellationToken.None);
        var view = outcome.View;

        Assert.Equal(6, view.Portfolios.Count);
        Assert.True(view.DateCount > 1000, $"{view.DateCount} dates tested");
        Assert.Equal(0.01, view.ExpectedExceptionRate, 12);
        foreach (var p in view.Portfolios)
        {
            var x = p.ExceptionDates.Count;
            var kupiec = CoverageTests.Kupiec(p.Observations, x, view.ExpectedExceptionRate);
            Assert.Equal(x, p.Exceptions);
            Assert.Equal(view.DateCount, p.Observations);
            Assert.Equal(kupiec.LikelihoodRatio, p.Kupiec.LikelihoodRatio, 12);
            Assert.Equal(kupiec.PValue, p.Kupiec.PValue, 12);
            var zone = CoverageTests.Zone(p.Observations, x, view.ExpectedExceptionRate).ToString().ToLowerInvariant();
            Assert.Equal(zone, p.TrafficLight);
        }

        Assert.Contains("riskgov backtest --params proposed.json --from 2019-01-01 --to 2024-12-31", outcome.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_CancelledWhileRunning_StoresNothing()
    {
        var analysis = fixture.Analysis;
        var inputs = await analysis.LoadInputsAsync((await fixture.ActiveAsync()).Id, CancellationToken.None);
        var history = await analysis.HistorySourceAsync(CancellationToken.None);
        var key = ProposalRiskAnalysis.BacktestKey(inputs, HistorySide.Current, onBook: true, history.Hash);
        var reports = 0;
        var progress = new SynchronousProgress(p =>
        {
            // Cancel for every viewer as soon as the backtest has started counting days.
            if (p.Stage.Contains("backtest", StringComparison.Ordinal) && Interlocked.Increment(ref reports) == 1)
            {
                analysis.Jobs.Cancel(key);
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            analysis.BacktestAsync(inputs, HistorySide.Current, onBook: true, progress, CancellationToken.None));

        // The job left the registry before its completion ended.
        Assert.Null(analysis.Jobs.Find(key));
        Assert.Null(await fixture.Get<IResultStore>().FindAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task LoadInputs_ExecutedProposal_ComparesWithTheVersionItReplaced()
    {
        var executed = await fixture.ProposalAsync(DemoSeeder.ExecutedTitle);
        var inputs = await fixture.Analysis.LoadInputsAsync(executed.Id, CancellationToken.None);

        Assert.Equal(1, inputs.CurrentVersion);
        Assert.Equal(executed.BaseParamsHash, inputs.CurrentHash);
        Assert.Equal(executed.ParamsHash, inputs.ProposedHash);
        Assert.Contains("replaced", inputs.CurrentNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadInputs_UnknownProposal_NamesTheProposalField()
    {
        var error = await Assert.ThrowsAsync<InputValidationException>(() =>
            fixture.Analysis.LoadInputsAsync(Hash32.Keccak("no such proposal"), CancellationToken.None));

        Assert.Equal("proposal", Assert.Single(error.Errors).Field);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public async Task Estimate_LambdaOutOfRange_NamesLambdaAndStoresNothing(double lambda)
    {
        var inputs = await fixture.Analysis.LoadInputsAsync((await fixture.ActiveAsync()).Id, CancellationToken.None);
        var history = await fixture.Analysis.HistorySourceAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InputValidationException>(() => fixture.Analysis.EstimateAsync(inputs, lambda, null, CancellationToken.None));

        Assert.Equal("lambda", Assert.Single(error.Errors).Field);
        Assert.Null(await fixture.Get<IResultStore>().FindAsync(ProposalRiskAnalysis.EstimateKey(inputs, lambda, history.Hash), CancellationToken.None));
    }

    [Fact]
    public async Task Estimate_AsOfSnapshotDate_ComparesEveryRiskyAssetWithTheProposal()
    {
        var inputs = await fixture.Analysis.LoadInputsAsync((await fixture.ActiveAsync()).Id, CancellationToken.None);
        var outcome = await fixture.Analysis.EstimateAsync(inputs, 0.97, null, CancellationToken.None);

        Assert.Equal(inputs.AsOf, outcome.View.AsOf);
        Assert.Equal(0.97, outcome.View.Lambda);
        Assert.Equal(inputs.Proposed.RiskyAssets, outcome.View.Comparison.Assets.Select(a => a.Asset));
        var solBtc = outcome.View.Comparison.Pairs.Single(p => p.First == "BTC" && p.Second == "SOL");
        var i = inputs.Proposed.RiskyAssets.ToList();
        Assert.Equal(inputs.Proposed.Correlation[i.IndexOf("BTC"), i.IndexOf("SOL")], solBtc.Proposed, 12);
    }

    [Fact]
    public async Task InputFiles_ActiveProposal_HaveTheHashesShownAndReproduceTheStoredStress()
    {
        var proposal = await fixture.ActiveAsync();
        var inputs = await fixture.Analysis.LoadInputsAsync(proposal.Id, CancellationToken.None);
        var client = fixture.Portal.CreateClient();
        async Task<byte[]> Get(string file) =>
            await client.GetByteArrayAsync(new Uri($"/proposals/{proposal.Id}/history/inputs/{file}", UriKind.Relative));

        var market = await Get("market.json");
        var book = await Get("book.json");
        var current = ParameterSetJson.Read(await Get("current.json"));
        var proposed = ParameterSetJson.Read(await Get("proposed.json"));

        Assert.Equal(inputs.MarketHash, Hash32.Keccak(market));
        Assert.Equal(inputs.BookHash, Hash32.Keccak(book));
        Assert.Equal(inputs.CurrentHash, Governance.Registry.OnChainParameterCodec.ParamsHash(current));
        Assert.Equal(proposal.ParamsHash, Governance.Registry.OnChainParameterCodec.ParamsHash(proposed));
        // What `riskgov stress` does with these files gives the stored result hash.
        var shown = await fixture.Analysis.StressAsync(inputs, StressWindow.May2021, StressAssumptions.Default, null, CancellationToken.None);
        var marketSnapshot = MarketSnapshotJson.Read(market);
        var move = MarketMove.FromHistory(StressWindow.May2021, current.RiskyAssets.Union(proposed.RiskyAssets).ToArray(),
            Engine.MarketData.MarketDataset.LoadDailyCloses(), Engine.MarketData.MarketDataset.LoadDvolCloses(), proxy: marketSnapshot);
        var rerun = new StressEngine().Run(StressInputs.Create(marketSnapshot, BookJson.Read(book), current, proposed, move, StressAssumptions.Default));
        Assert.Equal(shown.ResultHash, Hash32.Keccak(ProposalRiskAnalysis.Compact(w => StressResultJson.Write(w, rerun))));
    }

    [Theory]
    [InlineData("0x97", "market.json", 400, "proposal:")]
    [InlineData(null, "secrets.json", 404, "file: must be one of market.json")]
    public async Task InputFiles_BadRequest_NamesTheField(string? id, string file, int status, string message)
    {
        var proposal = await fixture.ActiveAsync();
        var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync(new Uri($"/proposals/{id ?? proposal.Id.ToString()}/history/inputs/{file}", UriKind.Relative));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    private sealed class SynchronousProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
