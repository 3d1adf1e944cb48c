using Microsoft.Extensions.Logging.Abstractions;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Tests.Simulation;

/// <summary>
/// Jobs shared by viewers: computed once per key, progress to every viewer, kept while someone waits
/// (or to the end, by rule), cancelled and failed jobs store nothing and leave the registry.
/// </summary>
public sealed class SharedJobsTests
{
    // An upper bound on waits that end by a condition, not a pause.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_TwoViewersSameKey_ComputesOnceAndBothSeeProgress()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("shared");
        var release = new TaskCompletionSource();
        var computations = 0;
        var seen = new List<JobProgress>[] { [], [] };
        Task<string> Run(int viewer) => jobs.RunAsync(key, null, Work(async (progress, ct) =>
        {
            Interlocked.Increment(ref computations);
            progress.Report(new JobProgress("working", 0.5));
            await release.Task.WaitAsync(ct);
            return $"result {Guid.NewGuid()}";
        }), new Recorder(seen[viewer]), CancellationToken.None);

        var first = Run(0);
        var second = Run(1);
        Assert.NotNull(jobs.Find(key));
        release.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(Timeout);

        Assert.Equal(1, computations);
        Assert.Same(results[0], results[1]);
        Assert.Contains("working", Stages(seen[0]));
        Assert.Contains("working", Stages(seen[1]));
    }

    [Fact]
    public async Task Start_SameKeyTwice_OneJobAndOneComputation()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("twice");
        var work = new CountingWork();

        var first = jobs.Start(key, "alice", work.Work);
        var second = jobs.Start(key, "bob", work.Work);
        Assert.Equal(1, jobs.Count);
        work.Release.SetResult();
        var results = await Task.WhenAll(first.Completion, second.Completion).WaitAsync(Timeout);

        Assert.Same(first, second);
        Assert.Equal("alice", second.StartedBy);
        Assert.Equal(1, work.Computations);
        Assert.Equal(["computed"], work.Stored);
        Assert.Same(results[0], results[1]);
        Assert.Equal(0, jobs.Count);
    }

    [Fact]
    public async Task RunAsync_ProgressReported_ReachesEveryViewerOncePerStageAndPercent()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("progress");
        var report = new TaskCompletionSource<IProgress<JobProgress>>();
        var release = new TaskCompletionSource();
        var work = Work(async (progress, ct) =>
        {
            report.SetResult(progress);
            await release.Task.WaitAsync(ct);
            return "result";
        });
        var seen = new List<JobProgress>[] { [], [], [] };
        var viewers = Enumerable.Range(0, 3).Select(i => jobs.RunAsync(key, null, work, new Recorder(seen[i]), CancellationToken.None)).ToArray();

        var progress = await report.Task.WaitAsync(Timeout);
        progress.Report(new JobProgress("current: grid", 0.25));
        progress.Report(new JobProgress("current: grid", 0.254));
        progress.Report(new JobProgress("proposed: grid", 0.75));
        release.SetResult();
        await Task.WhenAll(viewers).WaitAsync(Timeout);

        // Each viewer got the progress at joining, then every change of stage or whole percent (0.254 is still 25 %).
        foreach (var viewer in seen)
        {
            Assert.Equal(["starting", "current: grid", "proposed: grid"], Stages(viewer));
            Assert.Equal([0, 25, 75], viewer.Select(p => p.Percent));
        }
    }

    [Fact]
    public async Task WaitAsync_ViewerJoinsLate_GetsTheLatestProgressAtOnce()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("late");
        var work = new CountingWork { Reported = new JobProgress("proposed: montecarlo", 0.6) };
        var job = jobs.Start(key, "alice", work.Work);
        await work.Reporting.Task.WaitAsync(Timeout);
        var seen = new List<JobProgress>();

        var waiting = job.WaitAsync(new Recorder(seen), CancellationToken.None);
        work.Release.SetResult();
        await waiting.WaitAsync(Timeout);

        Assert.Equal(new JobProgress("proposed: montecarlo", 0.6), Assert.Single(seen));
        Assert.Equal(seen[0], job.Progress);
    }

    [Fact]
    public async Task RunAsync_OneOfTwoViewersLeaves_JobGoesOnForTheOther()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("one leaves");
        var release = new TaskCompletionSource();
        using var leaving = new CancellationTokenSource();
        var work = Work(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return "result";
        });

        var staying = jobs.RunAsync(key, null, work, null, CancellationToken.None);
        var left = jobs.RunAsync(key, null, work, null, leaving.Token);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left.WaitAsync(Timeout));
        Assert.False(jobs.Find(key)!.IsCancellationRequested);
        release.SetResult();

        Assert.Equal("result", await staying.WaitAsync(Timeout));
    }

    [Fact]
    public async Task RunAsync_LastViewerLeaves_CancelsTheComputationAndStoresNothing()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("all leave");
        using var viewer = new CancellationTokenSource();
        var stored = 0;

        // A computation that only ends when cancelled (it may also be cancelled before it starts).
        var run = jobs.RunAsync(key, null, Work(async (_, ct) =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
            return "result";
        }, onStore: () => Interlocked.Increment(ref stored)), null, viewer.Token);
        var job = jobs.Find(key);
        await viewer.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Timeout));
        Assert.True(job!.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion.WaitAsync(Timeout));
        Assert.Null(jobs.Find(key));
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task WaitAsync_LastViewerLeavesWhenJobsGoOn_JobGoesOnAndStores()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("goes on");
        var work = new CountingWork();
        using var leaving = new CancellationTokenSource();

        var job = jobs.Start(key, "carol", work.Work);
        var waiting = job.WaitAsync(null, leaving.Token);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
        Assert.False(job.IsCancellationRequested);
        work.Release.SetResult();

        Assert.Equal("computed", await job.Completion.WaitAsync(Timeout));
        Assert.Equal(["computed"], work.Stored);
    }

    [Fact]
    public async Task Cancel_JobStartedBySomeone_OnlyTheStarterMayCancel()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("owned");
        var work = new CountingWork();
        var job = jobs.Start(key, "alice", work.Work);

        var bob = jobs.Cancel(key, "bob");
        var nobody = jobs.Cancel(key);
        var alice = jobs.Cancel(key, "alice");

        Assert.False(bob);
        Assert.False(nobody);
        Assert.True(alice);
        Assert.True(job.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancel_JobStartedByNobody_AnyoneMayCancel()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("unowned");
        var job = jobs.Start(key, null, new CountingWork().Work);

        Assert.True(jobs.Cancel(key));
        Assert.False(jobs.Cancel(key));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancel_AfterTheComputationsLastCheck_StoresNothing()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("late cancel");

        // The computation ignores the token: it returns its result although the job was cancelled.
        var work = new CountingWork { ObservesToken = false };
        var job = jobs.Start(key, "alice", work.Work);
        await work.Reporting.Task.WaitAsync(Timeout);
        Assert.True(job.Cancel("alice"));
        work.Release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion.WaitAsync(Timeout));
        Assert.Equal(1, work.Computations);
        Assert.Empty(work.Stored);
        Assert.Null(jobs.Find(key));
    }

    [Fact]
    public async Task Start_KeyOfACancelledJob_StartsANewJob()
    {
        using var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("restart");
        var work = new CountingWork { ObservesToken = false };
        var cancelled = jobs.Start(key, "alice", work.Work);
        cancelled.Cancel("alice");

        var fresh = jobs.Start(key, "bob", work.Work);
        work.Release.SetResult();

        Assert.NotSame(cancelled, fresh);
        Assert.Equal("bob", fresh.StartedBy);
        Assert.Equal("computed", await fresh.Completion.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Completion.WaitAsync(Timeout));
        Assert.Equal(["computed"], work.Stored);
        Assert.Null(jobs.Find(key));
    }

    [Fact]
    public async Task RunAsync_ComputationFails_EveryViewerGetsTheErrorAndNothingIsKept()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var key = Hash32.Keccak("fails");
        var work = new CountingWork { Failure = new InvalidOperationException("the engine refused the book") };

        var first = jobs.RunAsync(key, null, work.Work, null, CancellationToken.None);
        var second = jobs.RunAsync(key, null, work.Work, null, CancellationToken.None);
        work.Release.SetResult();

        var errors = new[]
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Timeout)),
            await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Timeout)),
        };
        Assert.All(errors, e => Assert.Equal("the engine refused the book", e.Message));
        Assert.Empty(work.Stored);
        Assert.Null(jobs.Find(key));

        // Not cached: the next request computes again.
        work.Failure = null;
        Assert.Equal("computed", await jobs.RunAsync(key, null, work.Work, null, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(2, work.Computations);
        Assert.Equal(["computed"], work.Stored);
    }

    [Fact]
    public async Task RunAsync_ResultAlreadyStored_ServedWithoutComputing()
    {
        using var jobs = Jobs(LastViewerLeaving.CancelsJob);
        var work = new CountingWork { AlreadyStored = "stored earlier" };

        var result = await jobs.RunAsync(Hash32.Keccak("stored"), null, work.Work, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("stored earlier", result);
        Assert.Equal(0, work.Computations);
        Assert.Empty(work.Stored);
    }

    [Fact]
    public async Task Dispose_RunningJob_CancelledAndNoJobStartsAfterwards()
    {
        var jobs = Jobs(LastViewerLeaving.JobGoesOn);
        var key = Hash32.Keccak("shutdown");
        var work = new CountingWork();
        var job = jobs.Start(key, "alice", work.Work);

        jobs.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.Completion.WaitAsync(Timeout));
        Assert.Empty(work.Stored);
        Assert.Throws<ObjectDisposedException>(() => jobs.Start(key, "alice", work.Work));
    }

    private static SharedJobs<string> Jobs(LastViewerLeaving rule) => new("test computation", rule, NullLogger.Instance);

    private static JobWork<string> Work(Func<IProgress<JobProgress>, CancellationToken, Task<string>> compute, Action? onStore = null) =>
        new(_ => Task.FromResult<string?>(null), compute, result =>
        {
            onStore?.Invoke();
            return Task.FromResult(result);
        });

    private static string[] Stages(List<JobProgress> seen)
    {
        lock (seen)
        {
            return [.. seen.Select(p => p.Stage)];
        }
    }

    /// <summary>A computation that reports once, waits for <see cref="Release"/>, then returns "computed" (or fails).</summary>
    private sealed class CountingWork
    {
        private int _computations;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reporting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JobProgress Reported { get; init; } = new("working", 0.5);

        public bool ObservesToken { get; init; } = true;

        public string? AlreadyStored { get; init; }

        public Exception? Failure { get; set; }

        public int Computations => Volatile.Read(ref _computations);

        public List<string> Stored { get; } = [];

        public JobWork<string> Work => new(
            _ => Task.FromResult(AlreadyStored),
            async (progress, ct) =>
            {
                Interlocked.Increment(ref _computations);
                progress.Report(Reported);
                Reporting.TrySetResult();
                await Release.Task.WaitAsync(ObservesToken ? ct : CancellationToken.None);
                return Failure is { } failure ? throw failure : "computed";
            },
            result =>
            {
                lock (Stored)
                {
                    Stored.Add(result);
                }

                return Task.FromResult(result);
            });
    }

    private sealed class Recorder(List<JobProgress> seen) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
