using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Simulation;
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
/// A snapshot to store: the market snapshot and the book as of one date, read and validated, with
/// where they came from. The store computes the hashes (see <see cref="BookSnapshot"/>).
/// </summary>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Market">The market snapshot.</param>
/// <param name="Book">The book.</param>
/// <param name="Source">Where it came from (e.g. "demo: 3000 accounts generated, seed 7").</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketProvenance">The oracle provenance of the market (compact JSON, <c>OracleMarketSnapshot.ProvenanceJson(false)</c>), or
/// null when the market did not come from on-chain oracles.</param>
public sealed record NewBookSnapshot(DateOnly AsOf, MarketSnapshot Market, Book Book, string Source, DateTimeOffset StoredAt, string? MarketProvenance = null);

/// <summary>
/// A stored snapshot the portal simulates on, parsed: the market snapshot and the book as of one
/// date, with their hashes. <see cref="BookHash"/> is the keccak of the book's compact book.json
/// bytes; <see cref="MarketHash"/> is the keccak of the compact market.json text, or, when the
/// market has an oracle provenance, <see cref="Simulation.OracleMarketHash"/> (market and provenance).
/// A simulation record names these two hashes (<see cref="Inputs"/>).
/// </summary>
/// <param name="Sequence">Its place in the store (1 for the first snapshot stored).</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Market">The market snapshot.</param>
/// <param name="MarketJson">The stored market.json text (compact).</param>
/// <param name="MarketProvenance">The oracle provenance (compact JSON), or null.</param>
/// <param name="Book">The book (shared: the store keeps the current one in memory; never changed).</param>
/// <param name="MarketHash">The market hash a simulation record names.</param>
/// <param name="BookHash">keccak of the book's compact book.json bytes.</param>
/// <param name="BookBytes">Length of the book's compact book.json in bytes.</param>
/// <param name="Source">Where it came from (its provenance text).</param>
/// <param name="StoredAt">When it was stored.</param>
public sealed record BookSnapshot(
    long Sequence, DateOnly AsOf, MarketSnapshot Market, string MarketJson, string? MarketProvenance, Book Book,
    Hash32 MarketHash, Hash32 BookHash, long BookBytes, string Source, DateTimeOffset StoredAt)
{
    /// <summary>The market and book with the hashes a simulation record names.</summary>
    public SimulationBook Inputs => new(Market, Book, MarketHash, BookHash);
}

/// <summary>
/// The current book and market snapshot the portal simulates proposals on. Every snapshot is kept;
/// the newest is current. Stored snapshots never change.
/// </summary>
public interface IBookStore
{
    /// <summary>The newest snapshot, or null before the first one.</summary>
    Task<BookSnapshot?> GetCurrentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Hashes and stores a new snapshot, which becomes the current one, and returns it as stored;
    /// a snapshot whose book is already stored shares it (only the market is new).
    /// </summary>
    Task<BookSnapshot> SetCurrentAsync(NewBookSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="count"/> snapshots, newest (the current one) first, each with its
    /// market and book hashes.
    /// </summary>
    Task<IReadOnlyList<BookSnapshotInfo>> ListAsync(int count, CancellationToken cancellationToken);

    /// <summary>The snapshot stored with <paramref name="sequence"/> (see <see cref="BookSnapshotInfo.Sequence"/>), or null when there is none.</summary>
    Task<BookSnapshot?> GetAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>The sequence of the current (newest) snapshot without reading its book, or null before the first one.</summary>
    Task<long?> GetCurrentSequenceAsync(CancellationToken cancellationToken);

    /// <summary>The summary of the snapshot stored with <paramref name="sequence"/> without reading its book, or null when there is none.</summary>
    Task<BookSnapshotInfo?> GetInfoAsync(long sequence, CancellationToken cancellationToken);
}

/// <summary>A stored snapshot as the snapshot list shows it (without its texts).</summary>
/// <param name="Sequence">Its place in the store (1 for the first snapshot stored).</param>
/// <param name="AsOf">Valuation date of the market snapshot.</param>
/// <param name="Source">Where it came from (its provenance).</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="MarketHash">The market hash (<see cref="BookSnapshot.MarketHash"/>).</param>
/// <param name="BookHash">keccak of the book's compact book.json bytes.</param>
/// <param name="MarketBytes">Length of the stored market text in UTF-8 bytes.</param>
/// <param name="BookBytes">Length of the book's compact book.json in bytes.</param>
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
