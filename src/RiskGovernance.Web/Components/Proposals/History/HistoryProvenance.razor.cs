using Microsoft.AspNetCore.Components;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The reproducibility of one stored result: its key, result hash, whether it came from the store, and the command line.</summary>
public sealed partial class HistoryProvenance : ComponentBase
{
    /// <summary>What the result is ("FTX 2022 replay").</summary>
    [Parameter, EditorRequired] public required string Label { get; set; }

    /// <summary>The store key.</summary>
    [Parameter, EditorRequired] public required string Key { get; set; }

    /// <summary>keccak of the compact result JSON.</summary>
    [Parameter, EditorRequired] public required string ResultHash { get; set; }

    /// <summary>Whether it was already stored.</summary>
    [Parameter] public bool FromStore { get; set; }

    /// <summary>Computation time.</summary>
    [Parameter] public TimeSpan Elapsed { get; set; }

    /// <summary>When it was computed.</summary>
    [Parameter] public DateTimeOffset ComputedAt { get; set; }

    /// <summary>The riskgov command line.</summary>
    [Parameter, EditorRequired] public required string Command { get; set; }

    /// <summary>data-testid of the block.</summary>
    [Parameter] public string TestId { get; set; } = "history-provenance";
}
