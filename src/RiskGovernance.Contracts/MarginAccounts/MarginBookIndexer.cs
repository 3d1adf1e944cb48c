using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts.Dto;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.MarginAccounts;

/// <summary>How the margin-book indexer follows the chain.</summary>
public sealed class MarginBookIndexerOptions
{
    /// <summary>A block is indexed once it has this many confirmations (1 = the head itself). Default 1.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>The first block to read (the contract's deployment block). Default 0.</summary>
    public long StartBlock { get; set; }

    /// <summary>Blocks per eth_getLogs request. Default 2,000.</summary>
    public int BatchBlocks { get; set; } = 2_000;
}

/// <summary>What one <see cref="MarginBookIndexer.IndexOnceAsync"/> did.</summary>
/// <param name="Cursor">The last indexed block after the call (null while nothing is indexed).</param>
/// <param name="Changes">Changes indexed by the call.</param>
/// <param name="Reorg">True when the stored cursor was no longer on the chain.</param>
/// <param name="RolledBackTo">The common ancestor rolled back to (null with <paramref name="Reorg"/>: everything was forgotten).</param>
public sealed record MarginIndexProgress(IndexedBlock? Cursor, int Changes, bool Reorg, IndexedBlock? RolledBackTo);

/// <summary>
/// Builds the book of a MarginAccounts contract from its logs alone, into an <see cref="IMarginBookStore"/>.
/// <list type="bullet">
/// <item>Confirmations: only blocks with at least <see cref="MarginBookIndexerOptions.Confirmations"/> confirmations are read.</item>
/// <item>Restart: the store holds the cursor (the last indexed block, number and hash) with the changes it covers, written in one
/// transaction; a new indexer over the same store continues after the cursor, so nothing is read twice.</item>
/// <item>Reorg: before reading on, the cursor's hash is compared with the chain's block at that number. When they differ the
/// indexer walks back through the blocks it recorded (every block with a log, and every cursor) to the newest one the chain
/// still has, rolls the store back to it (changes, positions opened and closed after it) and indexes the new chain from there.</item>
/// <item>A batch is stored only when its last block's hash is the same before and after its logs were read (the chain did not
/// move under the read); otherwise the call stops and the next one starts with the reorg check.</item>
/// </list>
/// </summary>
public sealed class MarginBookIndexer
{
    private const int AncestorPage = 64;
    private readonly ChainClient _chain;
    private readonly IMarginBookStore _store;
    private readonly MarginBookIndexerOptions _options;

