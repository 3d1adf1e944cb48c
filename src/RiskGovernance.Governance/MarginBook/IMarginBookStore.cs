using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.MarginBook;

/// <summary>
/// Durable state of the margin-book indexer of one contract: its cursor (the last indexed block),
/// the blocks it has seen (to find a common ancestor after a reorg), the collateral changes and the
/// positions. Implemented in SQLite by the persistence layer.
/// </summary>
public interface IMarginBookStore
{
    /// <summary>The last indexed block of <paramref name="contract"/>, or null before the first.</summary>
    Task<IndexedBlock?> GetCursorAsync(Address contract, CancellationToken cancellationToken);

    /// <summary>The seen blocks of <paramref name="contract"/> at or below <paramref name="atOrBelow"/>, newest first, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<IndexedBlock>> GetBlocksAsync(Address contract, long atOrBelow, int count, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: records <paramref name="changes"/> (in order) and <paramref name="blocks"/>, and
    /// moves the cursor to <paramref name="cursor"/>. Refused (nothing written) when the stored cursor is
    /// not <paramref name="expectedCursor"/> (another indexer moved it), or a change is already stored.
    /// </summary>
    Task ApplyAsync(Address contract, IndexedBlock? expectedCursor, IndexedBlock cursor, IReadOnlyList<IndexedBlock> blocks,
        IReadOnlyList<MarginBookChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: forgets everything of <paramref name="contract"/> after block <paramref name="ancestor"/>
    /// (or everything, when null) and sets the cursor to it.
    /// </summary>
    Task RollBackAsync(Address contract, IndexedBlock? ancestor, CancellationToken cancellationToken);

    /// <summary>The indexed state (cursor, balances, open positions), read in one snapshot transaction.</summary>
    Task<MarginBookState> LoadAsync(Address contract, CancellationToken cancellationToken);
}
