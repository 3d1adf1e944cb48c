namespace RiskGovernance.Web.Tests.Identity;

/// <summary>
/// Runs the same call on many dedicated threads released together, round after round, so that
/// races in the call are actually exercised: before each round every thread waits at a gate that
/// opens when the last one arrives, and the threads that are on a processor then go within
/// nanoseconds of one another. Dedicated threads (not the thread pool) so that all of them exist
/// from the first round, whatever the pool's current size.
/// </summary>
internal static class Together
{
    /// <summary>How long the whole run may take before it is declared stuck: a hang, far beyond
    /// what a slow machine needs.</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Calls <paramref name="call"/>(round) on each of <paramref name="threads"/> threads in each of
    /// <paramref name="rounds"/> rounds; returns the outcomes as [round][thread]. The call must
    /// catch the exceptions it expects; any other fails the run.
    /// </summary>
    public static T[][] Run<T>(int threads, int rounds, Func<int, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var outcomes = Enumerable.Range(0, rounds).Select(_ => new T[threads]).ToArray();
        var arrived = new int[rounds];
        var failures = new List<Exception>();
        var broken = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                for (var round = 0; round < rounds; round++)
                {
                    Interlocked.Increment(ref arrived[round]);
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref arrived[round]) < threads)
                    {
                        if (Volatile.Read(ref broken) != 0)
                        {
                            return;
                        }

                        // Spins, and yields the processor now and then (never sleeps) so that the
                        // threads still to arrive get to run.
                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    outcomes[round][t] = call(round);
                }
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add(e);
                }

                Volatile.Write(ref broken, 1);
            }
        })
        { IsBackground = true, Name = $"together-{t}" }).ToArray();

        foreach (var worker in workers)
        {
            worker.Start();
        }

        var deadline = DateTime.UtcNow + StuckAfter;
        foreach (var worker in workers)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(worker.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero), $"{worker.Name} did not finish within {StuckAfter}");
        }

        Assert.Empty(failures);
        return outcomes;
    }
}
