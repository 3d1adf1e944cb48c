using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Simulation;

/// <summary>
/// One computation shared by every viewer asking for the same key (<see cref="SharedJobs{TResult}"/>
/// holds it): it runs once, each viewer sees its progress, and it ends with the stored result, cancelled
/// (nothing stored) or failed (nothing stored; every viewer gets the error).
/// </summary>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class SharedJob<TResult>
    where TResult : class
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _viewersGate;
    private readonly Lock _progressGate = new();
    private readonly LastViewerLeaving _lastViewerLeaving;
    private JobProgress _progress = JobProgress.Starting;
    private int _viewers;
    private volatile bool _cancelling;

    internal SharedJob(Hash32 key, string? startedBy, LastViewerLeaving lastViewerLeaving, Lock viewersGate)
    {
        Key = key;
        StartedBy = startedBy;
        _lastViewerLeaving = lastViewerLeaving;
        _viewersGate = viewersGate;
        Reporter = new JobReporter(this);
    }

    /// <summary>The key the result is stored under (the hash of the inputs).</summary>
    public Hash32 Key { get; }

    /// <summary>Who started it (an address or a circuit id): the only one who may cancel it; null when anyone may.</summary>
    public string? StartedBy { get; }

    /// <summary>The latest progress.</summary>
    public JobProgress Progress
    {
        get
        {
            lock (_progressGate)
            {
                return _progress;
            }
        }
    }

    /// <summary>True once cancellation was asked for.</summary>
    public bool IsCancellationRequested => _cancelling || _cancellation.IsCancellationRequested;

    /// <summary>Completes with the stored result; canceled when cancelled; faulted when the computation failed.</summary>
    public Task<TResult> Completion { get; internal set; } = null!;

    internal CancellationToken Token => _cancellation.Token;

    internal IProgress<JobProgress> Reporter { get; }

    private event Action<JobProgress>? ProgressChanged;

    /// <summary>Whether <paramref name="requester"/> may cancel the job: its starter, or anyone when nobody started it in particular.</summary>
    public bool MayCancel(string? requester) => StartedBy is null || string.Equals(StartedBy, requester, StringComparison.Ordinal);

    /// <summary>Cancels the job for every viewer when <paramref name="requester"/> may; returns whether it did.</summary>
    public bool Cancel(string? requester)
    {
        if (!MayCancel(requester))
        {
            return false;
        }

        _cancellation.Cancel();
        return true;
    }

    /// <summary>
    /// Waits for the result as one more viewer, reporting the progress to <paramref name="progress"/> now and
    /// whenever the stage or the whole percent changes. When <paramref name="cancellationToken"/> is
    /// cancelled this viewer stops waiting; the job goes on, or is cancelled when this was its last viewer
    /// and the registry's rule is <see cref="LastViewerLeaving.CancelsJob"/>.
    /// </summary>
    public Task<TResult> WaitAsync(IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        lock (_viewersGate)
        {
            _viewers++;
        }

        return WaitAsViewerAsync(progress, cancellationToken);
    }

    /// <summary>Counts one more viewer; the caller holds the registry's gate.</summary>
    internal void AddViewer() => _viewers++;

    /// <summary>Waits as a viewer already counted.</summary>
    internal async Task<TResult> WaitAsViewerAsync(IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        void Forward(JobProgress p) => progress?.Report(p);
        ProgressChanged += Forward;
        progress?.Report(Progress);
        try
        {
            return await Completion.WaitAsync(cancellationToken);
        }
        finally
        {
            ProgressChanged -= Forward;
            bool cancel;
            lock (_viewersGate)
            {
                _viewers--;
                cancel = _viewers == 0 && _lastViewerLeaving == LastViewerLeaving.CancelsJob && cancellationToken.IsCancellationRequested
                         && !Completion.IsCompleted;

                // Marked under the gate, so that the registry starts a new job rather than join this one.
                _cancelling |= cancel;
            }

            // Outside the gate: cancelling runs the computation's callbacks.
            if (cancel)
            {
                _cancellation.Cancel();
            }
        }
    }

    internal void CancelForShutdown() => _cancellation.Cancel();

    private void Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clamped = value with { Fraction = Math.Clamp(value.Fraction, 0, 1) };
        lock (_progressGate)
        {
            if (clamped.Percent == _progress.Percent && clamped.Stage == _progress.Stage)
            {
                return;
            }

            _progress = clamped;
        }

        ProgressChanged?.Invoke(clamped);
    }

    private sealed class JobReporter(SharedJob<TResult> job) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => job.Report(value);
    }
}
