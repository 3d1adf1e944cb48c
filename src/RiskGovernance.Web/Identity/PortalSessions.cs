using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance.Application;
using RiskGovernance.Persistence.Sessions;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity;

/// <summary>Why a session ended.</summary>
public static class SessionEndReasons
{
    /// <summary>Sign out from this browser.</summary>
    public const string SignedOut = "signed out";

    /// <summary>"Sign out everywhere".</summary>
    public const string SignedOutEverywhere = "signed out everywhere";

    /// <summary>Revoked from the sessions page.</summary>
    public const string RevokedByOwner = "revoked from the sessions page";

    /// <summary>A member's session after the address left the committee.</summary>
    public const string RemovedFromCommittee = "removed from the committee";

    /// <summary>Past its end.</summary>
    public const string Expired = "expired";
}

/// <summary>
/// The portal's server-side sessions (stored in SQLite by <see cref="SqliteSessionStore"/>): the
/// cookie carries a random token (claim <see cref="PortalClaims.SessionId"/>); the store keeps its
/// SHA-256. A session is current while its row is neither revoked nor past its end (wall-clock
/// time, as the cookie) and, for a session begun as a committee member, while the address is still
/// on the chain's committee. Every request (the cookie's OnValidatePrincipal) and every open
/// circuit (<see cref="SessionRevalidation"/>) asks <see cref="ValidateAsync"/>.
/// </summary>
public sealed class PortalSessions(SqliteSessionStore store, GovernanceService governance, IOptions<PortalOptions> options, ILogger<PortalSessions> log)
{
    /// <summary>How long the committee read from the chain is reused by session checks.</summary>
    public static readonly TimeSpan CommitteeCacheLifetime = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private readonly Lock _committeeLock = new();
    private (DateTimeOffset At, IReadOnlySet<Address> Members)? _committee;

    /// <summary>Wall-clock time (sessions do not follow the portal's time travel).</summary>
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <summary>The SHA-256 (lowercase hex) under which a token is stored.</summary>
    public static string HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>
    /// True when the principal must have a current session in the store: it carries a session
    /// token, or it came from the session cookie (the portal's only authentication scheme) at all.
    /// </summary>
    public static bool NeedsSession(ClaimsPrincipal? principal)
        => principal?.Identity?.IsAuthenticated == true
           && (principal.FindFirst(PortalClaims.SessionId) is not null
               || principal.Identity.AuthenticationType == Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The session token a principal carries, or null.</summary>
    public static string? TokenOf(ClaimsPrincipal? principal)
        => principal?.Identity?.IsAuthenticated == true ? principal.FindFirst(PortalClaims.SessionId)?.Value : null;

    /// <summary>Begins a session for <paramref name="address"/>; returns its token (for the cookie only) and the stored record.</summary>
    public async Task<(string Token, SessionRecord Session)> BeginAsync(
        Address address, string wallet, long chainId, bool member, string? userAgent, CancellationToken cancellationToken)
    {
        var token = Base64UrlToken(RandomNumberGenerator.GetBytes(32));
        var now = Now;
        var session = await store.CreateAsync(new SessionRecord(
            0, HashOf(token), address, wallet, chainId, member, Clean(userAgent), now, now, now + options.Value.SessionLifetime, null, null), cancellationToken);
        return (token, session);
    }

    /// <summary>
    /// The current session of <paramref name="token"/>, or null when it is unknown, revoked, past its
    /// end (it is then marked expired) or a member's session whose address left the committee (it is
    /// then revoked). Records the use at most once a minute.
    /// </summary>
    public async Task<SessionRecord?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var session = await store.FindAsync(HashOf(token), cancellationToken);
        if (session is null || session.RevokedAt is not null)
        {
            return null;
        }

        var now = Now;
        if (now >= session.ExpiresAt)
        {
            await store.RevokeAsync(session.Id, null, now, SessionEndReasons.Expired, cancellationToken);
            return null;
        }

        if (session.SignedInAsMember && await LeftCommitteeAsync(session.Address, cancellationToken))
        {
            log.LogInformation("Session {Id} of {Address} revoked: the address is no longer on the committee", session.Id, session.Address);
            await store.RevokeAsync(session.Id, null, now, SessionEndReasons.RemovedFromCommittee, cancellationToken);
            return null;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await store.TouchAsync(session.Id, now, cancellationToken);
            session = session with { LastSeenAt = now };
        }

        return session;
    }

    /// <summary>Ends the session of <paramref name="token"/> (sign out); false when there was none to end.</summary>
    public async Task<bool> EndAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var session = await store.FindAsync(HashOf(token), cancellationToken);
        return session is not null && await store.RevokeAsync(session.Id, null, Now, SessionEndReasons.SignedOut, cancellationToken);
    }

    /// <summary>Revokes the session <paramref name="id"/> of <paramref name="owner"/>; false when it is not theirs or already ended.</summary>
    public Task<bool> RevokeAsync(Address owner, long id, CancellationToken cancellationToken)
        => store.RevokeAsync(id, owner, Now, SessionEndReasons.RevokedByOwner, cancellationToken);

    /// <summary>Revokes every session of <paramref name="owner"/> (sign out everywhere); returns how many were open.</summary>
    public Task<int> RevokeAllAsync(Address owner, CancellationToken cancellationToken)
        => store.RevokeAllAsync(owner, Now, SessionEndReasons.SignedOutEverywhere, cancellationToken);

    /// <summary>The active sessions of <paramref name="owner"/>, newest first.</summary>
    public Task<IReadOnlyList<SessionRecord>> ListAsync(Address owner, CancellationToken cancellationToken)
        => store.ListActiveAsync(owner, Now, cancellationToken);

    // True only when the chain's committee was read and does not hold the address; a chain that
    // cannot be read ends no session (every action checks the committee again anyway).
    private async Task<bool> LeftCommitteeAsync(Address address, CancellationToken cancellationToken)
    {
        var now = Now;
        IReadOnlySet<Address>? members = null;
        lock (_committeeLock)
        {
            if (_committee is { } cached && now - cached.At < CommitteeCacheLifetime && now >= cached.At)
            {
                members = cached.Members;
            }
        }

        if (members is null)
        {
            try
            {
                members = (await governance.GetCommitteeAsync(cancellationToken)).Members.Select(m => m.Address).ToHashSet();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Session check: the committee could not be read ({Message}); sessions are kept", e.Message);
                return false;
            }

            lock (_committeeLock)
            {
                _committee = (now, members);
            }
        }

        return !members.Contains(address);
    }

    private static string Base64UrlToken(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Clean(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var clean = new string(userAgent.Where(c => !char.IsControl(c) && c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069')).ToArray()).Trim();
        return clean.Length > 200 ? clean[..200] : clean;
    }
}
