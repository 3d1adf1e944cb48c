using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Primitives;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// The history panels of one parameter proposal. Loads the inputs, replays the three named windows,
/// runs the backtest of both sets and the EWMA estimate (each from the result store when already
/// computed), each panel through its <see cref="PanelRun"/>. Leaving the page stops waiting for every
/// computation (a computation nobody else waits for is cancelled and stores nothing).
/// </summary>
public sealed partial class ProposalHistoryPanels : ComponentBase, IDisposable
{
    private const string BacktestCancelled = "Cancelled: nothing was stored. Switch the book option or reload the page to run it again.";

    private readonly CancellationTokenSource _lifetime = new();
    private ProposalHistoryInputs? _inputs;
    private string? _loadError;
    private string? _loadedFor;
    private string _historySource = "";
    private IReadOnlyList<string> _impactAssets = [];
    private StressReplays? _stress;
    private PanelRun _backtest = null!;
    private HistoryOutcome<BacktestView>? _backtestCurrent;
    private HistoryOutcome<BacktestView>? _backtestProposed;
    private bool _onBook;
    private PanelRun _estimation = null!;
    private HistoryOutcome<EstimateView>? _estimate;

    /// <summary>The proposal id (0x hex).</summary>
    [Parameter, EditorRequired]
    public required string ProposalId { get; set; }

    [Inject]
    private ProposalRiskAnalysis Analysis { get; set; } = null!;

    private bool Ready => _stress is { Running: false } && _backtest.Done && _estimation.Done;

    /// <inheritdoc />
    public void Dispose()
    {
        // Not disposed: computations still running observe the cancelled token.
        _lifetime.Cancel();
        _stress?.Dispose();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _backtest = NewRun(BacktestCancelled);
        _estimation = NewRun();
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == ProposalId)
        {
            return;
        }

        _loadedFor = ProposalId;
        var ct = _lifetime.Token;
        try
        {
            var id = Hash32.Parse(ProposalId, "proposal");
            _inputs = await Analysis.LoadInputsAsync(id, ct);
            _historySource = (await Analysis.HistorySourceAsync(ct)).Source switch
            {
                "database" => "the MarketHistory table",
                _ => "the data embedded in the engine (the MarketHistory table is empty)",
            };
        }
        catch (InputValidationException ex)
        {
            _loadError = PanelRun.Describe(ex);
            return;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            _loadError = $"proposal: '{ProposalId}' is not a proposal id ({ex.Message})";
            return;
        }

        _impactAssets = _inputs.RiskyAssets.Where(a => a is "BTC" or "ETH").ToArray();
        _stress = new StressReplays(Analysis, _inputs, () => NewRun());

        // Prerendering shows the inputs and the progress bars only: the computations start once the
        // circuit is interactive, and each panel fills in as its result arrives.
        if (RendererInfo.IsInteractive)
        {
            _ = Task.WhenAll(_stress.ReplayAllAsync(), RunBacktestAsync(_onBook), EstimateAsync(EwmaEstimator.DefaultLambda));
        }
    }

    private PanelRun NewRun(string cancelled = PanelRun.CancelledText) =>
        new(apply => InvokeAsync(() =>
        {
            apply();
            StateHasChanged();
        }), _lifetime.Token, cancelled);

    private Task RunBacktestAsync(bool onBook)
    {
        var inputs = _inputs!;
        (_onBook, _backtestCurrent, _backtestProposed) = (onBook, null, null);
        return _backtest.RunAsync(async (progress, ct) =>
        {
            _backtestCurrent = await Analysis.BacktestAsync(inputs, HistorySide.Current, onBook, progress, ct);
            await InvokeAsync(StateHasChanged);
            _backtestProposed = await Analysis.BacktestAsync(inputs, HistorySide.Proposed, onBook, progress, ct);
        });
    }

    private Task EstimateAsync(double lambda)
    {
        var inputs = _inputs!;
        return _estimation.RunAsync(async (_, ct) => _estimate = await Analysis.EstimateAsync(inputs, lambda, null, ct));
    }
}
