using System.Collections.Concurrent;
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

/// <summary>
/// The sign-in nonces this server issued (in memory, thread-safe): each valid for
/// Portal:SignInChallengeLifetime, bound to the address it was issued for, and usable once.
/// Expired entries are kept for another lifetime (so that a late sign-in hears "expired", not
/// "unknown") and then dropped. A restart forgets every outstanding challenge: the visitor asks again.
/// </summary>
public sealed class SiweNonceStore(IOptions<PortalOptions> options, TimeProvider time)
{
    /// <summary>Most outstanding challenges kept at once; beyond it new challenges are refused.</summary>
    public const int MaxOutstanding = 10_000;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Issues a fresh random nonce (20 letters and digits) for <paramref name="address"/>; returns it, when it was issued and its expiry.</summary>
    public (string Nonce, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) Issue(Address address)
    {
        var now = time.GetUtcNow();
        Prune(now);
        if (_entries.Count >= MaxOutstanding)
        {
            throw new InputValidationException("siwe.nonce", "too many sign-ins are in progress; try again in a minute");
        }

        var expiresAt = now + options.Value.SignInChallengeLifetime;
        while (true)
        {
            var nonce = RandomNumberGenerator.GetString(Alphabet, 20);
            if (_entries.TryAdd(nonce, new Entry(address, expiresAt, Used: false)))
            {
                return (nonce, now, expiresAt);
            }
        }
    }

    /// <summary>The nonce's status now, and the address it was issued for (when known).</summary>
    public (SiweNonceStatus Status, Address? IssuedFor) Check(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        return _entries.TryGetValue(nonce, out var entry)
            ? (StatusOf(entry), entry.Address)
            : (SiweNonceStatus.Unknown, null);
    }

    /// <summary>
    /// Marks the nonce used, atomically: exactly one of several concurrent callers gets
    /// <see cref="SiweNonceStatus.Valid"/>; the others get Used (or Expired/Unknown).
    /// </summary>
    /// <remarks>
    /// The status is judged on the very entry that the compare-and-swap replaces: an entry read
    /// again after the check may already be the used one, and swapping it for itself would let a
    /// second caller through.
    /// </remarks>
    public SiweNonceStatus Consume(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        while (true)
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

            if (_entries.TryUpdate(nonce, entry with { Used = true }, entry))
            {
                return SiweNonceStatus.Valid;
            }
        }
    }

    private SiweNonceStatus StatusOf(Entry entry) =>
        entry.Used ? SiweNonceStatus.Used
        : time.GetUtcNow() >= entry.ExpiresAt ? SiweNonceStatus.Expired
        : SiweNonceStatus.Valid;

    private void Prune(DateTimeOffset now)
    {
        var forgetBefore = now - options.Value.SignInChallengeLifetime;
        foreach (var (nonce, entry) in _entries)
        {
            if (entry.ExpiresAt < forgetBefore)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(nonce, entry));
            }
        }
    }

    private sealed record Entry(Address Address, DateTimeOffset ExpiresAt, bool Used);
}
