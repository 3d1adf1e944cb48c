namespace RiskGovernance.Persistence.Push;

/// <summary>The journal of one proposal pushed to one registry: its queue and execute transactions.</summary>
public sealed class PushJournalRow
{
    /// <summary>Registry address, lowercase 0x-hex (part of the key).</summary>
    public string Registry { get; set; } = "";

    /// <summary>Proposal id, 0x-hex (part of the key).</summary>
    public string ProposalId { get; set; } = "";

    /// <summary>The queue transaction's hash, once signed.</summary>
    public string? QueueHash { get; set; }

    /// <summary>The queue transaction's signed bytes (0x-hex), re-broadcast on resume.</summary>
    public string? QueueRaw { get; set; }

    /// <summary>The queue transaction's status (Signed, Succeeded, Failed).</summary>
    public string? QueueStatus { get; set; }

    /// <summary>The execute transaction's hash, once signed.</summary>
    public string? ExecuteHash { get; set; }

    /// <summary>The execute transaction's signed bytes.</summary>
    public string? ExecuteRaw { get; set; }

    /// <summary>The execute transaction's status.</summary>
    public string? ExecuteStatus { get; set; }

    /// <summary>When the row was last written.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
