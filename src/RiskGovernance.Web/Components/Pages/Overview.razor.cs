using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.RegistryView;

namespace RiskGovernance.Web.Components.Pages;

/// <summary>The overview: ratified set and registry version, book health, open proposals, executions, committee.</summary>
public sealed partial class Overview : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private OverviewSnapshot? _snapshot;
    private BookHealth? _health;
    private bool _healthLoading = true;
    private string? _healthError;
    private string? _error;

    [Inject] private OverviewService Service { get; set; } = default!;

    [Inject] private BookHealthService BookHealth { get; set; } = default!;

    [Inject] private ILogger<Overview> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        try
        {
            _snapshot = await Service.GetAsync(_cancel.Token);
        }
        catch (InputValidationException e)
        {
            _error = "The ratified parameter set could not be read: " + string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}"));
            return;
        }

        // The margin run may take a while the first time: only once the circuit is interactive.
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        try
        {
            _health = await BookHealth.GetAsync(_cancel.Token);
        }
        catch (InputValidationException e)
        {
            _healthError = "The book could not be margined: " + string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}"));
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            Logger.LogError(e, "Overview: book health failed.");
            _healthError = "The book's health could not be computed; the error is in the server log.";
        }

        _healthLoading = false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
