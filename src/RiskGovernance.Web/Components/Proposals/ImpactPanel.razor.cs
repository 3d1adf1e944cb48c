using Microsoft.AspNetCore.Components;
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
    private ImpactJob? _subscribed;
    private bool _disposed;

    [Inject] private ImpactSimulations Simulations { get; set; } = null!;

    /// <summary>The proposal.</summary>
    [Parameter, EditorRequired] public Proposal Proposal { get; set; } = null!;

    /// <summary>Who this viewer is for the job registry (address or session id).</summary>
    [Parameter, EditorRequired] public string Owner { get; set; } = "";

    /// <summary>The resolved inputs.</summary>
    public ImpactSimulationInputs? Inputs { get; private set; }

    /// <summary>The running job followed, if any.</summary>
    public ImpactJob? Job { get; private set; }

    /// <summary>The finished impact.</summary>
    public ImpactOutcome? Outcome { get; private set; }

    /// <summary>Why there is no impact (a membership proposal, no book...).</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Why the last run stopped (cancelled or failed).</summary>
    public string? Stopped { get; private set; }

    private bool CanCancel => Job is { } j && j.Owner == Owner && !j.IsCancellationRequested;

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        Unavailable = null;
        try
        {
            var inputs = await Simulations.ResolveInputsAsync(Proposal, CancellationToken.None);
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
            Outcome = await Simulations.FindStoredAsync(inputs, Proposal.Simulation, CancellationToken.None);
            if (Outcome is null && Simulations.Running(inputs.Key) is { } running)
            {
                Follow(running);
            }
            else if (Outcome is null && RendererInfo.IsInteractive)
            {
                // Not while prerendering: the interactive circuit that follows is the viewer who may cancel.
                Follow(Simulations.Start(inputs, Owner));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unavailable = ActionErrors.Describe(e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Unfollow();
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

    private void Cancel()
    {
        if (Job is { } job)
        {
            job.Cancel(Owner);
        }
    }

    private void Follow(ImpactJob job)
    {
        Unfollow();
        Job = job;
        _subscribed = job;
        job.Changed += OnJobChanged;
        _ = WaitAsync(job);
    }

    private void Unfollow()
    {
        if (_subscribed is { } job)
        {
            job.Changed -= OnJobChanged;
            _subscribed = null;
        }
    }

    private void OnJobChanged(ImpactJob job)
    {
        if (!_disposed)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    private async Task WaitAsync(ImpactJob job)
    {
        try
        {
            var stored = await job.Completion;
            Outcome = Simulations.Outcome(Inputs!, stored, Proposal.Simulation, fromStore: false);
        }
        catch (OperationCanceledException)
        {
            Stopped = "The simulation was cancelled; nothing was stored.";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Stopped = "The simulation failed: " + ActionErrors.Describe(e);
        }

        if (ReferenceEquals(Job, job))
        {
            Job = null;
            Unfollow();
        }

        if (!_disposed)
        {
            await InvokeAsync(StateHasChanged);
        }
    }
}
