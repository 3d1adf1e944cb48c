namespace RiskGovernance.Web.Infrastructure;

/// <summary>
/// The portal's clock: the system clock plus an offset that only moves forward. In Development
/// the offset follows the local chain when its time is advanced (<see cref="ChainTime"/>), so
/// that the app and anvil agree on when voting ends and when a timelock is due. In any other
/// environment the offset stays zero.
/// </summary>
public sealed class PortalClock : TimeProvider
{
    private readonly TimeProvider _system;
    private long _offsetTicks;

    /// <summary>A clock over the system clock.</summary>
    public PortalClock()
        : this(System)
    {
    }

    /// <summary>A clock over <paramref name="underlying"/> (tests).</summary>
    internal PortalClock(TimeProvider underlying) => _system = underlying ?? throw new ArgumentNullException(nameof(underlying));

    /// <summary>How far this clock runs ahead of the system clock.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _system.GetUtcNow() + Offset;

    /// <summary>Moves the clock so that it reads at least <paramref name="now"/>; never moves it back.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _offsetTicks);
            var wanted = (now - _system.GetUtcNow()).Ticks;
            if (wanted <= current || Interlocked.CompareExchange(ref _offsetTicks, wanted, current) == current)
            {
                return;
            }
        }
    }
}
