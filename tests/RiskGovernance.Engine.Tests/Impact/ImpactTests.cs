using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;
using RiskGovernance.Engine.Validation;
using static RiskGovernance.Engine.Tests.Methods.MarginTestInputs;

namespace RiskGovernance.Engine.Tests.Impact;

public class ImpactTests
{
    private const double Tolerance = 1e-9;
    private const double Btc = 20_000;

    /// <summary>Four accounts short 1 BTC perp entered at the spot (equity = USDC), chosen so that a
    /// scan range going from 0.10 (IM 2000, MM 1200, LT 960) to 0.15 (IM 3000, MM 1800, LT 1440)
    /// moves them healthy->healthy, healthy->restricted, restricted->restricted, margin-call->liquidatable.</summary>
    private static readonly double[] Usdc = [5_000, 2_500, 1_900, 1_000];

    private static ParameterSet WithScan(double scanRange) => Params(MarginMethod.Grid, [new("BTC", scanRange)]);

    private static MarginInputs Book(ParameterSet parameters) =>
        Inputs(Market(("BTC", Btc, 0.8), ("USDC", 1, 0)), parameters,
            Usdc.Select((usdc, i) => Account($"a{i}", [("USDC", usdc)], new PerpPosition("BTC", -1, Btc))).ToArray());

    [Fact]
    public void Impact_IdenticalParameterSets_ZeroDeltasAndIdentityTransitions()
    {
        var inputs = Book(WithScan(0.10));

        var impact = new MarginEngine().Impact(inputs, WithScan(0.10));

        Assert.All(impact.Accounts, a => Assert.Equal(0.0, a.DeltaInitialMargin));
        Assert.All(impact.Accounts, a => Assert.Equal(a.CurrentStatus, a.ProposedStatus));
        Assert.Equal(0.0, impact.Totals.ChangeInitialMargin);
        Assert.Equal(0, impact.Totals.StatusWorse);
        Assert.Equal(0, impact.Totals.StatusBetter);
        Assert.Equal(0.0, impact.Totals.CollateralToStayHealthy);
        var counts = impact.Current.Totals.ByStatus;
        for (var from = 0; from < 4; from++)
        {
            for (var to = 0; to < 4; to++)
            {
                Assert.Equal(from == to ? counts[(MarginStatus)from] : 0, impact.Totals.TransitionMatrix[from][to]);
            }
        }
    }

    [Fact]
    public void Impact_TightenedScanRange_MarginUpStatusesWorseCollateralByHand()
    {
        var inputs = Book(WithScan(0.10));

        var impact = new MarginEngine().Impact(inputs, WithScan(0.15));

        Assert.All(impact.Accounts, a => Assert.Equal(1_000.0, a.DeltaInitialMargin, Tolerance));
        Assert.All(impact.Accounts, a => Assert.True(a.ProposedStatus >= a.CurrentStatus));
        Assert.Equal(
            [MarginStatus.Healthy, MarginStatus.Restricted, MarginStatus.Restricted, MarginStatus.Liquidatable],
            impact.Accounts.Select(a => a.ProposedStatus));
        // Healthy under the current set: max(0, 3000 - 5000) = 0 and max(0, 3000 - 2500) = 500; others 0.
        Assert.Equal([0.0, 500.0, 0.0, 0.0], impact.Accounts.Select(a => Math.Round(a.CollateralToStayHealthy, 9)));
        Assert.Equal(500.0, impact.Totals.CollateralToStayHealthy, Tolerance);
        Assert.Equal(4_000.0, impact.Totals.ChangeInitialMargin, Tolerance);
        Assert.Equal(2, impact.Totals.StatusWorse);
        Assert.Equal(0, impact.Totals.StatusBetter);
        var m = impact.Totals.TransitionMatrix;
        Assert.Equal(1, m[(int)MarginStatus.Healthy][(int)MarginStatus.Healthy]);
        Assert.Equal(1, m[(int)MarginStatus.Healthy][(int)MarginStatus.Restricted]);
        Assert.Equal(1, m[(int)MarginStatus.Restricted][(int)MarginStatus.Restricted]);
        Assert.Equal(1, m[(int)MarginStatus.MarginCall][(int)MarginStatus.Liquidatable]);
        Assert.Equal(4, m.Sum(row => row.Sum()));
    }

    [Fact]
    public void Impact_LoosenedScanRange_CountsBetterAndNeedsNoCollateral()
    {
        var inputs = Book(WithScan(0.15));

        var impact = new MarginEngine().Impact(inputs, WithScan(0.10));

        Assert.Equal(2, impact.Totals.StatusBetter);
        Assert.Equal(0, impact.Totals.StatusWorse);
        Assert.Equal(-4_000.0, impact.Totals.ChangeInitialMargin, Tolerance);
        Assert.Equal(0.0, impact.Totals.CollateralToStayHealthy);
    }

    [Fact]
    public void Impact_ProposedSetMissingFromMarket_ThrowsValidationNamingTheAsset()
    {
        var inputs = Book(WithScan(0.10));
        var proposed = Params(MarginMethod.Grid, [new("BTC", 0.1), new("DOGE", 0.3)]);

        var error = Assert.Throws<InputValidationException>(() => new MarginEngine().Impact(inputs, proposed));

        Assert.Contains(error.Errors, e => e.Field == "params.assets.DOGE");
    }

    [Fact]
    public void Margin_MonteCarloWithProgress_ReportsUpToOne()
    {
        var parameters = Params(MarginMethod.MonteCarlo, [new("BTC")], simulation: SimulationSettings(scenarios: 500));
        var inputs = Inputs(Market(("BTC", Btc, 0.8)),
            parameters, Enumerable.Range(0, 200).Select(i => Account($"p{i}", new PerpPosition("BTC", i - 100, Btc))).ToArray());
        var reports = new List<MarginProgress>();
        var progress = new SynchronousProgress(reports);

        new MarginEngine(new MarginEngineOptions(1)).Margin(inputs, progress);

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.InRange(r.Fraction, 0.0, 1.0));
        Assert.Equal(1.0, reports[^1].Fraction, 1e-12);
        Assert.Equal("montecarlo", reports[^1].Stage);
    }

    [Fact]
    public void Margin_CancelledToken_ThrowsOperationCanceled()
    {
        var inputs = Book(WithScan(0.10));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new MarginEngine().Margin(inputs, ct: cts.Token));
    }

    [Fact]
    public void Margin_CancelledDuringRun_ThrowsOperationCanceled()
    {
        var parameters = Params(MarginMethod.MonteCarlo, [new("BTC")], simulation: SimulationSettings(scenarios: 500));
        var inputs = Inputs(Market(("BTC", Btc, 0.8)),
            parameters, Enumerable.Range(0, 2_000).Select(i => Account($"p{i}", new PerpPosition("BTC", i - 1_000, Btc))).ToArray());
        using var cts = new CancellationTokenSource();
        var reports = new List<MarginProgress>();
        var progress = new CancellingProgress(cts, reports);

        Assert.ThrowsAny<OperationCanceledException>(() => new MarginEngine(new MarginEngineOptions(1)).Margin(inputs, progress, cts.Token));
        Assert.NotEmpty(reports);
        Assert.True(reports[^1].Fraction < 1.0);
    }

    private sealed class CancellingProgress(CancellationTokenSource cts, List<MarginProgress> reports) : IProgress<MarginProgress>
    {
        public void Report(MarginProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
            cts.Cancel();
        }
    }

    private sealed class SynchronousProgress(List<MarginProgress> reports) : IProgress<MarginProgress>
    {
        public void Report(MarginProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
