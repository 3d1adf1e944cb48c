using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Stress;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>Shows the stress assumptions the windows are replayed under and lets the reader change them.</summary>
public sealed partial class StressAssumptionsEditor : ComponentBase
{
    /// <summary>The assumptions the windows are replayed under now.</summary>
    [Parameter, EditorRequired] public required StressAssumptions Assumptions { get; set; }

    /// <summary>The assets with a price impact field of their own.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<string> ImpactAssets { get; set; }

    /// <summary>Replays every window with the assumptions typed (called only when they are valid).</summary>
    [Parameter] public EventCallback<StressAssumptions> OnApply { get; set; }

    private StressAssumptionsForm Form { get; set; } = null!;

    /// <inheritdoc />
    protected override void OnInitialized() => Form = new StressAssumptionsForm(Assumptions, ImpactAssets);

    private Task ApplyAsync() => Form.TryCreate() is { } assumptions ? OnApply.InvokeAsync(assumptions) : Task.CompletedTask;
}
