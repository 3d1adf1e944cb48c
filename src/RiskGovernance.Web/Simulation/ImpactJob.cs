using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Web.Simulation;

/// <summary>
/// A running impact simulation, shared by every viewer of the same inputs (the singleton
/// <see cref="ImpactSimulations"/> holds it). It runs on its own cancellation source, so it goes on
/// when the viewer who started it navigates away; only that viewer (<see cref="Owner"/>) may cancel it.
/// </summary>
public sealed class ImpactJob : IProgress<MarginProgress>
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _gate = new();
    private double _fraction;
    private string _stage = "starting";
    private double _lastAnnounced = -1;

    internal ImpactJob(Hash32 key, string owner, DateTimeOffset startedAt)
    {
        Key = key;
        Owner = owner;
        StartedAt = startedAt;
    }

    /// <summary>The result store key it computes.</summary>
    public Hash32 Key { get; }

    /// <summary>Who started it (a signed-in address or a circuit id); the only one who may cancel it.</summary>
    public string Owner { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Overall progress in [0, 1] (both margin runs).</summary>
    public double Fraction
    {
        get
        {
            lock (_gate)
            {
                return _fraction;
            }
        }
    }

    /// <summary>The engine stage running now ("current: grid", "proposed: montecarlo", ...).</summary>
    public string Stage
    {
        get
        {
            lock (_gate)
            {
                return _stage;
            }
        }
    }

    /// <summary>True once cancellation was asked for.</summary>
    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>Completes with the stored result; canceled when cancelled; faulted on an engine error.</summary>
    public Task<StoredResult> Completion { get; internal set; } = Task.FromException<StoredResult>(new InvalidOperationException("not started"));

    /// <summary>Raised (on the engine's thread) when progress moved by at least one percent or the job ended.</summary>
    public event Action<ImpactJob>? Changed;

    internal CancellationToken Token => _cancellation.Token;

    /// <summary>Cancels when <paramref name="requester"/> is the owner; returns whether it was cancelled.</summary>
    public bool Cancel(string requester)
    {
        if (!string.Equals(requester, Owner, StringComparison.Ordinal))
        {
            return false;
        }

        _cancellation.Cancel();
        Announce();
        return true;
    }

    /// <inheritdoc />
    public void Report(MarginProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool announce;
        lock (_gate)
        {
            // Impact runs the current set, then the proposed one: each is half of the work.
            var half = value.Stage.StartsWith("proposed", StringComparison.Ordinal) ? 0.5 : 0.0;
            _fraction = Math.Max(_fraction, half + (Math.Clamp(value.Fraction, 0, 1) / 2));
            _stage = value.Stage;
            announce = _fraction - _lastAnnounced >= 0.01;
            if (announce)
            {
                _lastAnnounced = _fraction;
            }
        }

        if (announce)
        {
            Announce();
        }
    }

    internal void Announce() => Changed?.Invoke(this);

    internal void CancelForShutdown() => _cancellation.Cancel();
}
