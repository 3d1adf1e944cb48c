using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// One history panel's computation on the page, the one place the panels run, show progress, say in
/// plain words why a run did not finish, and stop waiting: when asked (<see cref="Cancel"/>), when a newer
/// run of the same panel starts, when retired (<see cref="Dispose"/>) or when the page goes (the lifetime
/// token). Stopping waiting cancels the shared computation only when no other viewer waits for it.
/// Call it on the renderer's thread.
/// </summary>
public sealed class PanelRun : IDisposable
{
    /// <summary>What is shown by default when a run was cancelled.</summary>
    public const string CancelledText = "Cancelled: nothing was stored. Reload the page to run it again.";

    private readonly Func<Action, Task> _render;
    private readonly CancellationToken _lifetime;
    private readonly string _cancelled;
    private CancellationTokenSource? _run;
    private bool _retired;

    /// <summary>A run of a panel of the page.</summary>
    /// <param name="render">Applies a change on the renderer's thread and re-renders the page (the component's InvokeAsync + StateHasChanged).</param>
    /// <param name="lifetime">Cancelled when the page goes: a run it stops ends silently.</param>
    /// <param name="cancelled">What is shown when a run was cancelled.</param>
    public PanelRun(Func<Action, Task> render, CancellationToken lifetime, string cancelled = CancelledText)
    {
        _render = render ?? throw new ArgumentNullException(nameof(render));
        _lifetime = lifetime;
        _cancelled = cancelled ?? throw new ArgumentNullException(nameof(cancelled));
    }

    /// <summary>Whether a run is going on.</summary>
    public bool Running { get; private set; }

    /// <summary>Whether a run has ended (with a result or not).</summary>
    public bool Done { get; private set; }

    /// <summary>The running computation's latest progress.</summary>
    public JobProgress? Progress { get; private set; }

    /// <summary>Why the last run did not finish, in plain words (field-named when the input was refused).</summary>
    public string? Error { get; private set; }

    /// <summary>The sentence for a refused input: "field: message; field: message".</summary>
    public static string Describe(InputValidationException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return string.Join("; ", error.Errors.Select(e => $"{e.Field}: {e.Message}"));
    }

    /// <summary>The sentence for an unexpected failure.</summary>
    public static string Unexpected(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"The computation failed ({error.GetType().Name}): {error.Message}";
    }

    /// <summary>
    /// Runs <paramref name="work"/> (it reports progress and observes the token), then re-renders. A run
    /// already going on stops being waited for; nothing runs once retired or once the page went.
    /// </summary>
    public async Task RunAsync(Func<IProgress<JobProgress>, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_retired || _lifetime.IsCancellationRequested)
        {
            return;
        }

        var previous = _run;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        _run = run;
        previous?.Cancel();
        (Running, Error, Progress) = (true, null, null);
        string? error = null;
        try
        {
            await work(new Reporter(this, run, run.Token), run.Token);
        }
        catch (OperationCanceledException) when (!ReferenceEquals(_run, run) || _lifetime.IsCancellationRequested)
        {
            // Superseded, retired or the page went: nothing to show.
        }
        catch (OperationCanceledException)
        {
            error = _cancelled;
        }
        catch (InputValidationException ex)
        {
            error = Describe(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = Unexpected(ex);
        }

        // A run superseded or retired meanwhile shows nothing: the newer run (or none) is shown.
        if (!ReferenceEquals(_run, run))
        {
            return;
        }

        (_run, Running, Done, Error) = (null, false, true, error);
        if (!_lifetime.IsCancellationRequested)
        {
            await _render(() => { });
        }
    }

    /// <summary>Stops waiting for the run going on (it shows as cancelled).</summary>
    public void Cancel() => _run?.Cancel();

    /// <summary>Retires the run: stops waiting silently; no run starts afterwards.</summary>
    public void Dispose()
    {
        _retired = true;
        var run = _run;
        _run = null;
        run?.Cancel();
    }

    /// <summary>Shows a run's progress while it is the one going on.</summary>
    private sealed class Reporter(PanelRun owner, CancellationTokenSource run, CancellationToken token) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            if (token.IsCancellationRequested)
            {
                return;
            }

            _ = owner._render(() =>
            {
                if (ReferenceEquals(owner._run, run))
                {
                    owner.Progress = value;
                }
            });
        }
    }
}
