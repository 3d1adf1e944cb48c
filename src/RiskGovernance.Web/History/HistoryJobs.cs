using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Web.History;

/// <summary>Where a running computation is: the engine's stage and the fraction of it done, in [0, 1].</summary>
public sealed record HistoryProgress(string Stage, double Fraction);

/// <summary>
/// One computation of a stored history result, shared by every viewer asking for the same key: it
/// runs once, each viewer sees its progress, and it is cancelled when a viewer presses Cancel or when
/// the last viewer waiting for it goes away. A cancelled job stores nothing.
/// </summary>
public sealed class HistoryJob
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _reportedPercent = -1;
    private string _reportedStage = "";

    internal HistoryJob(Hash32 key, string kind)
    {
        Key = key;
        Kind = kind;
    }

    /// <summary>The key the result will be stored under.</summary>
    public Hash32 Key { get; }

    /// <summary>What is computed ("stress", "backtest", "estimate").</summary>
    public string Kind { get; }

    /// <summary>The latest progress.</summary>
    public HistoryProgress Progress { get; private set; } = new("queued", 0);

    /// <summary>Whether the job was cancelled.</summary>
    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>Raised (on a worker thread) when the stage changes or another whole percent is done.</summary>
    public event Action<HistoryProgress>? ProgressChanged;

    internal int Viewers { get; set; }

    internal Task<StoredResult> Task { get; set; } = null!;

    internal CancellationToken Token => _cancellation.Token;

    /// <summary>Cancels the computation for every viewer.</summary>
    public void Cancel() => _cancellation.Cancel();

    internal void Report(HistoryProgress progress)
    {
        var percent = (int)Math.Floor(Math.Clamp(progress.Fraction, 0, 1) * 100);
        if (percent == _reportedPercent && progress.Stage == _reportedStage)
        {
            return;
        }

        _reportedPercent = percent;
        _reportedStage = progress.Stage;
        Progress = progress;
        ProgressChanged?.Invoke(progress);
    }
}

/// <summary>The running history jobs, by result key (a singleton).</summary>
public sealed class HistoryJobs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, HistoryJob> _running = [];

    /// <summary>The job computing <paramref name="key"/>, if one is running.</summary>
    public HistoryJob? Find(Hash32 key)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(key);
        }
    }

    /// <summary>Cancels the job computing <paramref name="key"/>; false when none is running.</summary>
    public bool Cancel(Hash32 key)
    {
        var job = Find(key);
        job?.Cancel();
        return job is not null;
    }

    /// <summary>
    /// Joins the job for <paramref name="key"/> (starting it with <paramref name="compute"/> when none
    /// runs) and waits for its result. When <paramref name="cancellationToken"/> is cancelled this
    /// viewer stops waiting; the job is cancelled if no other viewer waits for it.
    /// </summary>
    public async Task<StoredResult> RunAsync(
        Hash32 key, string kind, Func<IProgress<HistoryProgress>, CancellationToken, Task<StoredResult>> compute,
        IProgress<HistoryProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        HistoryJob job;
        lock (_gate)
        {
            if (!_running.TryGetValue(key, out job!))
            {
                job = new HistoryJob(key, kind);
                var started = job;
                var reporter = new Progress(started);
                job.Task = System.Threading.Tasks.Task.Run(() => compute(reporter, started.Token), started.Token);
                _running[key] = job;
                _ = job.Task.ContinueWith(_ => Remove(started), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            job.Viewers++;
        }

        void Forward(HistoryProgress p) => progress?.Report(p);
        job.ProgressChanged += Forward;
        progress?.Report(job.Progress);
        try
        {
            return await job.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            job.ProgressChanged -= Forward;
            lock (_gate)
            {
                job.Viewers--;
                if (job.Viewers == 0 && cancellationToken.IsCancellationRequested && !job.Task.IsCompleted)
                {
                    job.Cancel();
                }
            }
        }
    }

    private void Remove(HistoryJob job)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(job.Key, out var current) && ReferenceEquals(current, job))
            {
                _running.Remove(job.Key);
            }
        }
    }

    private sealed class Progress(HistoryJob job) : IProgress<HistoryProgress>
    {
        public void Report(HistoryProgress value) => job.Report(value);
    }
}
