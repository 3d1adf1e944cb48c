using RiskGovernance.Engine.Stress;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The state of one stress window in the panels: running, done or failed.</summary>
/// <param name="window">The window replayed.</param>
/// <param name="run">Its replay on the page (none for a result shown as it is).</param>
public sealed class StressEntry(StressWindow window, PanelRun? run = null)
{
    /// <summary>The window replayed.</summary>
    public StressWindow Window { get; } = window;

    /// <summary>Its replay on the page.</summary>
    public PanelRun? Run { get; } = run;

    /// <summary>The stored result, once there.</summary>
    public HistoryOutcome<StressView>? Outcome { get; set; }

    /// <summary>The closes around the window, normalised to 100.</summary>
    public PricePaths? Paths { get; set; }

    /// <summary>Why it could not be computed (field-named).</summary>
    public string? Error => Run?.Error;

    /// <summary>The latest progress while running.</summary>
    public JobProgress? Progress => Run?.Progress;

    /// <summary>Neither done nor failed.</summary>
    public bool Running => Outcome is null && Error is null;

    /// <summary>"FTX 2022 (2022-11-07..2022-11-09)".</summary>
    public string Title => $"{Window.Name} ({HistoryFormat.Date(Window.Start)}..{HistoryFormat.Date(Window.End)})";
}
