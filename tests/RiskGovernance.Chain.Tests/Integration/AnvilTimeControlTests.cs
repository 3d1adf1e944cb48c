using System.Numerics;
using RiskGovernance.Chain.Tests.Contracts;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary><see cref="AnvilClient"/>: time, mining, automine, balances and snapshots (its own anvil: these change the whole chain).</summary>
public sealed class AnvilTimeControlTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    [Fact]
    public async Task IncreaseTimeAsync_OneHourThenMine_LatestBlockAtLeastAnHourLater()
    {
        var chain = anvil.CreateClient();
        var controls = new AnvilClient(chain);
        var before = await chain.GetLatestBlockAsync(CancellationToken.None);

        await controls.IncreaseTimeAsync(OneHour, CancellationToken.None);
        await controls.MineAsync(CancellationToken.None);
        var after = await chain.GetLatestBlockAsync(CancellationToken.None);

        Assert.Equal(before.Number + 1, after.Number);
        Assert.True(after.Timestamp - before.Timestamp >= OneHour, $"{before.Timestamp} -> {after.Timestamp}");
        Assert.NotEqual(before.Hash, after.Hash);
    }

    [Fact]
    public async Task SetNextBlockTimestampAsync_ExactTime_MinedBlockCarriesItThenMineSeveral()
    {
        var chain = anvil.CreateClient();
        var controls = new AnvilClient(chain);
        var latest = await chain.GetLatestBlockAsync(CancellationToken.None);
        var target = latest.Timestamp + TimeSpan.FromDays(3);

        await controls.SetNextBlockTimestampAsync(target, CancellationToken.None);
        await controls.MineAsync(CancellationToken.None);
        var mined = await chain.GetLatestBlockAsync(CancellationToken.None);
        await controls.MineAsync(CancellationToken.None, blocks: 5);

        Assert.Equal(target, mined.Timestamp);
        Assert.Equal(mined.Number + 5, await chain.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(mined, await chain.GetBlockAsync(mined.Number, CancellationToken.None));
    }

    [Fact]
    public async Task RevertAsync_AfterBalanceChangeAndBlocks_StateRestoredAndSnapshotConsumed()
    {
        var chain = anvil.CreateClient();
        var controls = new AnvilClient(chain);
        var account = Address.FromBytes(Hash32.Keccak("snapshot account").Span[..Address.Length]);
        var blockBefore = await chain.GetBlockNumberAsync(CancellationToken.None);
        var snapshot = await controls.SnapshotAsync(CancellationToken.None);

        await controls.SetBalanceAsync(account, BigInteger.Pow(10, 21), CancellationToken.None);
        await controls.MineAsync(CancellationToken.None, blocks: 3);
        Assert.Equal(BigInteger.Pow(10, 21), await BalanceAsync(chain, account));

        Assert.True(await controls.RevertAsync(snapshot, CancellationToken.None));
        Assert.Equal(BigInteger.Zero, await BalanceAsync(chain, account));
        Assert.Equal(blockBefore, await chain.GetBlockNumberAsync(CancellationToken.None));
        Assert.False(await controls.RevertAsync(snapshot, CancellationToken.None));
    }

    [Fact]
    public async Task RevertAsync_UnknownSnapshot_False()
        => Assert.False(await new AnvilClient(anvil.CreateClient()).RevertAsync("0x3e8", CancellationToken.None));

    /// <summary>With automine off a broadcast waits in the pool (known, no receipt) until a block is mined.</summary>
    [Fact]
    public async Task SetAutomineAsync_Off_TransactionPendingUntilMined()
    {
        var sender = anvil.CreateSender();
        var controls = new AnvilClient(sender.Chain);
        var owner = DevelopmentKeys.Key(4);
        var probe = await sender.DeployAsync(owner, new ChainProbeDeployment { Initial = 1 }, ChainProbeContract.Errors, CancellationToken.None);
        await controls.SetAutomineAsync(false, CancellationToken.None);
        try
        {
            var signed = await sender.BroadcastAsync(owner, probe, new StoreFunction { NewValue = 2, Note = "pending" }, ChainProbeContract.Errors, null, CancellationToken.None);
            Assert.True(await sender.Chain.IsKnownTransactionAsync(signed.Hash, CancellationToken.None));
            Assert.Null(await sender.Chain.GetReceiptAsync(signed.Hash, CancellationToken.None));

            await controls.MineAsync(CancellationToken.None);

            var receipt = await sender.Chain.GetReceiptAsync(signed.Hash, CancellationToken.None);
            Assert.NotNull(receipt);
            Assert.True(receipt.Succeeded);
        }
        finally
        {
            await controls.SetAutomineAsync(true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task IncreaseTimeAsync_LessThanASecond_ThrowsNamingArgument()
    {
        var controls = new AnvilClient(anvil.CreateClient());

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => controls.IncreaseTimeAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Equal("delta", ex.ParamName);
    }

    [Fact]
    public async Task MineAsync_ZeroBlocks_ThrowsNamingArgument()
    {
        var controls = new AnvilClient(anvil.CreateClient());

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => controls.MineAsync(CancellationToken.None, blocks: 0));

        Assert.Equal("blocks", ex.ParamName);
    }

    private static async Task<BigInteger> BalanceAsync(ChainClient chain, Address account)
        => (await chain.Web3.Eth.GetBalance.SendRequestAsync(account.ToString())).Value;
}
