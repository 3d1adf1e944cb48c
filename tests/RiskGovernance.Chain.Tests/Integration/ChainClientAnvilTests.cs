using System.Numerics;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary><see cref="ChainClient"/>'s reads against a real anvil.</summary>
public sealed class ChainClientAnvilTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task ReadChainIdAsync_Anvil_LocalChainIdAndCached()
    {
        var chain = anvil.CreateClient();

        Assert.Equal(DevelopmentKeys.LocalChainId, await chain.ReadChainIdAsync(CancellationToken.None));
        Assert.Equal(DevelopmentKeys.LocalChainId, await chain.GetChainIdAsync(CancellationToken.None));
        Assert.Equal(DevelopmentKeys.LocalChainId, await chain.GetChainIdAsync(CancellationToken.None));
    }

    /// <summary>anvil funds exactly the ten development accounts, in order.</summary>
    [Fact]
    public async Task EthAccounts_Anvil_TheDevelopmentAddresses()
    {
        var chain = anvil.CreateClient();

        var accounts = await chain.Web3.Eth.Accounts.SendRequestAsync();

        Assert.Equal(DevelopmentKeys.Addresses(), accounts.Select(a => Address.Parse(a.ToLowerInvariant())).ToList());
        Assert.Equal(BigInteger.Pow(10, 22), (await chain.Web3.Eth.GetBalance.SendRequestAsync(accounts[9])).Value);
    }

    [Fact]
    public async Task GetBlockAsync_LatestAndBeyondHead_BlockThenNull()
    {
        var chain = anvil.CreateClient();
        var head = await chain.GetBlockNumberAsync(CancellationToken.None);

        var latest = await chain.GetLatestBlockAsync(CancellationToken.None);

        Assert.True(latest.Number >= head);
        Assert.Equal(latest, await chain.GetBlockAsync(latest.Number, CancellationToken.None));
        Assert.Null(await chain.GetBlockAsync(latest.Number + 1000, CancellationToken.None));
    }

    [Fact]
    public async Task IsKnownTransactionAsync_UnknownHash_FalseAndNoReceipt()
    {
        var chain = anvil.CreateClient();
        var unknown = Hash32.Keccak("no such transaction");

        Assert.False(await chain.IsKnownTransactionAsync(unknown, CancellationToken.None));
        Assert.Null(await chain.GetReceiptAsync(unknown, CancellationToken.None));
    }

    [Fact]
    public async Task GetCodeAsync_AccountWithoutCode_Empty()
        => Assert.Empty(await anvil.CreateClient().GetCodeAsync(DevelopmentKeys.Addresses()[0], CancellationToken.None));

    /// <summary>One Web3 (so one account and nonce service) per key for the whole client.</summary>
    [Fact]
    public async Task Web3ForAsync_SameKeyTwice_SameInstanceWithChainIdAndAddress()
    {
        var chain = anvil.CreateClient();
        var key = DevelopmentKeys.Key(5);

        var first = await chain.Web3ForAsync(key, CancellationToken.None);
        var second = await chain.Web3ForAsync(DevelopmentKeys.Key(5), CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(first, await chain.Web3ForAsync(DevelopmentKeys.Key(6), CancellationToken.None));
        Assert.Equal(key.Address, Address.Parse(first.TransactionManager.Account.Address.ToLowerInvariant()));
        Assert.Equal(new BigInteger(DevelopmentKeys.LocalChainId), Assert.IsType<Nethereum.Web3.Accounts.Account>(first.TransactionManager.Account).ChainId);
    }
}