    /// <summary>Creates an indexer of the contract at <paramref name="contract"/>.</summary>
    public MarginBookIndexer(ChainClient chain, Address contract, IMarginBookStore store, MarginBookIndexerOptions options)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Confirmations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Confirmations, "options.confirmations: must be at least 1.");
        }
        if (options.BatchBlocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchBlocks, "options.batchBlocks: must be at least 1.");
        }
        if (options.StartBlock < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StartBlock, "options.startBlock: must be at least 0.");
        }
        Contract = contract;
    }

    /// <summary>The indexed contract.</summary>
    public Address Contract { get; }

    /// <summary>Checks for a reorg, then indexes every confirmed block after the cursor.</summary>
    public async Task<MarginIndexProgress> IndexOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await _store.GetCursorAsync(Contract, cancellationToken).ConfigureAwait(false);
        var reorg = false;
        IndexedBlock? rolledBackTo = null;
        if (cursor is not null && !await IsOnChainAsync(cursor, cancellationToken).ConfigureAwait(false))
        {
            reorg = true;
            rolledBackTo = await FindAncestorAsync(cursor.Number - 1, cancellationToken).ConfigureAwait(false);
            await _store.RollBackAsync(Contract, rolledBackTo, cancellationToken).ConfigureAwait(false);
            cursor = rolledBackTo;
        }

        var head = await _chain.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var target = head - _options.Confirmations + 1;
        var from = cursor is null ? _options.StartBlock : cursor.Number + 1;
        var indexed = 0;
        while (from <= target)
        {
            var to = Math.Min(from + _options.BatchBlocks - 1, target);
            var before = await _chain.GetBlockAsync(to, cancellationToken).ConfigureAwait(false);
            var logs = await _chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
            {
                Address = [Contract.ToString()],
                FromBlock = new BlockParameter(new HexBigInteger(from)),
                ToBlock = new BlockParameter(new HexBigInteger(to)),
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            var after = await _chain.GetBlockAsync(to, cancellationToken).ConfigureAwait(false);
            if (before is null || after is null || before.Hash != after.Hash)
            {
                break;
            }

            var changes = new List<MarginBookChange>();
            foreach (var log in logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value))
            {
                if (Decode(log) is { } change)
                {
                    changes.Add(change);
                }
            }
            var end = new IndexedBlock(after.Number, after.Hash);
            var blocks = changes.Select(c => c.Block).DistinctBy(b => b.Number).ToList();
            await _store.ApplyAsync(Contract, cursor, end, blocks, changes, cancellationToken).ConfigureAwait(false);
            indexed += changes.Count;
            cursor = end;
            from = to + 1;
        }
        return new MarginIndexProgress(cursor, indexed, reorg, rolledBackTo);
    }

    /// <summary>Indexes, then waits <paramref name="pollInterval"/>, until cancelled.</summary>
    public async Task RunAsync(TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        while (!cancellationToken.IsCancellationRequested)
        {
            await IndexOnceAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The indexed state (cursor, balances, open positions).</summary>
    public Task<MarginBookState> LoadAsync(CancellationToken cancellationToken) => _store.LoadAsync(Contract, cancellationToken);

    /// <summary>The indexed book as the engine reads it, options' time to expiry counted from <paramref name="asOf"/>.</summary>
    public async Task<Book> BuildBookAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
        => (await LoadAsync(cancellationToken).ConfigureAwait(false)).ToBook(asOf);

    private async Task<bool> IsOnChainAsync(IndexedBlock block, CancellationToken cancellationToken)
        => await _chain.GetBlockAsync(block.Number, cancellationToken).ConfigureAwait(false) is { } onChain && onChain.Hash == block.Hash;

    /// <summary>The newest recorded block at or below <paramref name="below"/> that the chain still has, or null.</summary>
    private async Task<IndexedBlock?> FindAncestorAsync(long below, CancellationToken cancellationToken)
    {
        var next = below;
        while (next >= 0)
        {
            var page = await _store.GetBlocksAsync(Contract, next, AncestorPage, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return null;
            }
            foreach (var block in page)
            {
                if (await IsOnChainAsync(block, cancellationToken).ConfigureAwait(false))
                {
                    return block;
                }
            }
            next = page[^1].Number - 1;
        }
        return null;
    }

    private MarginBookChange? Decode(FilterLog log)
    {
        if (!Address.TryParse(log.Address, out var emitter) || emitter != Contract || log.Removed)
        {
            return null;
        }
        var block = new IndexedBlock((long)log.BlockNumber.Value, Hash32.Parse(log.BlockHash, "log.blockHash"));
        var index = (long)log.LogIndex.Value;
        if (log.IsLogForEvent<CollateralDepositedEventDto>())
        {
            var e = log.DecodeEvent<CollateralDepositedEventDto>().Event;
            return new CollateralChange(block, index, Address.Parse(e.Account), Symbol(e.Asset), e.Amount, e.Balance);
        }
        if (log.IsLogForEvent<CollateralWithdrawnEventDto>())
        {
            var e = log.DecodeEvent<CollateralWithdrawnEventDto>().Event;
            return new CollateralChange(block, index, Address.Parse(e.Account), Symbol(e.Asset), -e.Amount, e.Balance);
        }
        if (log.IsLogForEvent<PerpOpenedEventDto>())
        {
            var e = log.DecodeEvent<PerpOpenedEventDto>().Event;
            return new PositionOpened(block, index, new MarginPosition(
                (long)e.PositionId, Address.Parse(e.Account), Symbol(e.Asset), MarginPositionKind.Perp, null, e.Quantity, e.EntryPrice, null));
        }
        if (log.IsLogForEvent<OptionOpenedEventDto>())
        {
            var e = log.DecodeEvent<OptionOpenedEventDto>().Event;
            return new PositionOpened(block, index, new MarginPosition(
                (long)e.PositionId, Address.Parse(e.Account), Symbol(e.Asset), MarginPositionKind.Option,
                e.Right == 1 ? OptionRight.Put : OptionRight.Call, e.Quantity, e.Strike, DateTimeOffset.FromUnixTimeSeconds((long)e.Expiry)));
        }
        if (log.IsLogForEvent<PositionClosedEventDto>())
        {
            var e = log.DecodeEvent<PositionClosedEventDto>().Event;
            return new PositionClosed(block, index, (long)e.PositionId);
        }
        return null;
    }

    private static string Symbol(byte[] asset) => Bytes32Field.Decode(asset, "asset");

}
