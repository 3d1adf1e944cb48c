using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Contracts.MarginAccounts.Dto;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests.MarginAccounts;

/// <summary>
/// The MarginAccounts contract on anvil, over a real registry (the example set: BTC, ETH, SOL) with
/// USDC as its quote asset: each change emits its event with every field, the contract's state
/// follows, and every bad input is refused with its named custom error and changes nothing.
/// </summary>
public sealed class MarginAccountsContractTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly BigInteger One = BigInteger.Pow(10, 18);
    private readonly AnvilFixture _node;
    private readonly SigningKey _alice = DevelopmentKeys.Key(1);
    private readonly SigningKey _bob = DevelopmentKeys.Key(2);

    public MarginAccountsContractTests(AnvilFixture node) => _node = node;

    [Fact]
    public async Task Lifecycle_DepositWithdrawOpenClose_EachEventCarriesItsFieldsAndStateFollows()
    {
        var (scenario, accounts) = await DeployAsync();
        var now = (await scenario.Chain.GetLatestBlockAsync(Ct)).Timestamp;
        var expiry = now.AddDays(30);

        var deposit = await LogsAsync<CollateralDepositedEventDto>(scenario, await accounts.DepositAsync(_alice, "BTC", 5 * One / 2, Ct));
        var usdc = await LogsAsync<CollateralDepositedEventDto>(scenario, await accounts.DepositAsync(_alice, "USDC", 10_000 * One, Ct));
        var withdraw = await LogsAsync<CollateralWithdrawnEventDto>(scenario, await accounts.WithdrawAsync(_alice, "BTC", One, Ct));
        var perp = await LogsAsync<PerpOpenedEventDto>(scenario, await accounts.OpenPerpAsync(_alice, "ETH", -3 * One, 1500 * One, Ct));
        var option = await LogsAsync<OptionOpenedEventDto>(scenario, await accounts.OpenOptionAsync(_alice, "SOL", OptionRight.Put, 30 * One, expiry, 40 * One, Ct));
        var closed = await LogsAsync<PositionClosedEventDto>(scenario, await accounts.CloseAsync(_alice, 1, Ct));

        var d = Assert.Single(deposit);
        Assert.Equal((_alice.Address, "BTC", 5 * One / 2, 5 * One / 2, BigInteger.One), (Address.Parse(d.Account), Sym(d.Asset), d.Amount, d.Balance, d.ParametersVersion));
        Assert.Equal(("USDC", 10_000 * One), (Sym(usdc.Single().Asset), usdc.Single().Balance));
        var w = Assert.Single(withdraw);
        Assert.Equal((_alice.Address, "BTC", One, 3 * One / 2), (Address.Parse(w.Account), Sym(w.Asset), w.Amount, w.Balance));
        var p = Assert.Single(perp);
        Assert.Equal((BigInteger.One, _alice.Address, "ETH", -3 * One, 1500 * One), (p.PositionId, Address.Parse(p.Account), Sym(p.Asset), p.Quantity, p.EntryPrice));
        var o = Assert.Single(option);
        Assert.Equal((new BigInteger(2), "SOL", (byte)1, 30 * One, (ulong)expiry.ToUnixTimeSeconds(), 40 * One),
            (o.PositionId, Sym(o.Asset), o.Right, o.Strike, o.Expiry, o.Quantity));
        Assert.Equal((BigInteger.One, _alice.Address), (closed.Single().PositionId, Address.Parse(closed.Single().Account)));

        Assert.Equal(3 * One / 2, await accounts.GetCollateralAsync(_alice.Address, "BTC", Ct));
        Assert.Equal(10_000 * One, await accounts.GetCollateralAsync(_alice.Address, "USDC", Ct));
        Assert.Null(await accounts.GetPositionAsync(1, Ct));
        var open = await accounts.GetPositionAsync(2, Ct);
        Assert.NotNull(open);
        Assert.Equal((_alice.Address, "SOL", (byte)1, (byte)1, 40 * One), (Address.Parse(open.Account), Sym(open.Asset), open.Kind, open.Right, open.Quantity));
        Assert.Equal(3, await accounts.GetNextPositionIdAsync(Ct));
        Assert.Equal(scenario.Registry.Address, await accounts.GetRegistryAsync(Ct));
        Assert.Equal("USDC", await accounts.GetQuoteAssetAsync(Ct));
    }

    [Fact]
    public async Task BadInputs_RefusedWithNamedCustomErrors_NothingChanges()
    {
        var (scenario, accounts) = await DeployAsync();
        await accounts.DepositAsync(_alice, "BTC", One, Ct);
        await accounts.OpenPerpAsync(_alice, "BTC", One, 60_000 * One, Ct);
        var now = (await scenario.Chain.GetLatestBlockAsync(Ct)).Timestamp;
        var blockBefore = await scenario.Chain.GetBlockNumberAsync(Ct);

        await Refused("ZeroAmount", () => accounts.DepositAsync(_alice, "BTC", 0, Ct));
        await Refused("ZeroAmount", () => accounts.WithdrawAsync(_alice, "BTC", 0, Ct));
        var unknown = await Refused("UnknownAsset", () => accounts.DepositAsync(_alice, "DOGE", One, Ct));
        Assert.Equal(Hex("DOGE"), unknown.Arguments[0]);
        await Refused("UnknownAsset", () => accounts.OpenPerpAsync(_alice, "USDC", One, One, Ct));
        var insufficient = await Refused("InsufficientCollateral", () => accounts.WithdrawAsync(_alice, "BTC", 2 * One, Ct));
        Assert.Equal([Hex("BTC"), One.ToString(), (2 * One).ToString()], insufficient.Arguments);
        await Refused("InsufficientCollateral", () => accounts.WithdrawAsync(_bob, "BTC", One, Ct));
        await Refused("ZeroQuantity", () => accounts.OpenPerpAsync(_alice, "ETH", 0, One, Ct));
        await Refused("ZeroPrice", () => accounts.OpenPerpAsync(_alice, "ETH", One, 0, Ct));
        await Refused("ZeroQuantity", () => accounts.OpenOptionAsync(_alice, "ETH", OptionRight.Call, One, now.AddDays(1), 0, Ct));
        await Refused("ZeroPrice", () => accounts.OpenOptionAsync(_alice, "ETH", OptionRight.Call, 0, now.AddDays(1), One, Ct));
        var right = await Refused("InvalidRight", () => accounts.OpenOptionRawAsync(_alice, "ETH", 2, One, (ulong)now.AddDays(1).ToUnixTimeSeconds(), One, Ct));
        Assert.Equal("2", right.Arguments[0]);
        var expired = await Refused("ExpiryNotInFuture", () => accounts.OpenOptionAsync(_alice, "ETH", OptionRight.Call, One, now.AddDays(-1), One, Ct));
        Assert.Equal(now.AddDays(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), expired.Arguments[0]);
        await Refused("UnknownPosition", () => accounts.CloseAsync(_alice, 99, Ct));
        var owner = await Refused("NotPositionOwner", () => accounts.CloseAsync(_bob, 1, Ct));
        Assert.Equal(["1", _bob.Address.ToString().ToLowerInvariant()], owner.Arguments.Select(a => a.ToLowerInvariant()));
        await Refused("ZeroAddress", () => MarginAccountsService.DeployAsync(scenario.Sender, _alice, Address.Zero, "USDC", Ct));

        Assert.Equal(blockBefore, await scenario.Chain.GetBlockNumberAsync(Ct));
        Assert.Equal(One, await accounts.GetCollateralAsync(_alice.Address, "BTC", Ct));
        Assert.Equal(2, await accounts.GetNextPositionIdAsync(Ct));
        Assert.NotNull(await accounts.GetPositionAsync(1, Ct));
    }

    [Fact]
    public async Task Multicall_OpensAnAccountInOneTransactionAsTheCaller_AndAFailingCallRevertsThemAll()
    {
        var (scenario, accounts) = await DeployAsync();
        var expiry = (await scenario.Chain.GetLatestBlockAsync(Ct)).Timestamp.AddDays(7);
        var receipt = await accounts.MulticallAsync(_bob,
        [
            MarginAccountsService.DepositCall("USDC", 5_000 * One),
            MarginAccountsService.DepositCall("ETH", 2 * One),
            MarginAccountsService.OpenPerpCall("BTC", -One / 10, 60_000 * One),
            MarginAccountsService.OpenOptionCall("ETH", OptionRight.Call, 2_000 * One, expiry, -2 * One),
        ], Ct);

        var deposits = await LogsAsync<CollateralDepositedEventDto>(scenario, receipt);
        Assert.Equal(["USDC", "ETH"], deposits.Select(d => Sym(d.Asset)));
        Assert.All(deposits, d => Assert.Equal(_bob.Address, Address.Parse(d.Account)));
        Assert.Equal(_bob.Address, Address.Parse((await LogsAsync<PerpOpenedEventDto>(scenario, receipt)).Single().Account));
        Assert.Equal(_bob.Address, Address.Parse((await LogsAsync<OptionOpenedEventDto>(scenario, receipt)).Single().Account));
        Assert.Equal(2 * One, await accounts.GetCollateralAsync(_bob.Address, "ETH", Ct));
        Assert.Equal(3, await accounts.GetNextPositionIdAsync(Ct));

        // The last call names an asset the registry does not list: the whole transaction is refused with that call's error.
        var blockBefore = await scenario.Chain.GetBlockNumberAsync(Ct);
        await Refused("UnknownAsset", () => accounts.MulticallAsync(_alice,
            [MarginAccountsService.DepositCall("USDC", One), MarginAccountsService.OpenPerpCall("DOGE", One, One)], Ct));
        Assert.Equal(0, await accounts.GetCollateralAsync(_alice.Address, "USDC", Ct));
        Assert.Equal(3, await accounts.GetNextPositionIdAsync(Ct));
        Assert.Equal(blockBefore, await scenario.Chain.GetBlockNumberAsync(Ct));
        Assert.Throws<ArgumentException>(() => MarginAccountsService.Multicall([]));
    }

    private async Task<(RegistryScenario Scenario, MarginAccountsService Accounts)> DeployAsync()
    {
        var scenario = await RegistryScenario.DeployAsync(_node, Ct);
        var accounts = await MarginAccountsService.DeployAsync(scenario.Sender, RegistryScenario.Operator, scenario.Registry.Address, "USDC", Ct);
        return (scenario, accounts);
    }

    private static async Task<ContractRevertException> Refused(string error, Func<Task> send)
    {
        var refused = await Assert.ThrowsAsync<ContractRevertException>(send);
        Assert.Equal(error, refused.ErrorName);
        return refused;
    }

    private static async Task<List<T>> LogsAsync<T>(RegistryScenario scenario, ChainReceipt receipt)
        where T : IEventDTO, new()
    {
        var full = await scenario.Chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash.ToString());
        return [.. full.DecodeAllEvents<T>().Select(e => e.Event)];
    }

    private static string Sym(byte[] word) => Bytes32Field.Decode(word, "asset");

    private static string Hex(string symbol) => "0x" + Convert.ToHexStringLower(Bytes32Field.Encode(symbol, "asset"));
}
