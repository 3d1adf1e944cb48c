using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>
/// Proposals storage. <see cref="AddAsync"/> and <see cref="SaveAsync"/> persist the proposal
/// and append its <see cref="Proposal.PendingAuditEvents"/> to the audit log in ONE transaction,
/// then call <see cref="Proposal.ClearPendingAuditEvents"/>.
/// </summary>
public interface IProposalRepository
{
    /// <summary>Stores a new proposal; a duplicate id is a <see cref="ConcurrencyConflictException"/>.</summary>
    Task AddAsync(Proposal proposal, CancellationToken cancellationToken);

    /// <summary>The proposal with its votes, timeline, snapshot and simulation, or null.</summary>
    Task<Proposal?> GetAsync(Hash32 id, CancellationToken cancellationToken);

    /// <summary>Proposals in <paramref name="state"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<Proposal>> ListAsync(ProposalState? state, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a loaded proposal with optimistic concurrency: when the stored <see cref="Proposal.Revision"/>
    /// is no longer the one loaded, throws <see cref="ConcurrencyConflictException"/> and writes
    /// nothing (the caller reloads and retries).
    /// </summary>
    Task SaveAsync(Proposal proposal, CancellationToken cancellationToken);
}

/// <summary>A ratified parameter set: registry version, canonical params.json and the params hash the registry stores beside it.</summary>
/// <param name="Version">Registry version.</param>
/// <param name="ParamsJson">Canonical JSON text.</param>
/// <param name="ParamsHash">keccak of <paramref name="ParamsJson"/>.</param>
public sealed record RatifiedParameterSet(long Version, string ParamsJson, Hash32 ParamsHash);

/// <summary>
/// What the portal keeps beside the registry: the committee members' display names (the registry
/// holds addresses and weights only) and a cache of the newest ratified set's canonical JSON. The
/// registry stays the source of truth: <see cref="Application.GovernanceService"/> reads the
/// committee, the guardian and the set in force from it and uses this store only for names and
/// for a JSON whose hash equals the registry's.
/// </summary>
public interface ICommitteeStore
{
    /// <summary>The committee as last recorded, for its display names.</summary>
    Task<CommitteeSnapshot> GetCommitteeAsync(CancellationToken cancellationToken);

    /// <summary>Records a committee's names (first run, and after a membership proposal executed).</summary>
    Task SetCommitteeAsync(CommitteeSnapshot committee, CancellationToken cancellationToken);

    /// <summary>The cached ratified set, or null before the first one.</summary>
    Task<RatifiedParameterSet?> GetRatifiedAsync(CancellationToken cancellationToken);

    /// <summary>Caches a newly ratified set (after execution); a version not above the cached one is ignored.</summary>
    Task SetRatifiedAsync(RatifiedParameterSet ratified, CancellationToken cancellationToken);
}

/// <summary>Append-only, hash-chained audit log (<see cref="AuditChain"/> is the hash rule).</summary>
public interface IAuditLog
{
    /// <summary>Appends one event after the current head and returns the entry.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>Entries in sequence order, optionally only those about <paramref name="subject"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, CancellationToken cancellationToken);

    /// <summary>Re-computes the whole chain (<see cref="AuditChain.Verify"/>).</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The book the portal simulates on: the market snapshot and the book (FORMATS.md JSON texts) as of
/// one date, with their keccak hashes.
/// </summary>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="MarketJson">market.json text.</param>
/// <param name="BookJson">book.json text.</param>
/// <param name="Source">Where it came from (e.g. "demo: 3000 accounts generated, seed 7").</param>
/// <param name="StoredAt">When it was stored.</param>
public sealed record BookSnapshot(DateOnly AsOf, string MarketJson, string BookJson, string Source, DateTimeOffset StoredAt);

/// <summary>The current book and market snapshot the portal simulates proposals on.</summary>
public interface IBookStore
{
    /// <summary>The newest snapshot, or null before the first one.</summary>
    Task<BookSnapshot?> GetCurrentAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new snapshot, which becomes the current one.</summary>
    Task SetCurrentAsync(BookSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="count"/> snapshots, newest (the current one) first, each with the
    /// keccak of its stored market and book texts.
    /// </summary>
    Task<IReadOnlyList<BookSnapshotInfo>> ListAsync(int count, CancellationToken cancellationToken);

    /// <summary>The snapshot stored with <paramref name="sequence"/> (see <see cref="BookSnapshotInfo.Sequence"/>), or null when there is none.</summary>
    Task<BookSnapshot?> GetAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>The sequence of the current (newest) snapshot without reading its texts, or null before the first one.</summary>
    Task<long?> GetCurrentSequenceAsync(CancellationToken cancellationToken);
}

/// <summary>A stored snapshot as the snapshot list shows it (without its texts).</summary>
/// <param name="Sequence">Its place in the store (1 for the first snapshot stored).</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Source">Where it came from (its provenance).</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">keccak of the stored market.json text's UTF-8 bytes.</param>
/// <param name="BookHash">keccak of the stored book.json text's UTF-8 bytes.</param>
/// <param name="MarketBytes">Length of the stored market text in UTF-8 bytes.</param>
/// <param name="BookBytes">Length of the stored book text in UTF-8 bytes.</param>
public sealed record BookSnapshotInfo(
    long Sequence, DateOnly AsOf, string Source, DateTimeOffset StoredAt, Hash32 MarketHash, Hash32 BookHash, long MarketBytes, long BookBytes);

/// <summary>A stored engine result (compact JSON), keyed by the hash of everything that determines it.</summary>
/// <param name="Key">keccak of the inputs' hashes, the engine version and the seed.</param>
/// <param name="Kind">What was computed ("impact", "margin", ...).</param>
/// <param name="ResultJson">The engine's compact JSON output.</param>
/// <param name="ResultHash">keccak of <paramref name="ResultJson"/>'s UTF-8 bytes.</param>
/// <param name="Elapsed">How long the computation took.</param>
/// <param name="ComputedAt">When it was computed.</param>
public sealed record StoredResult(Hash32 Key, string Kind, string ResultJson, Hash32 ResultHash, TimeSpan Elapsed, DateTimeOffset ComputedAt);

/// <summary>Computed results, stored so that a simulation is run once and reused.</summary>
public interface IResultStore
{
    /// <summary>The result stored under <paramref name="key"/>, or null.</summary>
    Task<StoredResult?> FindAsync(Hash32 key, CancellationToken cancellationToken);

    /// <summary>Stores a result; storing the same key again keeps the first one.</summary>
    Task SaveAsync(StoredResult result, CancellationToken cancellationToken);
}
