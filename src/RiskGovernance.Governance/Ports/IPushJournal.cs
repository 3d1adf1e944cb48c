using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>Where a journaled transaction stands.</summary>
public enum JournaledStatus
{
    /// <summary>Signed and recorded; it may or may not have reached the node.</summary>
    Signed = 0,

    /// <summary>Mined with status 1.</summary>
    Succeeded = 1,

    /// <summary>Mined with status 0, or dropped (its nonce was used by another transaction).</summary>
    Failed = 2,
}

/// <summary>A transaction recorded before broadcast: its hash and the exact signed bytes.</summary>
/// <param name="Hash">Transaction hash.</param>
/// <param name="RawTransaction">0x-prefixed signed transaction, re-broadcast on resume.</param>
/// <param name="Status">Status.</param>
public sealed record JournaledTransaction(Hash32 Hash, string RawTransaction, JournaledStatus Status);

/// <summary>The journal of one proposal pushed to one registry.</summary>
/// <param name="Registry">Registry address.</param>
/// <param name="ProposalId">Proposal id.</param>
/// <param name="Queue">The queue transaction, once signed.</param>
/// <param name="Execute">The execute transaction, once signed.</param>
public sealed record PushRecord(Address Registry, Hash32 ProposalId, JournaledTransaction? Queue, JournaledTransaction? Execute);

/// <summary>
/// Durable record of a push: every transaction is saved (hash and raw bytes) before it is
/// broadcast, so that a restarted push resumes from it instead of sending again. Implemented in
/// SQLite by the persistence layer.
/// </summary>
public interface IPushJournal
{
    /// <summary>The record of a proposal at a registry, or null.</summary>
    Task<PushRecord?> FindAsync(Address registry, Hash32 proposalId, CancellationToken cancellationToken);

    /// <summary>Saves (replaces) the record durably before returning.</summary>
    Task SaveAsync(PushRecord record, CancellationToken cancellationToken);
}
