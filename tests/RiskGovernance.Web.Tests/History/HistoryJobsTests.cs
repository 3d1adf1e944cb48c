using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Tests.History;

/// <summary>Jobs shared by viewers: computed once, kept while someone waits, cancelled when nobody does.</summary>
public sealed class HistoryJobsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_TwoViewersSameKey_ComputesOnceAndBothSeeProgress()
    {
        var jobs = new HistoryJobs();
        var key = Hash32.Keccak("shared");
        var release = new TaskCompletionSource();
        var computations = 0;
        var seen = new List<string>[] { [], [] };
        Task<StoredResult> Run(int viewer) => jobs.RunAsync(key, "test", async (progress, ct) =>
        {
            Interlocked.Increment(ref computations);
            progress.Report(new HistoryProgress("working", 0.5));
            await release.Task.WaitAsync(ct);
            return Result(key);
        }, new Recorder(seen[viewer]), CancellationToken.None);

        var first = Run(0);
        var second = Run(1);
        Assert.NotNull(jobs.Find(key));
        release.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(Timeout);

        Assert.Equal(1, computations);
        Assert.Same(results[0], results[1]);
        Assert.Contains("working", seen[0]);
        Assert.Contains("working", seen[1]);
    }

    [Fact]
    public async Task RunAsync_OneOfTwoViewersLeaves_JobGoesOnForTheOther()
    {
        var jobs = new HistoryJobs();
        var key = Hash32.Keccak("one leaves");
        var release = new TaskCompletionSource();
        using var leaving = new CancellationTokenSource();
        Func<IProgress<HistoryProgress>, CancellationToken, Task<StoredResult>> compute = async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return Result(key);
        };

        var staying = jobs.RunAsync(key, "test", compute, null, CancellationToken.None);
        var left = jobs.RunAsync(key, "test", compute, null, leaving.Token);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left.WaitAsync(Timeout));
        Assert.False(jobs.Find(key)!.IsCancellationRequested);
        release.SetResult();

        Assert.Equal(key, (await staying.WaitAsync(Timeout)).Key);
    }

    [Fact]
    public async Task RunAsync_LastViewerLeaves_CancelsTheComputation()
    {
        var jobs = new HistoryJobs();
        var key = Hash32.Keccak("all leave");
        using var viewer = new CancellationTokenSource();

        // A computation that only ends when cancelled (it may also be cancelled before it starts).
        var run = jobs.RunAsync(key, "test", async (_, ct) =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
            return Result(key);
        }, null, viewer.Token);
        var job = jobs.Find(key);
        await viewer.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Timeout));
        Assert.True(job!.IsCancellationRequested);
        var deadline = DateTime.UtcNow + Timeout;
        while (jobs.Find(key) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Null(jobs.Find(key));
    }

    private static StoredResult Result(Hash32 key) =>
        new(key, "test", "{}", Hash32.Keccak("{}"), TimeSpan.Zero, DateTimeOffset.UnixEpoch);

    private sealed class Recorder(List<string> stages) : IProgress<HistoryProgress>
    {
        public void Report(HistoryProgress value)
        {
            lock (stages)
            {
                stages.Add(value.Stage);
            }
        }
    }
}
