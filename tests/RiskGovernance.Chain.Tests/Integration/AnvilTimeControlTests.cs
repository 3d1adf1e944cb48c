using System.Numerics;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary>anvil time, mining and snapshot controls (own anvil: snapshots would disturb other tests).</summary>
public sealed class AnvilTimeControlTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    [Fact]
    public async Task IncreaseTimeAsync_OneHourThenMine_NextBlockAtLeastAnHourLater()
    {
        var client = anvil.CreateClient();
        var controls = new AnvilClient(client);
        var before = await client.GetBlockAsync(BlockParameter.Latest, CancellationToken.None);
        await controls.IncreaseTimeAsync(OneHour, CancellationToken.None);
        await controls.MineAsync(CancellationToken.None);
        var after = await client.GetBlockAsync(BlockParameter.Latest, CancellationToken.None);

        Assert.Equal(before!.Number + 1, after!.Number);
        Assert.True(after.Timestamp - before.Timestamp >= OneHour, $"{before.Timestamp} -> {after.Timestamp}");
    }

    [Fact]
    public async Task SetNextBlockTimestampAsync_ExactTime_BlockCarriesIt()
    {
        var client = anvil.CreateClient();
        var controls = new AnvilClient(client);
        var latest = await client.GetBlockAsync(BlockParameter.Latest, CancellationToken.None);
        var target = latest!.Timestamp + TimeSpan.FromDays(3);
        await controls.SetNextBlockTimestampAsync(target, CancellationToken.None);
        await controls.MineAsync(CancellationToken.None, blocks: 1);
        var mined = await client.GetBlockAsync(BlockParameter.Latest, CancellationToken.None);
        Assert.Equal(target, mined!.Timestamp);

        await controls.MineAsync(CancellationToken.None, blocks: 5);
        Assert.Equal(mined.Number + 5, await client.GetBlockNumberAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RevertAsync_AfterTransfer_StateRestored()
    {
        var client = anvil.CreateClient();
        var controls = new AnvilClient(client);
        var recipient = DevelopmentKeys.Addresses()[1];
        var balanceBefore = await client.GetBalanceAsync(recipient, BlockParameter.Latest, CancellationToken.None);
        var blockBefore = await client.GetBlockNumberAsync(CancellationToken.None);
        var snapshot = await controls.SnapshotAsync(CancellationToken.None);

        await anvil.CreateSender(client: client).SendAsync(DevelopmentKeys.Signer(0), TransactionRequest.Transfer(recipient, 12345), CancellationToken.None);
        Assert.Equal(balanceBefore + 12345, await client.GetBalanceAsync(recipient, BlockParameter.Latest, CancellationToken.None));

        Assert.True(await controls.RevertAsync(snapshot, CancellationToken.None));
        Assert.Equal(balanceBefore, await client.GetBalanceAsync(recipient, BlockParameter.Latest, CancellationToken.None));
        Assert.Equal(blockBefore, await client.GetBlockNumberAsync(CancellationToken.None));
        Assert.False(await controls.RevertAsync(snapshot + 1000, CancellationToken.None));
    }

    [Fact]
    public async Task SetBalanceAsync_Account_BalanceReplaced()
    {
        var client = anvil.CreateClient();
        var account = Address.FromBytes(RiskGovernance.Chain.Crypto.Keccak256.Hash("funded")[..20]);
        var amount = BigInteger.Pow(10, 21);
        await new AnvilClient(client).SetBalanceAsync(account, amount, CancellationToken.None);
        Assert.Equal(amount, await client.GetBalanceAsync(account, BlockParameter.Latest, CancellationToken.None));
    }

    [Fact]
    public async Task IncreaseTimeAsync_ZeroDelta_ThrowsNamingArgument()
    {
        var controls = new AnvilClient(anvil.CreateClient());
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => controls.IncreaseTimeAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal("delta", ex.ParamName);
    }
}
