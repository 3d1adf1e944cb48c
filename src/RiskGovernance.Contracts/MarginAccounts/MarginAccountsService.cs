using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts.Dto;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.MarginAccounts;

/// <summary>
/// The demo protocol's MarginAccounts contract: deposit and withdraw collateral, open and close perps
/// and European options. Every amount, quantity, price and strike is a raw 18-decimal integer
/// (<see cref="ToRaw"/> converts a decimal); symbols are those of the registry. Writes go through the
/// <see cref="TransactionSender"/>; a refusal throws <see cref="ContractRevertException"/> named after the
/// contract's custom error (<c>ZeroAmount</c>, <c>UnknownAsset</c>, <c>InsufficientCollateral</c>, ...) and
/// sends nothing.
/// </summary>
public sealed class MarginAccountsService
{
    private readonly ContractHandler _handler;

    /// <summary>Wraps the contract at <paramref name="address"/>.</summary>
    public MarginAccountsService(TransactionSender sender, Address address)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Address = address;
        _handler = sender.Chain.Web3.Eth.GetContractHandler(address.ToString());
    }

    /// <summary>Names the contract's custom errors.</summary>
    public static RevertDecoder Errors => ContractArtifact.MarginAccounts.Errors;

    /// <summary>The sender used for writes.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The contract's address.</summary>
    public Address Address { get; }

    /// <summary>
    /// Deploys the contract reading <paramref name="registry"/>, accepting <paramref name="quoteAsset"/> (a stablecoin the
    /// registry does not list, e.g. USDC; null for none) as collateral, and waits for it to be mined.
    /// </summary>
    public static async Task<MarginAccountsService> DeployAsync(
        TransactionSender sender, SigningKey deployer, Address registry, string? quoteAsset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var deployment = new MarginAccountsDeployment
        {
            Registry = registry.ToString(),
            QuoteAsset = quoteAsset is null ? new byte[32] : Bytes32Field.Encode(quoteAsset, "quoteAsset"),
        };
        var address = await sender.DeployAsync(deployer, deployment, Errors, cancellationToken).ConfigureAwait(false);
        return new MarginAccountsService(sender, address);
    }

    /// <summary>A decimal as the contract's 18-decimal integer (exact: at most 18 decimals are kept, more is refused).</summary>
    /// <exception cref="ArgumentException">More than 18 decimals.</exception>
    public static BigInteger ToRaw(decimal value, string field = "value")
    {
        var scaled = value * 1_000_000_000_000_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"{field}: {value} has more than 18 decimals.", field);
        }
        return new BigInteger(scaled);
    }

    /// <summary>Adds <paramref name="amount"/> (18 decimals, &gt; 0) of a ratified <paramref name="asset"/> to the account's collateral.</summary>
    public Task<ChainReceipt> DepositAsync(SigningKey account, string asset, BigInteger amount, CancellationToken cancellationToken)
        => Send(account, new DepositFunction { Asset = Symbol(asset), Amount = amount }, cancellationToken);

    /// <summary>Takes <paramref name="amount"/> (18 decimals, &gt; 0) of <paramref name="asset"/> out of the account's collateral.</summary>
    public Task<ChainReceipt> WithdrawAsync(SigningKey account, string asset, BigInteger amount, CancellationToken cancellationToken)
        => Send(account, new WithdrawFunction { Asset = Symbol(asset), Amount = amount }, cancellationToken);

    /// <summary>Opens a perp (quantity signed, entry price &gt; 0; 18 decimals). Returns the receipt; the id is in the PerpOpened log.</summary>
    public Task<ChainReceipt> OpenPerpAsync(SigningKey account, string asset, BigInteger quantity, BigInteger entryPrice, CancellationToken cancellationToken)
        => Send(account, new OpenPerpFunction { Asset = Symbol(asset), Quantity = quantity, EntryPrice = entryPrice }, cancellationToken);

    /// <summary>Opens a European option expiring at <paramref name="expiry"/> (after the block's time).</summary>
    public Task<ChainReceipt> OpenOptionAsync(SigningKey account, string asset, OptionRight right, BigInteger strike, DateTimeOffset expiry, BigInteger quantity, CancellationToken cancellationToken)
        => OpenOptionRawAsync(account, asset, right == OptionRight.Put ? (byte)1 : (byte)0, strike, (ulong)Math.Max(0, expiry.ToUnixTimeSeconds()), quantity, cancellationToken);

    /// <summary>Opens an option with the raw right code (0 call, 1 put; anything else is refused by the contract with InvalidRight).</summary>
    public Task<ChainReceipt> OpenOptionRawAsync(SigningKey account, string asset, byte right, BigInteger strike, ulong expiry, BigInteger quantity, CancellationToken cancellationToken)
        => Send(account, new OpenOptionFunction { Asset = Symbol(asset), Right = right, Strike = strike, Expiry = expiry, Quantity = quantity }, cancellationToken);

    /// <summary>Closes the account's open position <paramref name="positionId"/>.</summary>
    public Task<ChainReceipt> CloseAsync(SigningKey account, long positionId, CancellationToken cancellationToken)
        => Send(account, new ClosePositionFunction { PositionId = positionId }, cancellationToken);

    /// <summary>
    /// Runs several calls of this contract in one transaction, in order, as <paramref name="account"/> (the contract's
    /// <c>multicall(bytes[])</c>: a delegatecall to itself per call, so each call is the account's). Build the calls with
    /// <see cref="DepositCall"/>, <see cref="OpenPerpCall"/> and <see cref="OpenOptionCall"/>. A failing call reverts them all.
    /// </summary>
    public Task<ChainReceipt> MulticallAsync(SigningKey account, IEnumerable<byte[]> calls, CancellationToken cancellationToken)
        => Send(account, Multicall(calls), cancellationToken);

    /// <summary>The <c>multicall(bytes[])</c> message over <paramref name="calls"/>.</summary>
    public static MulticallFunction Multicall(IEnumerable<byte[]> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("calls: a multicall needs at least one call.", nameof(calls));
        }
        return new MulticallFunction { Data = list };
    }

    /// <summary>The call data of <c>multicall(calls)</c> (for a batch of transactions).</summary>
    public static byte[] MulticallCall(IEnumerable<byte[]> calls) => Multicall(calls).GetCallData();

    /// <summary>The call data of <c>deposit(asset, amount)</c>, for <see cref="MulticallAsync"/>.</summary>
    public static byte[] DepositCall(string asset, BigInteger amount)
        => new DepositFunction { Asset = Symbol(asset), Amount = amount }.GetCallData();

    /// <summary>The call data of <c>openPerp(asset, quantity, entryPrice)</c>, for <see cref="MulticallAsync"/>.</summary>
    public static byte[] OpenPerpCall(string asset, BigInteger quantity, BigInteger entryPrice)
        => new OpenPerpFunction { Asset = Symbol(asset), Quantity = quantity, EntryPrice = entryPrice }.GetCallData();

    /// <summary>The call data of <c>openOption(asset, right, strike, expiry, quantity)</c>, for <see cref="MulticallAsync"/>.</summary>
    public static byte[] OpenOptionCall(string asset, OptionRight right, BigInteger strike, DateTimeOffset expiry, BigInteger quantity)
        => new OpenOptionFunction
        {
            Asset = Symbol(asset), Right = right == OptionRight.Put ? (byte)1 : (byte)0, Strike = strike,
            Expiry = (ulong)Math.Max(0, expiry.ToUnixTimeSeconds()), Quantity = quantity,
        }.GetCallData();

    /// <summary>The collateral <paramref name="account"/> holds in <paramref name="asset"/> (18 decimals).</summary>
    public Task<BigInteger> GetCollateralAsync(Address account, string asset, CancellationToken cancellationToken)
        => _handler.QueryAsync<CollateralOfFunction, BigInteger>(new CollateralOfFunction { Account = account.ToString(), Asset = Symbol(asset) }).WaitAsync(cancellationToken);

    /// <summary>The id the next position gets.</summary>
    public async Task<long> GetNextPositionIdAsync(CancellationToken cancellationToken)
        => (long)await _handler.QueryAsync<NextPositionIdFunction, BigInteger>(new NextPositionIdFunction()).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The registry the contract reads.</summary>
    public async Task<Address> GetRegistryAsync(CancellationToken cancellationToken)
        => Address.Parse(await _handler.QueryAsync<MarginRegistryFunction, string>(new MarginRegistryFunction()).WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The quote asset accepted without a registry listing (null when none).</summary>
    public async Task<string?> GetQuoteAssetAsync(CancellationToken cancellationToken)
    {
        var word = await _handler.QueryAsync<QuoteAssetFunction, byte[]>(new QuoteAssetFunction()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return word.All(b => b == 0) ? null : Bytes32Field.Decode(word, "quoteAsset");
    }

    /// <summary>An open position, or null when unknown or closed.</summary>
    public async Task<PositionTuple?> GetPositionAsync(long positionId, CancellationToken cancellationToken)
    {
        var output = await _handler.QueryDeserializingToObjectAsync<PositionFunction, PositionOutputDto>(new PositionFunction { PositionId = positionId })
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return Address.Parse(output.Position.Account).IsZero ? null : output.Position;
    }

    private static byte[] Symbol(string asset) => Bytes32Field.Encode(asset, "asset");

    private Task<ChainReceipt> Send<TFunction>(SigningKey account, TFunction function, CancellationToken cancellationToken)
        where TFunction : Nethereum.Contracts.FunctionMessage, new()
        => Sender.SendAsync(account, Address, function, Errors, cancellationToken);
}
