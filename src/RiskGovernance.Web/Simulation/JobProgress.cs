namespace RiskGovernance.Web.Simulation;

/// <summary>Where a shared job is: the engine's stage and the fraction of the work done, in [0, 1].</summary>
/// <param name="Stage">The stage running now ("current: grid", "proposed: backtest", ...).</param>
/// <param name="Fraction">The fraction done, in [0, 1].</param>
public sealed record JobProgress(string Stage, double Fraction)
{
    /// <summary>A job that has not reported yet.</summary>
    public static JobProgress Starting { get; } = new("starting", 0);

    /// <summary>The whole percent done, in [0, 100].</summary>
    public int Percent => (int)Math.Floor(Math.Clamp(Fraction, 0, 1) * 100);
}

/// <summary>
/// What a shared job does: it looks for a result already stored under its key, else computes one and,
/// unless the job was cancelled meanwhile, stores it.
/// </summary>
/// <typeparam name="TResult">The result.</typeparam>
/// <param name="FindStored">The result already stored under the job's key, or null.</param>
/// <param name="Compute">The computation: it reports its progress and observes the token.</param>
/// <param name="Store">
/// Stores a computed result and returns the one kept. Called only when the job was not cancelled, and
/// without a token: a store that has begun is never cut half-way.
/// </param>
public sealed record JobWork<TResult>(
    Func<CancellationToken, Task<TResult?>> FindStored,
    Func<IProgress<JobProgress>, CancellationToken, Task<TResult>> Compute,
    Func<TResult, Task<TResult>> Store)
    where TResult : class;
