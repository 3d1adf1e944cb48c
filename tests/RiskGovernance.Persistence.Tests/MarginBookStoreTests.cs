using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The SQLite margin-book store alone: the cursor moves only with the changes it covers, a writer that
/// expected another cursor (a second indexer) is refused with nothing written, and a roll-back forgets
/// exactly what came after the ancestor (reopening a position closed after it).
/// </summary>
public sealed class MarginBookStoreTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Address Contract = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly Address Alice = Address.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static readonly BigInteger One = BigInteger.Pow(10, 18);

    [Fact]
    public async Task Apply_StaleExpectedCursor_RefusedAndNothingWritten()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var store = db.Services.GetRequiredService<IMarginBookStore>();
        var b10 = Block(10);
        await store.ApplyAsync(Contract, null, b10, [b10], [Deposit(b10, 0, 2 * One)], Ct);

        var stale = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.ApplyAsync(Contract, null, Block(12), [Block(11)], [Deposit(Block(11), 0, 5 * One)], Ct));

        Assert.Contains("another indexer moved it", stale.Message, StringComparison.Ordinal);
        var state = await store.LoadAsync(Contract, Ct);
        Assert.Equal(b10, state.Cursor);
        Assert.Equal(2 * One, state.Collateral.Single().Balance);
    }

    [Fact]
    public async Task RollBack_ToAncestor_ForgetsLaterChangesAndReopensPositionsClosedAfterIt()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var store = db.Services.GetRequiredService<IMarginBookStore>();
        var b10 = Block(10);
        var b12 = Block(12);
        var perp = new MarginPosition(1, Alice, "BTC", MarginPositionKind.Perp, null, One, 60_000 * One, null);
        await store.ApplyAsync(Contract, null, b10, [b10], [Deposit(b10, 0, 2 * One), new PositionOpened(b10, 1, perp)], Ct);
        await store.ApplyAsync(Contract, b10, b12, [Block(11)],
            [Deposit(Block(11), 0, 3 * One), new PositionClosed(Block(11), 1, 1), new PositionOpened(Block(11), 2, perp with { Id = 2 })], Ct);
        Assert.Equal([2L], (await store.LoadAsync(Contract, Ct)).Positions.Select(p => p.Id));

        var ancestor = (await store.GetBlocksAsync(Contract, 10, 5, Ct)).First();
        await store.RollBackAsync(Contract, ancestor, Ct);

        var state = await store.LoadAsync(Contract, Ct);
        Assert.Equal(b10, state.Cursor);
        Assert.Equal(2 * One, state.Collateral.Single().Balance);
        Assert.Equal([1L], state.Positions.Select(p => p.Id));
        Assert.Equal([b10], await store.GetBlocksAsync(Contract, 100, 10, Ct));
    }

    [Fact]
    public async Task Apply_OneBatch_PositionsOpenedAndSomeClosedInIt_TheOpenOnesRemain()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var store = db.Services.GetRequiredService<IMarginBookStore>();
        var b20 = Block(20);
        var perp = new MarginPosition(0, Alice, "ETH", MarginPositionKind.Perp, null, One, 3_000 * One, null);
        var changes = new List<MarginBookChange>();
        for (var id = 1L; id <= 500; id++)
        {
            changes.Add(new PositionOpened(b20, changes.Count, perp with { Id = id }));
            if (id % 5 == 0)
            {
                changes.Add(new PositionClosed(b20, changes.Count, id - 2));
            }
        }
        await store.ApplyAsync(Contract, null, b20, [b20], changes, Ct);

        var open = (await store.LoadAsync(Contract, Ct)).Positions.Select(p => p.Id).ToHashSet();
        Assert.Equal(400, open.Count);
        Assert.DoesNotContain(3L, open);
        Assert.DoesNotContain(498L, open);
        Assert.Contains(5L, open);

        // A close of a position opened in an earlier batch is found in the database; a second close is refused.
        var b21 = Block(21);
        await store.ApplyAsync(Contract, b20, b21, [b21], [new PositionClosed(b21, 0, 5)], Ct);
        Assert.DoesNotContain(5L, (await store.LoadAsync(Contract, Ct)).Positions.Select(p => p.Id));
        var twice = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.ApplyAsync(Contract, b21, Block(22), [Block(22)], [new PositionClosed(Block(22), 0, 5)], Ct));
        Assert.Contains("already closed", twice.Message, StringComparison.Ordinal);
    }

    private static IndexedBlock Block(long number) => new(number, Hash32.Keccak($"block {number}"));

    private static CollateralChange Deposit(IndexedBlock block, long logIndex, BigInteger balance)
        => new(block, logIndex, Alice, "BTC", balance, balance);
}
