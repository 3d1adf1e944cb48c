using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// The stress windows of a proposal's history panels (the stress, cascade and correlation tabs show
/// them): the named windows and the ones the reader adds, each replayed under the current assumptions.
/// </summary>
/// <param name="analysis">Computes the replays.</param>
/// <param name="inputs">The proposal's inputs.</param>
/// <param name="newRun">A new run on the page, one per window.</param>
public sealed class StressReplays(ProposalRiskAnalysis analysis, ProposalHistoryInputs inputs, Func<PanelRun> newRun) : IDisposable
{
    /// <summary>Days of closes shown either side of a window.</summary>
    public const int PathPadDays = 7;

    private readonly List<StressEntry> _entries = [.. StressWindow.Presets.Select(w => new StressEntry(w, newRun()))];

    /// <summary>The windows, in the order replayed.</summary>
    public IReadOnlyList<StressEntry> Entries => _entries;

    /// <summary>The assumptions the windows are replayed under.</summary>
    public StressAssumptions Assumptions { get; private set; } = StressAssumptions.Default;

    /// <summary>Why the last window typed was refused, if it was.</summary>
    public string? WindowError { get; private set; }

    /// <summary>Whether a window is still being replayed.</summary>
    public bool Running => _entries.Any(e => e.Running);

    /// <summary>The first replay done (its correlation stress is at the snapshot: any window's is the same).</summary>
    public StressView? FirstDone => _entries.FirstOrDefault(e => e.Outcome is not null)?.Outcome?.View;

    /// <summary>Replays every window, one after the other.</summary>
    public async Task ReplayAllAsync()
    {
        foreach (var entry in _entries.ToArray())
        {
            await ReplayAsync(entry);
        }
    }

    /// <summary>Adds the window typed (a preset name or START..END) and replays it; a refused one sets <see cref="WindowError"/>.</summary>
    public async Task AddWindowAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WindowError = null;
        StressWindow window;
        try
        {
            window = StressWindow.Parse(text.Trim(), "window");
        }
        catch (InputValidationException ex)
        {
            WindowError = string.Join("; ", ex.Errors.Select(e => e.Message));
            return;
        }

        if (_entries.Any(e => e.Window == window))
        {
            WindowError = $"{ProposalRiskAnalysis.WindowArgument(window)} is already replayed below";
            return;
        }

        var entry = new StressEntry(window, newRun());
        _entries.Add(entry);
        await ReplayAsync(entry);
    }

    /// <summary>Replays every window again under <paramref name="assumptions"/> (the replays under the old ones stop being waited for).</summary>
    public Task ApplyAsync(StressAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(assumptions);
        Assumptions = assumptions;
        var windows = _entries.Select(e => e.Window).ToArray();
        RetireAll();
        _entries.AddRange(windows.Select(w => new StressEntry(w, newRun())));
        return ReplayAllAsync();
    }

    /// <inheritdoc />
    public void Dispose() => RetireAll();

    private void RetireAll()
    {
        foreach (var entry in _entries)
        {
            entry.Run?.Dispose();
        }

        _entries.Clear();
    }

    private Task ReplayAsync(StressEntry entry)
    {
        var assumptions = Assumptions;
        return entry.Run!.RunAsync(async (progress, ct) =>
        {
            entry.Paths = await analysis.PricePathsAsync(entry.Window, StressPanel.MainAssets, PathPadDays, ct);
            entry.Outcome = await analysis.StressAsync(inputs, entry.Window, assumptions, progress, ct);
        });
    }
}
