namespace RiskGovernance.Persistence.Audit;

/// <summary>One stored entry of the hash-chained audit log (never updated, never deleted by the application).</summary>
public sealed class AuditEntryRow
{
    /// <summary>Position in the chain, 1, 2, 3, ... (unique).</summary>
    public long Sequence { get; init; }

    /// <summary>When the event happened (the event's time, from the injected clock).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Who caused the change (an address or a system name).</summary>
    public string Actor { get; init; } = "";

    /// <summary>What happened (e.g. ProposalOpened, VoteCast).</summary>
    public string Action { get; init; } = "";

    /// <summary>What it happened to (e.g. a proposal id).</summary>
    public string Subject { get; init; } = "";

    /// <summary>The details as JSON.</summary>
    public string PayloadJson { get; init; } = "{}";

    /// <summary>Hash of the previous entry (0x00..00 for the first), 0x-prefixed hex.</summary>
    public string PrevHash { get; init; } = "";

    /// <summary>Hash of this entry (<c>AuditChain.EntryHash</c>: keccak256(prevHash || canonical bytes)), 0x-prefixed hex.</summary>
    public string Hash { get; init; } = "";
}

/// <summary>
/// The head of the audit chain (table AuditHead, one row): the last sequence and hash, written in
/// the same transaction as every append, so that deleting the newest entries is detected too.
/// </summary>
public sealed class AuditHeadRow
{
    /// <summary>The single row's key (always 1).</summary>
    public int Id { get; set; } = 1;

    /// <summary>Sequence of the last entry.</summary>
    public long Sequence { get; set; }

    /// <summary>Hash of the last entry, 0x-prefixed hex.</summary>
    public string Hash { get; set; } = "";
}
