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

/// <summary>The history services on the real portal: the stress replay's loss, equity and bad debt
/// against a revaluation of the stored book worked out in this file, the rest of the replay against
/// the stress engine run on the stored inputs, the result store, the backtest's coverage tests,
/// cancellation and bad input.</summary>
public sealed class ProposalRiskAnalysisTests(HistoryPortalFixture fixture) : IClassFixture<HistoryPortalFixture>
{
    /// <summary>The service stores the engine's own numbers: the same run gives the same doubles up to JSON round-trip.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// The hand revaluation prices options with its own normal distribution (Hart's algorithm, about
    /// 1e-15 absolute) and Math.Log: the totals agree with the engine's to this fraction of the
    /// book's gross value.
    /// </summary>
    private const double RevaluationTolerance = 1e-9;

    /// <summary>
    /// The FTX replay's loss, equity before and after, wiped-out accounts, bad debt and shortfall,
    /// under the ratified and the proposed set, equal a revaluation of the stored book written here
    /// from the definitions (StressWindow, MarketMove, METHODOLOGY.md sections 1-2), not with the
    /// engine: each risky asset moves by close(End) / close(Start - 1) - 1 of the stored closes and
    /// its volatility by its DVOL ratio (BTC's when it has none); options age by the window's days
    /// and are priced by Black-Scholes here; loss is the mark-to-market change without haircuts,
    /// equity takes each side's haircuts.
    /// </summary>
    [Fact]
    public async Task Stress_DemoActiveProposal_LossEquityAndBadDebtEqualAHandRevaluationOfTheStoredBook()
    {
        var window = StressWindow.Ftx2022;
        var proposal = await fixture.ActiveAsync();
        var inputs = await fixture.Analysis.LoadInputsAsync(proposal.Id, CancellationToken.None);
        var shown = await fixture.Analysis.StressAsync(inputs, window, StressAssumptions.Default, null, CancellationToken.None);
        var snapshot = (await fixture.Get<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await fixture.Get<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var store = fixture.Get<SqliteMarketHistoryStore>();
        var closes = (await store.ReadAsync(MarketHistorySeries.Close, CancellationToken.None))!;
        var dvol = (await store.ReadAsync(MarketHistorySeries.Dvol, CancellationToken.None))!;
        var market = MarketSnapshotJson.Read(snapshot.MarketJson);
        var book = snapshot.Book;
        var currentHaircuts = HandRevaluation.Haircuts(ratified.ParamsJson);
        var proposedHaircuts = HandRevaluation.Haircuts(proposal.ParamsJson!);
        Assert.Contains(book.Accounts, a => a.Positions.Any(x => x is Engine.Model.OptionPosition));

        var moved = HandRevaluation.Move(window, currentHaircuts.Keys.Union(proposedHaircuts.Keys), market, closes, dvol);
        foreach (var m in shown.View.Moves)
        {
            AssertClose(moved[m.Asset].Return, m.Return);
            AssertClose(moved[m.Asset].VolatilityMultiplier, m.VolatilityMultiplier);
        }

        var before = book.Accounts.Select(a => HandRevaluation.Value(a, market, null, ageDays: 0)).ToArray();
        var after = book.Accounts.Select(a => HandRevaluation.Value(a, market, moved, window.Days)).ToArray();
        var gross = before.Concat(after).Sum(Math.Abs);
        var losses = before.Zip(after, (b, a) => b - a).ToArray();
        Assert.Equal(book.Accounts.Count, shown.View.Current.Totals.Accounts);
        foreach (var (side, haircuts) in new[] { (shown.View.Current, currentHaircuts), (shown.View.Proposed!, proposedHaircuts) })
        {
            var equityBefore = book.Accounts.Select(a => HandRevaluation.Value(a, market, null, 0, haircuts)).ToArray();
            var equityAfter = book.Accounts.Select(a => HandRevaluation.Value(a, market, moved, window.Days, haircuts)).ToArray();
            var badDebt = equityAfter.Sum(e => Math.Max(0, -e));
            var totals = side.Totals;
            AssertWithin(losses.Sum(), totals.Loss, gross);
            Assert.Equal(losses.Count(l => l > 0), totals.AccountsWithLoss);
            AssertWithin(equityBefore.Sum(), totals.EquityBefore, gross);
            AssertWithin(equityAfter.Sum(), totals.EquityAfter, gross);
            Assert.Equal(equityAfter.Count(e => e < 0), totals.AccountsWipedOut);
            AssertWithin(badDebt, totals.BadDebt, gross);
            Assert.Equal(StressAssumptions.DefaultInsuranceFund, totals.InsuranceFund);
            AssertWithin(Math.Max(0, badDebt - StressAssumptions.DefaultInsuranceFund), totals.Shortfall, gross);
        }

        // The sets differ in SOL's haircut only where equity is concerned: the loss is the same, the equity is not.
        Assert.Equal(shown.View.Current.Totals.Loss, shown.View.Proposed!.Totals.Loss);
        Assert.NotEqual(shown.View.Current.Totals.EquityBefore, shown.View.Proposed.Totals.EquityBefore);
    }

    /// <summary>
    /// The stored FTX replay is the stress engine's run on the inputs the service loads (the stored
    /// book and market, the ratified and proposed sets, the stored history): the same engine, so
    /// what this checks is the choice of inputs, the stored document and the panel; the numbers
    /// themselves are checked against a hand revaluation above.
    /// </summary>
    [Fact]
    public async Task Stress_DemoActiveProposal_EqualsTheStressEngineOnTheStoredInputsAndThePanelShowsIt()
    {
        var proposal = await fixture.ActiveAsync();
        var inputs = await fixture.Analysis.LoadInputsAsync(proposal.Id, CancellationToken.None);
        var shown = await fixture.Analysis.StressAsync(inputs, StressWindow.Ftx2022, StressAssumptions.Default, null, CancellationToken.None);

        // The engine on the stored book and market, the ratified and proposed sets, the history as stored.
        var snapshot = (await fixture.Get<IBookStore>().GetCurrentAsync(CancellationToken.None))!;
        var ratified = (await fixture.Get<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var store = fixture.Get<SqliteMarketHistoryStore>();
        var closes = (await store.ReadAsync(MarketHistorySeries.Close, CancellationToken.None))!;
        var dvol = await store.ReadAsync(MarketHistorySeries.Dvol, CancellationToken.None);
        var market = MarketSnapshotJson.Read(snapshot.MarketJson);
        var book = snapshot.Book;
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
        // The whole document: the result hash is keccak of the engine's compact JSON of that run.
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

    private static void AssertWithin(double expected, double actual, double scale) =>
        Assert.True(Math.Abs(expected - actual) <= RevaluationTolerance * scale, $"expected {expected:R}, got {actual:R} (scale {scale:R})");

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    private sealed class SynchronousProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }

    /// <summary>
    /// The replay's revaluation written from its definitions, without the engine: the window's move
    /// per asset, the value of an account (collateral, perps, Black-Scholes options with zero rates)
    /// with or without haircuts, and the normal distribution (Hart 1968, as given by West 2005).
    /// </summary>
    private static class HandRevaluation
    {
        /// <summary>The asset whose move stands in for an asset without closes over the window.</summary>
        private const string Proxy = "BTC";

        public static IReadOnlyDictionary<string, double> Haircuts(string paramsJson)
        {
            using var document = System.Text.Json.JsonDocument.Parse(paramsJson);
            return document.RootElement.GetProperty("assets").EnumerateObject()
                .ToDictionary(a => a.Name, a => a.Value.GetProperty("haircut").GetDouble(), StringComparer.Ordinal);
        }

        /// <summary>Per risky asset: close(End) / close(Start - 1) - 1, and DVOL(End) / DVOL(Start - 1)
        /// of the asset, else of BTC; an asset without closes takes BTC's return times the ratio of
        /// the snapshot volatilities (floored at -99 %).</summary>
        public static Dictionary<string, (double Return, double VolatilityMultiplier)> Move(
            StressWindow window, IEnumerable<string> assets, Engine.Model.MarketSnapshot market,
            Engine.History.PriceHistory closes, Engine.History.PriceHistory dvol)
        {
            double? Ratio(Engine.History.PriceHistory series, string asset) =>
                series.TryGetClose(asset, window.BaseDate, out var before) && series.TryGetClose(asset, window.End, out var after) ? after / before : null;
            var proxyReturn = Ratio(closes, Proxy)!.Value - 1;
            var proxyVolatility = Ratio(dvol, Proxy) ?? throw new InvalidOperationException($"no BTC DVOL over {window.Name}: this revaluation covers DVOL windows only");
            return assets.ToDictionary(a => a, a =>
            {
                var multiplier = Ratio(dvol, a) ?? proxyVolatility;
                return Ratio(closes, a) is { } own
                    ? (own - 1, multiplier)
                    : (Math.Max(-0.99, proxyReturn * market[a].Volatility / market[Proxy].Volatility), proxyVolatility);
            }, StringComparer.Ordinal);
        }

        /// <summary>The account's value: collateral amount * S * (1 - haircut), perps q (S - E), options
        /// q V(S, sigma, K, T - ageDays), at the snapshot or after <paramref name="move"/>; no haircuts
        /// when <paramref name="haircuts"/> is null (the mark-to-market).</summary>
        public static double Value(
            Engine.Model.Account account, Engine.Model.MarketSnapshot market, IReadOnlyDictionary<string, (double Return, double VolatilityMultiplier)>? move,
            double ageDays, IReadOnlyDictionary<string, double>? haircuts = null)
        {
            (double Price, double Volatility) Quote(string asset)
            {
                var q = market[asset];
                return move is not null && move.TryGetValue(asset, out var m) ? (q.Price * (1 + m.Return), q.Volatility * m.VolatilityMultiplier) : (q.Price, q.Volatility);
            }

            var value = 0.0;
            foreach (var c in account.Collateral)
            {
                var haircut = haircuts is not null && haircuts.TryGetValue(c.Asset, out var h) ? h : 0;
                value += c.Amount * Quote(c.Asset).Price * (1 - haircut);
            }

            foreach (var position in account.Positions)
            {
                var (price, volatility) = Quote(position.Asset);
                value += position switch
                {
                    Engine.Model.PerpPosition perp => perp.Quantity * (price - perp.EntryPrice),
                    Engine.Model.OptionPosition o => o.Quantity * Option(o.Right == Engine.Model.OptionRight.Call, price, volatility, o.Strike, Math.Max(0, o.ExpiryDays - ageDays)),
                    _ => throw new InvalidOperationException($"unexpected position {position}"),
                };
            }

            return value;
        }

        private static double Option(bool call, double spot, double volatility, double strike, double expiryDays)
        {
            var tau = expiryDays / 365.0;
            if (tau <= 0 || volatility <= 0)
            {
                return call ? Math.Max(spot - strike, 0) : Math.Max(strike - spot, 0);
            }

            var sd = volatility * Math.Sqrt(tau);
            var d1 = (Math.Log(spot / strike) + (volatility * volatility * tau / 2)) / sd;
            var d2 = d1 - sd;
            return call ? (spot * Normal(d1)) - (strike * Normal(d2)) : (strike * Normal(-d2)) - (spot * Normal(-d1));
        }

        /// <summary>The standard normal distribution function (Hart's double-precision algorithm).</summary>
        private static double Normal(double x)
        {
            var z = Math.Abs(x);
            double tail;
            if (z > 37)
            {
                tail = 0;
            }
            else
            {
                var e = Math.Exp(-z * z / 2);
                if (z < 7.07106781186547)
                {
                    var n = (((((((3.52624965998911E-02 * z) + 0.700383064443688) * z + 6.37396220353165) * z + 33.912866078383) * z
                              + 112.079291497871) * z + 221.213596169931) * z) + 220.206867912376;
                    var d = (((((((8.83883476483184E-02 * z) + 1.75566716318264) * z + 16.064177579207) * z + 86.7807322029461) * z
                              + 296.564248779674) * z + 637.333633378831) * z + 793.826512519948) * z + 440.413735824752;
                    tail = e * n / d;
                }
                else
                {
                    tail = e / (z + (1 / (z + (2 / (z + (3 / (z + (4 / (z + 0.65))))))))) / 2.506628274631;
                }
            }

            return x > 0 ? 1 - tail : tail;
        }
    }
}
