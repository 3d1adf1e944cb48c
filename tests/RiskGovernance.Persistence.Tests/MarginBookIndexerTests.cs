using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The margin-book indexer on a real anvil chain, over the real MarginAccounts contract (reading a real
/// registry) and a real SQLite file: the indexed book equals an independent computation from the
/// transactions sent (and the contract's own balances); a block is indexed only with N confirmations;
/// a new indexer over the same file resumes from the stored cursor without counting anything twice; and
/// after evm_revert and other transactions the book is the new chain's only.
/// </summary>
public sealed class MarginBookIndexerTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly SigningKey Alice = DevelopmentKeys.Key(1);
    private static readonly SigningKey Bob = DevelopmentKeys.Key(2);
    private static readonly SigningKey Carol = DevelopmentKeys.Key(3);

    [Fact]
    public async Task Index_TransactionsOfThreeAccounts_BookEqualsIndependentComputationAndContractBalances()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var (accounts, start, asOf) = await DeployAsync();
        var expected = new ExpectedBook();
        var ops = new Ops(accounts, expected, asOf);

        await ops.Deposit(Alice, "USDC", 250_000m);
        await ops.Deposit(Alice, "BTC", 2.5m);
        await ops.Deposit(Bob, "ETH", 40m);
        await ops.Perp(Alice, "BTC", -2m, 19_000m);
        await ops.Option(Alice, "ETH", OptionRight.Put, 1_200m, 30, -25m);
        await ops.Withdraw(Alice, "BTC", 0.5m);
        await ops.Perp(Bob, "ETH", 30m, 1_500m);
        await ops.Perp(Bob, "SOL", -800m, 30m);
        await ops.Option(Bob, "ETH", OptionRight.Call, 1_300m, 7, 30m);
        await ops.Close(Bob, 3);
        await ops.Deposit(Carol, "SOL", 5_000m);
        await ops.Option(Carol, "SOL", OptionRight.Call, 30m, 2, -4_000m);
        await ops.Deposit(Carol, "USDC", 1_000m);
        await ops.Withdraw(Carol, "USDC", 1_000m);
        await ops.Close(Alice, 1);

        var indexer = Indexer(db, accounts, start, confirmations: 1, batchBlocks: 4);
        var progress = await indexer.IndexOnceAsync(Ct);

        Assert.Equal(15, progress.Changes);
        Assert.False(progress.Reorg);
        Assert.Equal(await node.CreateClient().GetBlockNumberAsync(Ct), progress.Cursor!.Number);
        var book = await indexer.BuildBookAsync(asOf, Ct);
        Assert.Equal(Json(expected.ToBook()), Json(book));
        foreach (var account in book.Accounts)
        {
            foreach (var c in account.Collateral)
            {
                var onChain = await accounts.GetCollateralAsync(Address.Parse(account.Id), c.Asset, Ct);
                Assert.Equal(MarginAccountsService.ToRaw((decimal)c.Amount), onChain);
            }
        }
        Assert.Equal(4L, await db.ScalarAsync("SELECT COUNT(*) FROM MarginPositions WHERE ClosedBlock IS NULL"));
        Assert.Equal(6L, await db.ScalarAsync("SELECT COUNT(*) FROM MarginPositions"));
        Assert.Equal(0, (await indexer.IndexOnceAsync(Ct)).Changes);
    }

    [Fact]
    public async Task Index_WithThreeConfirmations_ABlockIsIndexedOnlyWhenTwoMoreFollowIt()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var (accounts, start, asOf) = await DeployAsync();
        // Start a few blocks before the deployment (they hold no log of it) so that the first pass has blocks to index.
        var indexer = Indexer(db, accounts, start - 4, confirmations: 3, batchBlocks: 100);
        var deposit = await accounts.DepositAsync(Alice, "BTC", MarginAccountsService.ToRaw(1.5m), Ct);

        var first = await indexer.IndexOnceAsync(Ct);
        Assert.Equal(deposit.BlockNumber - 2, first.Cursor!.Number);
        Assert.Empty((await indexer.BuildBookAsync(asOf, Ct)).Accounts);

        await node.Controls.MineAsync(Ct);
        var second = await indexer.IndexOnceAsync(Ct);
        Assert.Equal(deposit.BlockNumber - 1, second.Cursor!.Number);
        Assert.Empty((await indexer.BuildBookAsync(asOf, Ct)).Accounts);

        await node.Controls.MineAsync(Ct);
        var third = await indexer.IndexOnceAsync(Ct);
        Assert.Equal(deposit.BlockNumber, third.Cursor!.Number);
        Assert.Equal(1, third.Changes);
        var account = Assert.Single((await indexer.BuildBookAsync(asOf, Ct)).Accounts);
        Assert.Equal((Alice.Address.ToString(), "BTC", 1.5), (account.Id, account.Collateral.Single().Asset, account.Collateral.Single().Amount));
    }

    [Fact]
    public async Task Restart_NewIndexerOverTheSameFile_ResumesFromTheCursorAndCountsNothingTwice()
    {
        var first = await TestDatabase.CreateAsync(directory, Ct);
        var (accounts, start, asOf) = await DeployAsync();
        var expected = new ExpectedBook();
        var ops = new Ops(accounts, expected, asOf);
        await ops.Deposit(Alice, "ETH", 10m);
        await ops.Perp(Alice, "ETH", 4m, 2_000m);
        await ops.Deposit(Bob, "USDC", 5_000m);
        var before = await Indexer(first, accounts, start, 1, 100).IndexOnceAsync(Ct);
        Assert.Equal(3, before.Changes);
        var dataDirectory = first.DataDirectory;
        await first.DisposeAsync();

        await ops.Deposit(Alice, "ETH", 2.25m);
        await ops.Option(Bob, "BTC", OptionRight.Put, 50_000m, 14, 1.5m);
        await ops.Close(Alice, 1);
        await using var services = TestDatabase.Build(dataDirectory, ManualTimeProvider.At2026());
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);
        var store = services.GetRequiredService<IMarginBookStore>();
        Assert.Equal(before.Cursor, await store.GetCursorAsync(accounts.Address, Ct));
        var restarted = new MarginBookIndexer(accounts.Sender.Chain, accounts.Address, store, new MarginBookIndexerOptions { StartBlock = start });

        var after = await restarted.IndexOnceAsync(Ct);

        Assert.Equal(3, after.Changes);
        Assert.Equal(Json(expected.ToBook()), Json(await restarted.BuildBookAsync(asOf, Ct)));
        var state = await restarted.LoadAsync(Ct);
        Assert.Equal(MarginAccountsService.ToRaw(12.25m), state.Collateral.Single(c => c.Account == Alice.Address).Balance);
        Assert.Equal([2L], state.Positions.Select(p => p.Id));
        await using var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, PersistenceOptions.DatabaseFileName)};Pooling=False");
        await file.OpenAsync();
        await using var count = file.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM MarginCollateralChanges";
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Reorg_RevertThenOtherTransactions_BookIsTheNewChainsOnly()
    {
        await using var db = await TestDatabase.CreateAsync(directory, Ct);
        var (accounts, start, asOf) = await DeployAsync();
        var expected = new ExpectedBook();
        var ops = new Ops(accounts, expected, asOf);
        await ops.Deposit(Alice, "BTC", 3m);
        var indexer = Indexer(db, accounts, start, 1, 100);
        var common = await indexer.IndexOnceAsync(Ct);
        var snapshot = await node.Controls.SnapshotAsync(Ct);

        // The fork that will be abandoned: Bob deposits and opens; the indexer follows it.
        var abandoned = new Ops(accounts, new ExpectedBook(), asOf);
        await abandoned.Deposit(Bob, "ETH", 50m);
        await abandoned.Perp(Bob, "ETH", 10m, 1_800m);
        await abandoned.Withdraw(Alice, "BTC", 1m);
        var onFork = await indexer.IndexOnceAsync(Ct);
        Assert.Equal(3, onFork.Changes);
        Assert.True(onFork.Cursor!.Number > common.Cursor!.Number);

        Assert.True(await node.Controls.RevertAsync(snapshot, Ct));
        // The node forgot the fork's transactions: a new sender reads the accounts' nonces again.
        var reverted = new MarginAccountsService(node.CreateSender(), accounts.Address);
        var newChain = new Ops(reverted, expected, asOf);
        await newChain.Deposit(Carol, "SOL", 700m);
        await newChain.Option(Alice, "BTC", OptionRight.Call, 70_000m, 21, -0.5m);
        await newChain.Deposit(Alice, "USDC", 9_000m);
        await newChain.Perp(Carol, "SOL", -100m, 25m);
        await node.Controls.MineAsync(Ct, 2);

        var progress = await indexer.IndexOnceAsync(Ct);

        Assert.True(progress.Reorg);
        Assert.NotNull(progress.RolledBackTo);
        Assert.True(progress.RolledBackTo.Number <= common.Cursor.Number);
        Assert.Equal(4, progress.Changes);
        Assert.Equal(Json(expected.ToBook()), Json(await indexer.BuildBookAsync(asOf, Ct)));
        var state = await indexer.LoadAsync(Ct);
        Assert.DoesNotContain(state.Collateral, c => c.Account == Bob.Address);
        Assert.Equal([1L, 2L], state.Positions.Select(p => p.Id));
        Assert.Equal(MarginAccountsService.ToRaw(3m), await reverted.GetCollateralAsync(Alice.Address, "BTC", Ct));
    }

    private async Task<(MarginAccountsService Accounts, long Start, DateTimeOffset AsOf)> DeployAsync()
    {
        var scenario = await RegistryScenario.DeployAsync(node, Ct);
        var accounts = await MarginAccountsService.DeployAsync(scenario.Sender, RegistryScenario.Operator, scenario.Registry.Address, "USDC", Ct);
        var head = await scenario.Chain.GetLatestBlockAsync(Ct);
        return (accounts, head.Number, head.Timestamp);
    }

    private static MarginBookIndexer Indexer(TestDatabase db, MarginAccountsService accounts, long start, int confirmations, int batchBlocks)
        => new(accounts.Sender.Chain, accounts.Address, db.Services.GetRequiredService<IMarginBookStore>(),
            new MarginBookIndexerOptions { Confirmations = confirmations, StartBlock = start, BatchBlocks = batchBlocks });

    private static string Json(Book book)
    {
        using var stream = new MemoryStream();
        BookJson.WriteTo(stream, book);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Sends each operation and records, independently of the contract and the indexer, what it should make.</summary>
    private sealed class Ops(MarginAccountsService accounts, ExpectedBook expected, DateTimeOffset asOf)
    {
        public async Task Deposit(SigningKey who, string asset, decimal amount)
        {
            await accounts.DepositAsync(who, asset, MarginAccountsService.ToRaw(amount), Ct);
            expected.Add(who.Address, asset, amount);
        }

        public async Task Withdraw(SigningKey who, string asset, decimal amount)
        {
            await accounts.WithdrawAsync(who, asset, MarginAccountsService.ToRaw(amount), Ct);
            expected.Add(who.Address, asset, -amount);
        }

        public async Task Perp(SigningKey who, string asset, decimal quantity, decimal entry)
        {
            await accounts.OpenPerpAsync(who, asset, MarginAccountsService.ToRaw(quantity), MarginAccountsService.ToRaw(entry), Ct);
            expected.Open(who.Address, new PerpPosition(asset, (double)quantity, (double)entry));
        }

        public async Task Option(SigningKey who, string asset, OptionRight right, decimal strike, int days, decimal quantity)
        {
            await accounts.OpenOptionAsync(who, asset, right, MarginAccountsService.ToRaw(strike), asOf.AddDays(days), MarginAccountsService.ToRaw(quantity), Ct);
            expected.Open(who.Address, new OptionPosition(asset, right, (double)strike, days, (double)quantity));
        }

        public async Task Close(SigningKey who, long id)
        {
            await accounts.CloseAsync(who, id, Ct);
            expected.Close(id);
        }
    }

    /// <summary>The book the transactions should make: balances summed in decimal, positions numbered 1, 2, ... in order of opening.</summary>
    private sealed class ExpectedBook
    {
        private readonly Dictionary<(string Account, string Asset), decimal> _collateral = [];
        private readonly SortedDictionary<long, (string Account, Position Position)> _positions = [];
        private long _nextId = 1;

        public void Add(Address account, string asset, decimal amount)
            => _collateral[(account.ToString(), asset)] = _collateral.GetValueOrDefault((account.ToString(), asset)) + amount;

        public void Open(Address account, Position position) => _positions[_nextId++] = (account.ToString(), position);

        public void Close(long id) => Assert.True(_positions.Remove(id));

        public Book ToBook()
        {
            var ids = _collateral.Where(c => c.Value != 0).Select(c => c.Key.Account).Concat(_positions.Values.Select(p => p.Account))
                .Distinct().Order(StringComparer.Ordinal);
            return Book.Create(ids.Select(id => new Account(
                id,
                [.. _collateral.Where(c => c.Key.Account == id && c.Value != 0).OrderBy(c => c.Key.Asset, StringComparer.Ordinal)
                    .Select(c => new CollateralBalance(c.Key.Asset, (double)c.Value))],
                [.. _positions.Values.Where(p => p.Account == id).Select(p => p.Position)])));
        }
    }
}
