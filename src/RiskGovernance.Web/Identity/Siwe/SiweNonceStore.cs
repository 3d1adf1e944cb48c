using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity.Siwe;

/// <summary>What the store knows of a nonce at a given time.</summary>
public enum SiweNonceStatus
{
    /// <summary>Issued here, unexpired and unused.</summary>
    Valid,

    /// <summary>Never issued by this server (or forgotten long after it expired).</summary>
    Unknown,

    /// <summary>Issued here but its challenge lifetime is over.</summary>
    Expired,

    /// <summary>Already used for a sign-in.</summary>
    Used,
}

/// <summary>Too many sign-ins are in progress: the store of outstanding challenges is full; nothing was issued.</summary>
/// <param name="retryAfter">When a place is expected to free up.</param>
public sealed class SignInBusyException(TimeSpan retryAfter)
    : Exception($"siwe.nonce: too many sign-ins are in progress; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s")
{
    /// <summary>When to try again (at least one second).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;
}

/// <summary>
/// The sign-in nonces this server issued (in memory, thread-safe): each valid for
/// Portal:SignInChallengeLifetime, bound to the address it was issued for, and usable once.
/// Expired and used entries are kept for another lifetime (so that a late sign-in hears "expired"
/// or "used", not "unknown") and then dropped. A restart forgets every outstanding challenge: the
/// visitor asks again.
/// <para>
/// Bounded so that a flood cannot lock members out: an address holds at most
/// Portal:MaxSignInChallengesPerAddress outstanding challenges (a newer one drops its oldest), and
/// the challenges of addresses outside the committee at most Portal:MaxSignInChallenges in all
/// (beyond it <see cref="SignInBusyException"/>, answered with 429 and Retry-After). Committee
/// members' challenges are counted apart, so they are never refused for the others' flood; there
/// are few members, each with the per-address bound.
/// </para>
/// </summary>
public sealed class SiweNonceStore(IOptions<PortalOptions> options, TimeProvider time)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<Address, Queue<string>> _byAddress = [];
    private int _generalOutstanding;
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <summary>Entries held (outstanding, used and recently expired), for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Issues a fresh random nonce (20 letters and digits) for <paramref name="address"/>; returns
    /// it, when it was issued and its expiry. <paramref name="member"/> (the address is on the
    /// committee now) counts it apart from the visitors' challenges.
    /// </summary>
    /// <exception cref="SignInBusyException">A visitor's challenge while Portal:MaxSignInChallenges are outstanding.</exception>
    public (string Nonce, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) Issue(Address address, bool member = false)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        lock (_lock)
        {
            Prune(now);
            var mine = _byAddress.TryGetValue(address, out var queue) ? queue : null;
            var outstanding = mine?.Count ?? 0;
            if (!member && outstanding < settings.MaxSignInChallengesPerAddress && _generalOutstanding >= settings.MaxSignInChallenges)
            {
                throw new SignInBusyException(RetryAfter(now));
            }

            // The per-address bound: a new challenge drops the address's oldest outstanding one.
            while (mine is not null && mine.Count >= settings.MaxSignInChallengesPerAddress)
            {
                Drop(mine.Dequeue());
            }

            var expiresAt = now + settings.SignInChallengeLifetime;
            string nonce;
            do
            {
                nonce = RandomNumberGenerator.GetString(Alphabet, 20);
            }
            while (_entries.ContainsKey(nonce));

            _entries.Add(nonce, new Entry(address, expiresAt, member, Used: false));
            if (mine is null)
            {
                mine = new Queue<string>();
                _byAddress.Add(address, mine);
            }

            mine.Enqueue(nonce);
            if (!member)
            {
                _generalOutstanding++;
            }

            return (nonce, now, expiresAt);
        }
    }

    /// <summary>The nonce's status now, and the address it was issued for (when known).</summary>
    public (SiweNonceStatus Status, Address? IssuedFor) Check(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        lock (_lock)
        {
            return _entries.TryGetValue(nonce, out var entry)
                ? (StatusOf(entry), entry.Address)
                : (SiweNonceStatus.Unknown, null);
        }
    }

    /// <summary>
    /// Marks the nonce used, atomically: exactly one of several concurrent callers gets
    /// <see cref="SiweNonceStatus.Valid"/>; the others get Used (or Expired/Unknown).
    /// </summary>
    public SiweNonceStatus Consume(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        lock (_lock)
        {
            if (!_entries.TryGetValue(nonce, out var entry))
            {
                return SiweNonceStatus.Unknown;
            }

            var status = StatusOf(entry);
            if (status != SiweNonceStatus.Valid)
            {
                return status;
            }

            _entries[nonce] = entry with { Used = true };
            Release(nonce, entry);
            return SiweNonceStatus.Valid;
        }
    }

    private SiweNonceStatus StatusOf(Entry entry) =>
        entry.Used ? SiweNonceStatus.Used
        : time.GetUtcNow() >= entry.ExpiresAt ? SiweNonceStatus.Expired
        : SiweNonceStatus.Valid;

    // The earliest moment a visitor's outstanding challenge expires (and so frees a place).
    private TimeSpan RetryAfter(DateTimeOffset now)
    {
        var earliest = _entries.Values.Where(e => !e.Used && !e.Member && e.ExpiresAt > now).Select(e => e.ExpiresAt).DefaultIfEmpty(now).Min();
        return earliest - now;
    }

    // An outstanding nonce stops counting (used, expired or dropped).
    private void Release(string nonce, Entry entry)
    {
        if (_byAddress.TryGetValue(entry.Address, out var queue) && queue.Contains(nonce))
        {
            var rest = queue.Where(n => n != nonce).ToArray();
            queue.Clear();
            foreach (var n in rest)
            {
                queue.Enqueue(n);
            }

            if (queue.Count == 0)
            {
                _byAddress.Remove(entry.Address);
            }

            if (!entry.Member)
            {
                _generalOutstanding--;
            }
        }
    }

    private void Drop(string nonce)
    {
        if (_entries.Remove(nonce, out var entry) && !entry.Used)
        {
            if (!entry.Member)
            {
                _generalOutstanding--;
            }
        }
    }

    // At most once a second (a sweep is linear in the entries), and always when the store is full.
    // Used and expired entries only serve a clearer refusal ("already used", "expired"); when they
    // crowd the store (twice the visitors' bound, e.g. a flood of sign-ins with throw-away keys)
    // they are dropped at once, and a replay is then refused as unknown.
    private void Prune(DateTimeOffset now)
    {
        var crowded = _entries.Count >= 2 * options.Value.MaxSignInChallenges;
        if (now - _prunedAt < TimeSpan.FromSeconds(1) && _generalOutstanding < options.Value.MaxSignInChallenges && !crowded)
        {
            return;
        }

        _prunedAt = now;

        // Expired challenges stop counting at once (a queue is in issue order, so they are at its head).
        foreach (var (address, queue) in _byAddress.ToArray())
        {
            while (queue.Count > 0 && _entries.TryGetValue(queue.Peek(), out var head) && head.ExpiresAt <= now)
            {
                queue.Dequeue();
                if (!head.Member)
                {
                    _generalOutstanding--;
                }
            }

            if (queue.Count == 0)
            {
                _byAddress.Remove(address);
            }
        }

        var forgetBefore = now - options.Value.SignInChallengeLifetime;
        foreach (var (nonce, entry) in _entries.ToArray())
        {
            var ended = entry.Used || entry.ExpiresAt <= now;
            if (entry.ExpiresAt < forgetBefore || (ended && (crowded || (entry.Used && entry.ExpiresAt <= now))))
            {
                _entries.Remove(nonce);
            }
        }
    }

    private sealed record Entry(Address Address, DateTimeOffset ExpiresAt, bool Member, bool Used);
}
