using System.Globalization;
using Microsoft.AspNetCore.Components;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// The history panels of one parameter proposal. Loads the inputs, replays the three named windows,
/// runs the backtest of both sets and the EWMA estimate (each from the result store when already
/// computed), and lets the reader add windows, edit the stress assumptions, change lambda and cancel
/// a backtest. Leaving the page stops waiting for every computation (a computation nobody else waits
/// for is cancelled and stores nothing).
/// </summary>
public sealed partial class ProposalHistoryPanels : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<StressEntry> _stress = [];
    private readonly Dictionary<string, string> _impacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _currentScanRanges = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _impactAssets = [];
    private IReadOnlyList<ValidationError> _assumptionErrors = [];
    private ProposalHistoryInputs? _inputs;
    private string? _loadError;
    private string _historySource = "";
    private StressAssumptions _assumptions = StressAssumptions.Default;
    private double _fund = StressAssumptions.Default.InsuranceFund;
    private string _defaultImpact = "";
    private string? _windowError;
    private HistoryOutcome<BacktestView>? _backtestCurrent;
    private HistoryOutcome<BacktestView>? _backtestProposed;
    private bool _backtestRunning;
    private bool _backtestDone;
    private JobProgress? _backtestProgress;
    private string? _backtestError;
    private CancellationTokenSource? _backtestCancellation;
    private bool _onBook;
    private HistoryOutcome<EstimateView>? _estimate;
    private string? _lambdaError;
    private bool _estimateDone;
    private string? _loadedFor;

    /// <summary>The proposal id (0x hex).</summary>
    [Parameter, EditorRequired]
    public required string ProposalId { get; set; }

    [Inject]
    private ProposalRiskAnalysis Analysis { get; set; } = null!;

    private bool Ready => _inputs is not null && _stress.All(e => !e.Running) && _backtestDone && _estimateDone;

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
            _loadError = Describe(ex);
            return;
        }
        catch (FormatException ex)
        {
            _loadError = $"proposal: '{ProposalId}' is not a proposal id ({ex.Message})";
            return;
        }
        catch (ArgumentException ex)
        {
            _loadError = $"proposal: '{ProposalId}' is not a proposal id ({ex.Message})";
            return;
        }

        _impactAssets = _inputs.RiskyAssets.Where(a => a is "BTC" or "ETH").ToArray();
        ResetAssumptionFields(StressAssumptions.Default);
        foreach (var asset in _inputs.Current.RiskyAssets)
        {
            _currentScanRanges[asset] = _inputs.Current.Asset(asset).ScanRange;
        }

        foreach (var window in StressWindow.Presets)
        {
            _stress.Add(new StressEntry(window));
        }

        // Prerendering shows the inputs and the progress bars only: the computations start once the
        // circuit is interactive, and each panel fills in as its result arrives.
        if (RendererInfo.IsInteractive)
        {
            _ = RunAllAsync();
        }
    }

    private Task RunAllAsync() =>
        Task.WhenAll(ReplayAllAsync(), RunBacktestCoreAsync(), EstimateCoreAsync(RiskGovernance.Engine.Estimation.EwmaEstimator.DefaultLambda));

    private async Task ReplayAllAsync()
    {
        foreach (var entry in _stress.ToArray())
        {
            await ReplayAsync(entry);
        }
    }

    private async Task ReplayAsync(StressEntry entry)
    {
        var inputs = _inputs!;
        var assumptions = _assumptions;
        try
        {
            var progress = new UiProgress(this, p => entry.Progress = p);
            entry.Paths = await Analysis.PricePathsAsync(entry.Window, StressPanel.MainAssets, 7, _lifetime.Token);
            entry.Outcome = await Analysis.StressAsync(inputs, entry.Window, assumptions, progress, _lifetime.Token);
        }
        catch (InputValidationException ex)
        {
            entry.Error = Describe(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            entry.Error = Unexpected(ex);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return;
        }

        await InvokeAsync(StateHasChanged);
    }

    private async Task AddWindowAsync(string text)
    {
        _windowError = null;
        StressWindow window;
        try
        {
            window = StressWindow.Parse(text.Trim(), "window");
        }
        catch (InputValidationException ex)
        {
            _windowError = string.Join("; ", ex.Errors.Select(e => e.Message));
            return;
        }

        if (_stress.Any(e => e.Window == window))
        {
            _windowError = $"{ProposalRiskAnalysis.WindowArgument(window)} is already replayed below";
            return;
        }

        var entry = new StressEntry(window);
        _stress.Add(entry);
        await ReplayAsync(entry);
    }

    private async Task ApplyAssumptionsAsync()
    {
        var errors = new List<ValidationError>();
        var impacts = new List<KeyValuePair<string, double>>();
        foreach (var asset in _impactAssets)
        {
            if (ParseSmall(_impacts[asset]) is { } v)
            {
                impacts.Add(new(asset, v));
            }
            else
            {
                errors.Add(new ValidationError($"assumptions.priceImpact.{asset}", "must be a number such as 5e-10"));
            }
        }

        var fallback = ParseSmall(_defaultImpact);
        if (fallback is null)
        {
            errors.Add(new ValidationError("assumptions.defaultPriceImpact", "must be a number such as 3e-9"));
        }

        StressAssumptions? created = null;
        if (errors.Count == 0)
        {
            try
            {
                // The table lists every asset the defaults list, so that no default impact is dropped silently.
                var listed = impacts.Concat(StressAssumptions.Default.PriceImpact.Where(p => !_impactAssets.Contains(p.Key)));
                created = StressAssumptions.Create(_fund, listed, fallback!.Value, StressAssumptions.Default.MaxCascadeRounds);
            }
            catch (InputValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        _assumptionErrors = errors;
        if (created is null)
        {
            return;
        }

        _assumptions = created;
        var windows = _stress.Select(e => e.Window).ToArray();
        _stress.Clear();
        _stress.AddRange(windows.Select(w => new StressEntry(w)));
        await ReplayAllAsync();
    }

    private Task RunBacktestAsync(bool onBook)
    {
        _onBook = onBook;
        return RunBacktestCoreAsync();
    }

    private async Task RunBacktestCoreAsync()
    {
        var inputs = _inputs!;
        _backtestCancellation?.Dispose();
        _backtestCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var ct = _backtestCancellation.Token;
        (_backtestRunning, _backtestError, _backtestCurrent, _backtestProposed, _backtestProgress) = (true, null, null, null, null);
        var progress = new UiProgress(this, p => _backtestProgress = p);
        try
        {
            _backtestCurrent = await Analysis.BacktestAsync(inputs, HistorySide.Current, _onBook, progress, ct);
            await InvokeAsync(StateHasChanged);
            _backtestProposed = await Analysis.BacktestAsync(inputs, HistorySide.Proposed, _onBook, progress, ct);
        }
        catch (InputValidationException ex)
        {
            _backtestError = Describe(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _backtestError = Unexpected(ex);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            _backtestError = "Cancelled: nothing was stored. Switch the book option or reload the page to run it again.";
        }
        finally
        {
            _backtestRunning = false;
            _backtestDone = true;
        }

        await InvokeAsync(StateHasChanged);
    }

    private void CancelBacktest() => _backtestCancellation?.Cancel();

    private async Task EstimateAsync(double lambda) => await EstimateCoreAsync(lambda);

    private async Task EstimateCoreAsync(double lambda)
    {
        _lambdaError = null;
        try
        {
            _estimate = await Analysis.EstimateAsync(_inputs!, lambda, null, _lifetime.Token);
        }
        catch (InputValidationException ex)
        {
            _lambdaError = Describe(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _lambdaError = Unexpected(ex);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _estimateDone = true;
        }

        await InvokeAsync(StateHasChanged);
    }

    private double? CurrentCorrelation(string first, string second)
    {
        var assets = _inputs!.Current.RiskyAssets;
        var (i, j) = (IndexOf(assets, first), IndexOf(assets, second));
        return i < 0 || j < 0 ? null : _inputs.Current.Correlation[i, j];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private void ResetAssumptionFields(StressAssumptions a)
    {
        _fund = a.InsuranceFund;
        foreach (var asset in _impactAssets)
        {
            _impacts[asset] = a.ImpactOf(asset).ToString("R", CultureInfo.InvariantCulture);
        }

        _defaultImpact = a.DefaultPriceImpact.ToString("R", CultureInfo.InvariantCulture);
    }

    private string ImpactSummary() =>
        string.Join(", ", _assumptions.PriceImpact.Select(p => $"{p.Key} {HistoryFormat.Small(p.Value)}")
            .Append($"others {HistoryFormat.Small(_assumptions.DefaultPriceImpact)}")) + " per USD";

    private string? Error(string field)
    {
        var messages = _assumptionErrors.Where(e => e.Field == field).Select(e => e.Message).ToArray();
        return messages.Length == 0 ? null : string.Join("; ", messages);
    }

    private static double? ParseSmall(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Unexpected(Exception ex) => $"The computation failed ({ex.GetType().Name}): {ex.Message}";

    private static string Describe(InputValidationException ex) => string.Join("; ", ex.Errors.Select(e => $"{e.Field}: {e.Message}"));

    /// <inheritdoc />
    public void Dispose()
    {
        // Not disposed: computations still running observe the cancelled token.
        _lifetime.Cancel();
    }

    /// <summary>Applies progress on the renderer's thread and re-renders.</summary>
    private sealed class UiProgress(ProposalHistoryPanels owner, Action<JobProgress> apply) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => _ = owner.InvokeAsync(() =>
        {
            apply(value);
            owner.StateHasChanged();
        });
    }
}
