using System.Globalization;
using Microsoft.AspNetCore.Components;
using RiskGovernance.Web.BookRisk;

namespace RiskGovernance.Web.Components.Pages.BookRisk;

/// <summary>The Book risk page: headline VaR and ES, liquidations at risk, margin by asset, top accounts, health over time.</summary>
public partial class BookRiskPage
{
    private readonly CancellationTokenSource _leaving = new();
    private BookRiskRun? _run;
    private BookRiskReport? _report;
    private IReadOnlyList<BookHealthPoint>? _history;
    private int _historyDone;
    private int _historyTotal;
    private bool _none;
    private string? _error;
    private string? _historyError;

    [Inject] private BookRiskService Risk { get; set; } = default!;

    private static IReadOnlyList<string> ShockLabels { get; } = BookRiskCalculator.Shocks.Select(s => (s * 100).ToString("+0;-0;0", CultureInfo.InvariantCulture) + "%").ToArray();

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only once interactive (never while prerendering): start or join the shared run, then follow it.
        if (!firstRender)
        {
            return;
        }
        try
        {
            _run = await Risk.StartAsync(_leaving.Token);
            _none = _run is null;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e)
        {
            _error = "The book risk could not be computed: " + e.Message;
        }
        StateHasChanged();
        if (_run is not null)
        {
            _ = HistoryAsync();
            await WatchAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
    }

    private async Task WatchAsync()
    {
        if (_run is null)
        {
            return;
        }
        try
        {
            // Redraws the progress bar until the shared run completes (it goes on when the page is left).
            while (!_run.Report.IsCompleted)
            {
                await Task.WhenAny(_run.Report, Task.Delay(TimeSpan.FromMilliseconds(400), _leaving.Token));
                await InvokeAsync(StateHasChanged);
            }
            _report = await _run.Report;
            await InvokeAsync(StateHasChanged);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e)
        {
            _report = null;
            _error = "The book risk could not be computed or shown: " + e.Message;
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task HistoryAsync()
    {
        try
        {
            var progress = new Progress<(int Done, int Total)>(p =>
            {
                (_historyDone, _historyTotal) = p;
                _ = InvokeAsync(StateHasChanged);
            });
            _history = await Risk.HistoryAsync(BookRiskService.MaxHistory, progress, _leaving.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e)
        {
            _historyError = "The book's history could not be computed: " + e.Message;
        }
        await InvokeAsync(StateHasChanged);
    }

    private static string Plural(int count, string noun) => count.ToString("N0", CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static string ShockKey(double shock) => ((int)Math.Round(shock * 100)).ToString(CultureInfo.InvariantCulture);

    private static double Share(double part, double total) => total > 0 ? part / total : 0;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
