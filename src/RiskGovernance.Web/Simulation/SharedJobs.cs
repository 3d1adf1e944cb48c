using System.Diagnostics;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Simulation;

/// <summary>What happens to a shared job when its last viewer stops waiting for it.</summary>
public enum LastViewerLeaving
{
    /// <summary>The job goes on and stores its result (an impact simulation outlives the page that started it).</summary>
    JobGoesOn,

    /// <summary>The job is cancelled and stores nothing (nobody waits for a history analysis any more).</summary>
    CancelsJob,
}

/// <summary>
/// Long computations shared by every viewer (a singleton service holds one registry), keyed by the hash
/// of their inputs: asking for a key that is being computed joins that job instead of starting another.
/// A job first looks for a result already stored, else computes and stores one; a cancelled or failed job
/// stores nothing and leaves the registry, so that the next request computes again. A cancelled job is
/// never joined: a request for its key starts a new one.
/// </summary>
/// <typeparam name="TResult">The result.</typeparam>
/// <param name="name">What the jobs compute, for the log ("impact simulation").</param>
/// <param name="lastViewerLeaving">The rule when the last viewer stops waiting.</param>
/// <param name="logger">Logs each job's end.</param>
public sealed class SharedJobs<TResult>(string name, LastViewerLeaving lastViewerLeaving, ILogger logger) : IDisposable
    where TResult : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, SharedJob<TResult>> _running = [];
    private bool _disposed;

    /// <summary>The rule when the last viewer stops waiting.</summary>
    public LastViewerLeaving LastViewerLeaving => lastViewerLeaving;

    /// <summary>Jobs running now (not cancelled).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _running.Values.Count(j => !j.IsCancellationRequested);
            }
        }
    }

    /// <summary>The job computing <paramref name="key"/>, or null when none runs (or it was cancelled).</summary>
    public SharedJob<TResult>? Find(Hash32 key)
    {
        lock (_gate)
        {
            return FindRunning(key);
        }
    }

    /// <summary>The job computing <paramref name="key"/>, or a new one doing <paramref name="work"/> started by <paramref name="startedBy"/>.</summary>
    public SharedJob<TResult> Start(Hash32 key, string? startedBy, JobWork<TResult> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            return FindOrStart(key, startedBy, work);
        }
    }

    /// <summary>
    /// Joins the job for <paramref name="key"/> (starting it when none runs) and waits for its result,
    /// reporting its progress to <paramref name="progress"/> (see <see cref="SharedJob{TResult}.WaitAsync"/>).
    /// </summary>
    public Task<TResult> RunAsync(
        Hash32 key, string? startedBy, JobWork<TResult> work, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        SharedJob<TResult> job;
        lock (_gate)
        {
            // Joined under the registry's gate: no other viewer's leaving can cancel it in between.
            job = FindOrStart(key, startedBy, work);
            job.AddViewer();
        }

        return job.WaitAsViewerAsync(progress, cancellationToken);
    }

    /// <summary>Cancels the job computing <paramref name="key"/> when <paramref name="requester"/> may; false when none runs or it may not.</summary>
    public bool Cancel(Hash32 key, string? requester = null) => Find(key)?.Cancel(requester) ?? false;

    /// <summary>Cancels every running job (the host is stopping); no job starts afterwards.</summary>
    public void Dispose()
    {
        SharedJob<TResult>[] running;
        lock (_gate)
        {
            _disposed = true;
            running = [.. _running.Values];
        }

        foreach (var job in running)
        {
            job.CancelForShutdown();
        }
    }

    private SharedJob<TResult>? FindRunning(Hash32 key) =>
        _running.TryGetValue(key, out var job) && !job.IsCancellationRequested ? job : null;

    private SharedJob<TResult> FindOrStart(Hash32 key, string? startedBy, JobWork<TResult> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FindRunning(key) is { } running)
        {
            return running;
        }

        var job = new SharedJob<TResult>(key, startedBy, lastViewerLeaving, _gate);
        _running[key] = job;

        // Not started with the job's token: the job always runs to its end and leaves the registry.
        job.Completion = Task.Run(() => ExecuteAsync(job, work));
        return job;
    }

    private async Task<TResult> ExecuteAsync(SharedJob<TResult> job, JobWork<TResult> work)
    {
        var token = job.Token;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (await work.FindStored(token) is { } stored)
            {
                return stored;
            }

            var computed = await work.Compute(job.Reporter, token);

            // A cancel that arrives after the computation's last check still stores nothing.
            token.ThrowIfCancellationRequested();
            var kept = await work.Store(computed);
            logger.LogInformation("The {Name} {Key} was computed in {Elapsed} ms and stored.", name, job.Key,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return kept;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            logger.LogInformation("The {Name} {Key} was cancelled; nothing was stored.", name, job.Key);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The {Name} {Key} failed; nothing was stored.", name, job.Key);
            throw;
        }
        finally
        {
            // Before the completion ends: whoever saw it end finds the key free.
            lock (_gate)
            {
                if (_running.TryGetValue(job.Key, out var current) && ReferenceEquals(current, job))
                {
                    _running.Remove(job.Key);
                }
            }
        }
    }
}
