using Microsoft.AspNetCore.Components;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.RegistryView;

namespace RiskGovernance.Web.Components.Pages.Registry;

/// <summary>
/// The Registry page: a version's on-chain values decoded and compared field by field with the
/// approved set, the hash check, and the registry's own committee, threshold and guardian.
/// </summary>
public sealed partial class RegistryPage : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private RegistryVersionView? _view;
    private IReadOnlyList<long> _versions = [];
    private long _selected;
    private string? _error;

    /// <summary>The version to show (query string <c>?version=N</c>); the current one when absent.</summary>
    [SupplyParameterFromQuery(Name = "version")]
    public long? Version { get; set; }

    [Inject] private RegistryComparisonService Service { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ILogger<RegistryPage> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => LoadAsync(Version);

    private async Task SelectAsync(long version)
    {
        _selected = version;
        Navigation.NavigateTo($"/registry?version={version}", replace: false);
        await Task.CompletedTask;
    }

    private async Task LoadAsync(long? version)
    {
        _error = null;
        try
        {
            _view = await Service.GetAsync(version, _cancel.Token);
            _selected = _view.OnChain.Version;
            _versions = [.. Enumerable.Range(1, (int)_view.Governance.CurrentVersion).Select(v => (long)v).Reverse()];
        }
        catch (InputValidationException e)
        {
            _view = null;
            _error = string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}"));
        }
        catch (Exception e) when (ChainErrors.IsChainError(e))
        {
            Logger.LogWarning(e, "Registry page: the registry could not be read.");
            _view = null;
            _error = $"The registry could not be read from the chain: {e.Message}";
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The page was left.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
