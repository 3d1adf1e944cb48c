namespace RiskGovernance.Engine.Methods;

/// <summary>Runs a per-account computation over blocks of consecutive accounts in parallel. Each
/// block is processed sequentially by one thread and writes only its own accounts' slots, so the
/// results never depend on the thread count. Cancellation is checked per block.</summary>
internal static class AccountBlocks
{
    public const int DefaultBlockSize = 64;

    /// <param name="count">Number of accounts.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="body">Processes accounts [start, end) with a scratch state made once per block.</param>
    /// <param name="onAccountsDone">Called with the number of accounts done so far (may be called from any thread).</param>
    /// <param name="ct">Cancellation, checked before every block.</param>
    /// <param name="blockSize">Accounts per block (one scratch state each).</param>
    public static void Run(
        int count,
        int maxDegreeOfParallelism,
        Action<int, int> body,
        Action<int>? onAccountsDone,
        CancellationToken ct,
        int blockSize = DefaultBlockSize)
    {
        var blocks = (count + blockSize - 1) / blockSize;
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct };
        Parallel.For(0, blocks, options, b =>
        {
            ct.ThrowIfCancellationRequested();
            var start = b * blockSize;
            var end = Math.Min(count, start + blockSize);
            body(start, end);
            var now = Interlocked.Add(ref done, end - start);
            onAccountsDone?.Invoke(now);
        });
    }
}
