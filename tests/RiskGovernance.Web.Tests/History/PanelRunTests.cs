using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Components.Proposals.History;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Tests.History;

/// <summary>The one place the history panels run a computation: progress, plain-words failure, cancel, the page going.</summary>
public sealed class PanelRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _page = new();
    private int _renders;

    [Fact]
    public async Task RunAsync_WorkSucceeds_DoneWithoutErrorAndRendered()
    {
        var run = NewRun();
        var ran = false;

        await run.RunAsync((_, _) =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
        Assert.True(run.Done);
        Assert.False(run.Running);
        Assert.Null(run.Error);
        Assert.Equal(1, _renders);
    }

    [Fact]
    public async Task RunAsync_InputRefused_ErrorNamesTheField()
    {
        var run = NewRun();

        await run.RunAsync((_, _) => throw new InputValidationException("lambda", "must be in (0, 1]"));

        Assert.Equal("lambda: must be in (0, 1]", run.Error);
        Assert.True(run.Done);
    }

    [Fact]
    public async Task RunAsync_UnexpectedFailure_SaysSoInPlainWords()
    {
        var run = NewRun();

        await run.RunAsync((_, _) => throw new InvalidOperationException("the history has no close for BTC"));

        Assert.Equal("The computation failed (InvalidOperationException): the history has no close for BTC", run.Error);
        Assert.False(run.Running);
        Assert.Equal(1, _renders);
    }

    [Fact]
    public async Task Cancel_WhileRunning_StopsTheWorkAndShowsTheCancelledText()
    {
        var run = NewRun("Cancelled: nothing was stored.");
        var running = await StartUntilCancelledAsync(run);
        Assert.True(run.Running);

        run.Cancel();
        await running.WaitAsync(Timeout);

        Assert.Equal("Cancelled: nothing was stored.", run.Error);
        Assert.False(run.Running);
        Assert.True(run.Done);
    }

    [Fact]
    public async Task RunAsync_PageGoes_EndsSilently()
    {
        var run = NewRun();
        var running = await StartUntilCancelledAsync(run);

        await _page.CancelAsync();
        await running.WaitAsync(Timeout);
        await run.RunAsync((_, _) => throw new InvalidOperationException("must not run once the page went"));

        Assert.Null(run.Error);
        Assert.Equal(0, _renders);
    }

    [Fact]
    public async Task RunAsync_NewerRunStarts_OlderStopsSilentlyAndTheNewerIsShown()
    {
        var run = NewRun();
        var started = new TaskCompletionSource();
        var older = run.RunAsync(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
        });
        await started.Task.WaitAsync(Timeout);
        var release = new TaskCompletionSource();
        var newer = run.RunAsync(async (_, ct) => await release.Task.WaitAsync(ct));

        await older.WaitAsync(Timeout);
        Assert.True(run.Running);
        Assert.Null(run.Error);
        release.SetResult();
        await newer.WaitAsync(Timeout);

        Assert.False(run.Running);
        Assert.Null(run.Error);
        Assert.Equal(1, _renders);
    }

    [Fact]
    public async Task RunAsync_SupersededRunFailsLater_ItsFailureIsNotShown()
    {
        var run = NewRun();
        var failOlder = new TaskCompletionSource();
        var older = run.RunAsync(async (_, _) =>
        {
            // Ignores its token: it fails after the newer run started.
            await failOlder.Task;
            throw new InvalidOperationException("the older run's failure");
        });
        var release = new TaskCompletionSource();
        var newer = run.RunAsync(async (_, ct) => await release.Task.WaitAsync(ct));

        failOlder.SetResult();
        await older.WaitAsync(Timeout);

        Assert.Null(run.Error);
        Assert.True(run.Running);
        release.SetResult();
        await newer.WaitAsync(Timeout);
        Assert.Null(run.Error);
        Assert.True(run.Done);
    }

    [Fact]
    public async Task Dispose_WhileRunning_StopsWaitingSilentlyAndRunsNothingMore()
    {
        var run = NewRun();
        var running = await StartUntilCancelledAsync(run);

        run.Dispose();
        await running.WaitAsync(Timeout);
        await run.RunAsync((_, _) => throw new InvalidOperationException("must not run once retired"));

        Assert.Null(run.Error);
        Assert.Equal(0, _renders);
    }

    [Fact]
    public async Task RunAsync_ProgressReported_ShownWhileRunningAndClearedByTheNextRun()
    {
        var run = NewRun();
        JobProgress? during = null;
        JobProgress? atNextStart = new("not read", 0);

        await run.RunAsync((progress, _) =>
        {
            progress.Report(new JobProgress("current: backtest", 0.4));
            during = run.Progress;
            return Task.CompletedTask;
        });
        await run.RunAsync((_, _) =>
        {
            atNextStart = run.Progress;
            return Task.CompletedTask;
        });

        Assert.Equal(new JobProgress("current: backtest", 0.4), during);
        Assert.Null(atNextStart);
        Assert.Equal(3, _renders);
    }

    public void Dispose() => _page.Dispose();

    private PanelRun NewRun(string cancelled = PanelRun.CancelledText) => new(apply =>
    {
        apply();
        Interlocked.Increment(ref _renders);
        return Task.CompletedTask;
    }, _page.Token, cancelled);

    /// <summary>Starts a computation that runs until it is cancelled, and returns once it runs.</summary>
    private static async Task<Task> StartUntilCancelledAsync(PanelRun run)
    {
        var started = new TaskCompletionSource();
        var running = run.RunAsync(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
        });
        await started.Task.WaitAsync(Timeout);
        return running;
    }
}
