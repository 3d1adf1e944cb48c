using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Sessions;

/// <summary>
/// A sign-in session of the portal (table Sessions). The browser's cookie carries a random session
/// token; only its SHA-256 is stored here, so the table alone cannot be used to sign in. Times are
/// Unix milliseconds (wall-clock), so that SQLite compares and orders them.
/// </summary>
public sealed class SessionRow
{
    /// <summary>Row id (the handle the sessions page revokes by).</summary>
    public long Id { get; set; }

    /// <summary>Lowercase hex SHA-256 of the session token (unique).</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The signed-in address.</summary>
    public Address Address { get; set; }

    /// <summary>Wallet kind ("browser" or "dev").</summary>
    public string Wallet { get; set; } = "";

    /// <summary>Chain id the sign-in message named.</summary>
    public long ChainId { get; set; }

    /// <summary>The address was on the committee at sign-in (the session ends when it leaves it).</summary>
    public bool SignedInAsMember { get; set; }

    /// <summary>The browser's User-Agent at sign-in (shortened), to tell sessions apart.</summary>
    public string? UserAgent { get; set; }

    /// <summary>When the session began (Unix ms).</summary>
    public long CreatedAtMs { get; set; }

    /// <summary>When it was last used (Unix ms; updated at most once a minute).</summary>
    public long LastSeenAtMs { get; set; }

    /// <summary>When it ends (Unix ms).</summary>
    public long ExpiresAtMs { get; set; }

    /// <summary>When it was revoked (Unix ms), or null.</summary>
    public long? RevokedAtMs { get; set; }

    /// <summary>Why it was revoked ("signed out", "signed out everywhere", "removed from the committee", "expired"), or null.</summary>
    public string? RevokedReason { get; set; }
}
