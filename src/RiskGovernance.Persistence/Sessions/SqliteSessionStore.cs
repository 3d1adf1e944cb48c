using Microsoft.EntityFrameworkCore;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Sessions;

/// <summary>A stored sign-in session.</summary>
/// <param name="Id">Row id.</param>
/// <param name="TokenHash">Lowercase hex SHA-256 of the session token.</param>
/// <param name="Address">The signed-in address.</param>
/// <param name="Wallet">Wallet kind.</param>
/// <param name="ChainId">Chain id of the sign-in.</param>
/// <param name="SignedInAsMember">On the committee at sign-in.</param>
/// <param name="UserAgent">Browser at sign-in, or null.</param>
/// <param name="CreatedAt">Start.</param>
/// <param name="LastSeenAt">Last use (to the minute).</param>
/// <param name="ExpiresAt">End.</param>
/// <param name="RevokedAt">When revoked, or null.</param>
/// <param name="RevokedReason">Why revoked, or null.</param>
public sealed record SessionRecord(
    long Id, string TokenHash, Address Address, string Wallet, long ChainId, bool SignedInAsMember, string? UserAgent,
    DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedReason)
{
    /// <summary>Not revoked and not yet at its end at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>
/// The portal's sign-in sessions on SQLite (table Sessions): created at sign-in, read on every
/// request and circuit check, revoked by sign-out, "sign out everywhere", a member's removal from
/// the committee or expiry. Revocation is a mark (the row stays, with when and why) and is final.
/// </summary>
public sealed class SqliteSessionStore(IDbContextFactory<GovernanceDbContext> contexts)
{
    /// <summary>Revoked and expired rows older than this are deleted when a new session is created.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly IDbContextFactory<GovernanceDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <summary>Stores a new session (its <see cref="SessionRecord.Id"/> is ignored) and returns it with its id.</summary>
    public async Task<SessionRecord> CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.TokenHash.Length != 64 || !session.TokenHash.All(char.IsAsciiHexDigitLower))
        {
            throw new InputValidationException("session.tokenHash", "must be 64 lowercase hex digits (a SHA-256)");
        }

        if (session.ExpiresAt <= session.CreatedAt)
        {
            throw new InputValidationException("session.expiresAt", "must be after createdAt");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var forgetBefore = (session.CreatedAt - Retention).ToUnixTimeMilliseconds();
        await db.Sessions.Where(s => s.ExpiresAtMs < forgetBefore).ExecuteDeleteAsync(cancellationToken);
        var row = new SessionRow
        {
            TokenHash = session.TokenHash,
            Address = session.Address,
            Wallet = session.Wallet,
            ChainId = session.ChainId,
            SignedInAsMember = session.SignedInAsMember,
            UserAgent = session.UserAgent is { Length: > 200 } agent ? agent[..200] : session.UserAgent,
            CreatedAtMs = session.CreatedAt.ToUnixTimeMilliseconds(),
            LastSeenAtMs = session.LastSeenAt.ToUnixTimeMilliseconds(),
            ExpiresAtMs = session.ExpiresAt.ToUnixTimeMilliseconds(),
        };
        db.Sessions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ToRecord(row);
    }

    /// <summary>The session whose token hashes to <paramref name="tokenHash"/>, revoked or not; null when unknown.</summary>
    public async Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>Records a use of session <paramref name="id"/> at <paramref name="at"/>.</summary>
    public async Task TouchAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ms = at.ToUnixTimeMilliseconds();
        await db.Sessions.Where(s => s.Id == id && s.LastSeenAtMs < ms)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAtMs, ms), cancellationToken);
    }

    /// <summary>
    /// Revokes session <paramref name="id"/> (only when it belongs to <paramref name="owner"/>, when
    /// given); true when this call revoked it, false when it was unknown, someone else's or already revoked.
    /// </summary>
    public async Task<bool> RevokeAsync(long id, Address? owner, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Sessions.Where(s => s.Id == id && s.RevokedAtMs == null);
        if (owner is { } address)
        {
            query = query.Where(s => s.Address == address);
        }

        var ms = at.ToUnixTimeMilliseconds();
        return await query.ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAtMs, ms).SetProperty(s => s.RevokedReason, reason), cancellationToken) == 1;
    }

    /// <summary>Revokes every session of <paramref name="address"/> not yet revoked; returns how many.</summary>
    public async Task<int> RevokeAllAsync(Address address, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ms = at.ToUnixTimeMilliseconds();
        return await db.Sessions.Where(s => s.Address == address && s.RevokedAtMs == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAtMs, ms).SetProperty(s => s.RevokedReason, reason), cancellationToken);
    }

    /// <summary>The sessions of <paramref name="address"/> active at <paramref name="now"/>, newest first.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListActiveAsync(Address address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ms = now.ToUnixTimeMilliseconds();
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.Address == address && s.RevokedAtMs == null && s.ExpiresAtMs > ms)
            .OrderByDescending(s => s.CreatedAtMs).ThenByDescending(s => s.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    private static SessionRecord ToRecord(SessionRow row) => new(
        row.Id, row.TokenHash, row.Address, row.Wallet, row.ChainId, row.SignedInAsMember, row.UserAgent,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(row.LastSeenAtMs),
        DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAtMs),
        row.RevokedAtMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null, row.RevokedReason);
}
