using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.MarginBook;

/// <summary>
/// <see cref="IMarginBookStore"/> in four tables: MarginIndexCursors (the last indexed block per
/// contract), MarginIndexBlocks (the blocks seen, to find a common ancestor after a reorg),
/// MarginCollateralChanges (every deposit and withdrawal with the balance after it) and MarginPositions
/// (every position with the blocks that opened and closed it). An apply and a roll-back are each one
/// transaction, so the cursor never moves without the changes it covers.
/// </summary>
public sealed class SqliteMarginBookStore : IMarginBookStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;

    /// <summary>Creates the store over the governance database.</summary>
    public SqliteMarginBookStore(IDbContextFactory<GovernanceDbContext> contexts) =>
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <inheritdoc />
    public async Task<IndexedBlock?> GetCursorAsync(Address contract, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var key = contract.ToLowerHex();
        var row = await db.MarginIndexCursors.AsNoTracking().SingleOrDefaultAsync(r => r.Contract == key, cancellationToken);
        return row is null ? null : new IndexedBlock(row.BlockNumber, Hash32.Parse(row.BlockHash));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexedBlock>> GetBlocksAsync(Address contract, long atOrBelow, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var key = contract.ToLowerHex();
        var rows = await db.MarginIndexBlocks.AsNoTracking().Where(r => r.Contract == key && r.Number <= atOrBelow)
            .OrderByDescending(r => r.Number).Take(count).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IndexedBlock(r.Number, Hash32.Parse(r.Hash)))];
    }

    /// <inheritdoc />
    public async Task ApplyAsync(Address contract, IndexedBlock? expectedCursor, IndexedBlock cursor, IReadOnlyList<IndexedBlock> blocks,
        IReadOnlyList<MarginBookChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(changes);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = contract.ToLowerHex();
        var stored = await db.MarginIndexCursors.SingleOrDefaultAsync(r => r.Contract == key, cancellationToken);
        var storedBlock = stored is null ? null : new IndexedBlock(stored.BlockNumber, Hash32.Parse(stored.BlockHash));
        if (storedBlock != expectedCursor)
        {
            throw new InvalidOperationException(
                $"the margin-book cursor of {contract} is {Describe(storedBlock)}, not the expected {Describe(expectedCursor)}: another indexer moved it; nothing was written.");
        }
        if (expectedCursor is not null && cursor.Number <= expectedCursor.Number)
        {
            throw new ArgumentException($"cursor: block {cursor.Number} is not after the stored cursor {expectedCursor.Number}.", nameof(cursor));
        }

        // Positions opened in this batch, so that a close in the same batch finds them without a save per position
        // (a save per position made a batch's cost grow with the square of its size).
        var openedHere = new Dictionary<long, MarginPositionRow>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case CollateralChange c:
                    db.MarginCollateralChanges.Add(new MarginCollateralChangeRow
                    {
                        Contract = key, BlockNumber = c.Block.Number, LogIndex = c.LogIndex, Account = c.Account.ToString(), Asset = c.Asset,
                        Amount = Text(c.Amount), Balance = Text(c.Balance),
                    });
                    break;
                case PositionOpened o:
                    var p = o.Position;
                    var opened = new MarginPositionRow
                    {
                        Contract = key, PositionId = p.Id, Account = p.Account.ToString(), Asset = p.Asset, Kind = p.Kind.ToString(),
                        Right = p.Right?.ToString(), Quantity = Text(p.Quantity), Price = Text(p.Price), Expiry = p.Expiry?.ToUnixTimeSeconds(),
                        OpenedBlock = o.Block.Number,
                    };
                    db.MarginPositions.Add(opened);
                    openedHere[p.Id] = opened;
                    break;
                case PositionClosed closed:
                    var row = openedHere.GetValueOrDefault(closed.PositionId)
                              ?? await db.MarginPositions.SingleOrDefaultAsync(r => r.Contract == key && r.PositionId == closed.PositionId, cancellationToken)
                              ?? throw new InvalidOperationException($"position {closed.PositionId} of {contract} is closed at block {closed.Block.Number} but was never indexed as opened.");
                    if (row.ClosedBlock is not null)
                    {
                        throw new InvalidOperationException($"position {closed.PositionId} of {contract} is already closed (block {row.ClosedBlock}).");
                    }
                    row.ClosedBlock = closed.Block.Number;
                    break;
                default:
                    throw new ArgumentException($"changes: unknown change {change?.GetType().Name ?? "null"}.", nameof(changes));
            }
        }

        foreach (var block in blocks.Append(cursor).DistinctBy(b => b.Number))
        {
            var existing = await db.MarginIndexBlocks.SingleOrDefaultAsync(r => r.Contract == key && r.Number == block.Number, cancellationToken);
            if (existing is null)
            {
                db.MarginIndexBlocks.Add(new MarginIndexBlockRow { Contract = key, Number = block.Number, Hash = block.Hash.ToString() });
            }
            else
            {
                existing.Hash = block.Hash.ToString();
            }
        }

        if (stored is null)
        {
            db.MarginIndexCursors.Add(new MarginIndexCursorRow { Contract = key, BlockNumber = cursor.Number, BlockHash = cursor.Hash.ToString() });
        }
        else
        {
            stored.BlockNumber = cursor.Number;
            stored.BlockHash = cursor.Hash.ToString();
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task RollBackAsync(Address contract, IndexedBlock? ancestor, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = contract.ToLowerHex();
        var after = ancestor?.Number ?? long.MinValue;
        await db.MarginCollateralChanges.Where(r => r.Contract == key && r.BlockNumber > after).ExecuteDeleteAsync(cancellationToken);
        await db.MarginPositions.Where(r => r.Contract == key && r.OpenedBlock > after).ExecuteDeleteAsync(cancellationToken);
        await db.MarginPositions.Where(r => r.Contract == key && r.ClosedBlock > after)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedBlock, (long?)null), cancellationToken);
        await db.MarginIndexBlocks.Where(r => r.Contract == key && r.Number > after).ExecuteDeleteAsync(cancellationToken);
        await db.MarginIndexCursors.Where(r => r.Contract == key).ExecuteDeleteAsync(cancellationToken);
        if (ancestor is not null)
        {
            db.MarginIndexCursors.Add(new MarginIndexCursorRow { Contract = key, BlockNumber = ancestor.Number, BlockHash = ancestor.Hash.ToString() });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MarginBookState> LoadAsync(Address contract, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = contract.ToLowerHex();
        var cursor = await db.MarginIndexCursors.AsNoTracking().SingleOrDefaultAsync(r => r.Contract == key, cancellationToken);
        var changes = await db.MarginCollateralChanges.AsNoTracking().Where(r => r.Contract == key)
            .OrderBy(r => r.BlockNumber).ThenBy(r => r.LogIndex).ToListAsync(cancellationToken);
        var latest = new Dictionary<(string, string), MarginCollateralChangeRow>();
        foreach (var c in changes)
        {
            latest[(c.Account, c.Asset)] = c;
        }
        var positions = await db.MarginPositions.AsNoTracking().Where(r => r.Contract == key && r.ClosedBlock == null)
            .OrderBy(r => r.PositionId).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MarginBookState(
            cursor is null ? null : new IndexedBlock(cursor.BlockNumber, Hash32.Parse(cursor.BlockHash)),
            [.. latest.Values.Select(c => new MarginCollateral(Address.Parse(c.Account), c.Asset, Parse(c.Balance))).Where(c => !c.Balance.IsZero)],
            [.. positions.Select(p => new MarginPosition(
                p.PositionId, Address.Parse(p.Account), p.Asset, Enum.Parse<MarginPositionKind>(p.Kind),
                p.Right is null ? null : Enum.Parse<OptionRight>(p.Right), Parse(p.Quantity), Parse(p.Price),
                p.Expiry is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null))]);
    }

    private static string Describe(IndexedBlock? block) => block is null ? "none" : $"block {block.Number} ({block.Hash})";

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger Parse(string text) => BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
