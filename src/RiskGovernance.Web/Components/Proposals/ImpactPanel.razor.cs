using Microsoft.AspNetCore.Components;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Components.Proposals;

/// <summary>
/// Shows the impact of a proposal: a stored result at once, or it joins (or starts) the shared job
/// computing it and follows its progress. The job goes on when the viewer leaves; only the viewer who
/// started it may cancel it, and a cancelled job stores nothing.
/// </summary>
public partial class ImpactPanel : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private CancellationTokenSource? _following;

    [Inject] private ImpactSimulations Simulations { get; set; } = null!;

    /// <summary>The proposal.</summary>
    [Parameter, EditorRequired] public Proposal Proposal { get; set; } = null!;

    /// <summary>Who this viewer is for the job registry (address or session id).</summary>
    [Parameter, EditorRequired] public string Owner { get; set; } = "";

    /// <summary>The resolved inputs.</summary>
    public ImpactSimulationInputs? Inputs { get; private set; }

    /// <summary>The running job followed, if any.</summary>
    public SharedJob<StoredResult>? Job { get; private set; }

    /// <summary>The finished impact.</summary>
    public ImpactOutcome? Outcome { get; private set; }

    /// <summary>Why there is no impact (a membership proposal, no book...).</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Why the last run stopped (cancelled or failed).</summary>
    public string? Stopped { get; private set; }

    private bool CanCancel => Job is { } j && j.MayCancel(Owner) && !j.IsCancellationRequested;

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        Unavailable = null;
        var ct = _lifetime.Token;
        try
        {
            var inputs = await Simulations.ResolveInputsAsync(Proposal, ct);
            if (Inputs?.Key == inputs.Key && (Outcome is not null || Job is not null || Stopped is not null))
            {
                // Same inputs: keep what is shown, refresh the comparison with the (maybe newly attached) record.
                if (Outcome is { } o)
                {
                    Outcome = Simulations.Outcome(inputs, o.Stored, Proposal.Simulation, o.FromStore);
                }

                return;
            }

            Inputs = inputs;
            Outcome = await Simulations.FindStoredAsync(inputs, Proposal.Simulation, ct);
            if (Outcome is null && Simulations.Jobs.Find(inputs.Key) is { } running)
            {
                Follow(running);
            }
            else if (Outcome is null && RendererInfo.IsInteractive)
            {
                // Not while prerendering: the interactive circuit that follows is the viewer who may cancel.
                Follow(Simulations.Start(inputs, Owner));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer left.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unavailable = ActionErrors.Describe(e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Stops waiting; the job goes on. Not disposed: a wait still running observes the cancelled token.
        _lifetime.Cancel();
        GC.SuppressFinalize(this);
    }

    private Task StartAsync()
    {
        Stopped = null;
        if (Inputs is { } inputs)
        {
            Follow(Simulations.Start(inputs, Owner));
        }

        return Task.CompletedTask;
    }

    private void Cancel() => Job?.Cancel(Owner);

    private void Follow(SharedJob<StoredResult> job)
    {
        _following?.Cancel();
        _following?.Dispose();
        _following = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        Job = job;
        _ = WaitAsync(job, Inputs!, _following.Token);
    }

    private async Task WaitAsync(SharedJob<StoredResult> job, ImpactSimulationInputs inputs, CancellationToken ct)
    {
        try
        {
            var stored = await job.WaitAsync(new RenderOnProgress(this), ct);
            Outcome = Simulations.Outcome(inputs, stored, Proposal.Simulation, fromStore: false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer left, or follows another job now.
            return;
        }
        catch (OperationCanceledException)
        {
            Stopped = "The simulation was cancelled; nothing was stored.";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Stopped = "The simulation failed: " + ActionErrors.Describe(e);
        }

        Job = null;
        await InvokeAsync(StateHasChanged);
    }

    /// <summary>Re-renders the panel when the followed job moves.</summary>
    private sealed class RenderOnProgress(ImpactPanel panel) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            if (!panel._lifetime.IsCancellationRequested)
            {
                _ = panel.InvokeAsync(panel.StateHasChanged);
            }
        }
    }
}
