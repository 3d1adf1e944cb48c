using System.Globalization;
using System.Numerics;
using System.Text;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Batching;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Contracts.Oracles;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Demo;

/// <summary>One demo price feed: the asset it prices, its index among the asset's feeds and its address.</summary>
/// <param name="Asset">The asset (a registry symbol).</param>
/// <param name="Index">0, 1 or 2.</param>
/// <param name="Address">The OperatedPriceFeed's address.</param>
public sealed record DemoFeed(string Asset, int Index, Address Address);

/// <summary>
/// The demo's keys and contracts beside the registry, on the LOCAL chain only: the accounts of the demo book
/// and the operator of the demo feeds are keys derived from the demo seed (keccak256 of a text naming the
/// purpose, the seed and the index), funded with <c>anvil_setBalance</c>. Public knowledge for anyone who knows
/// the seed: never use them on another chain.
/// </summary>
public static class DemoChain
{
    /// <summary>Feeds per asset.</summary>
    public const int FeedsPerAsset = 3;

    /// <summary>Decimals of the demo feeds' answers (as Chainlink's USD feeds).</summary>
    public const byte FeedDecimals = 8;

    /// <summary>The quote asset the demo MarginAccounts accepts without a registry listing.</summary>
    public const string QuoteAsset = "USDC";

    /// <summary>The gas price of the demo's batched transactions (100 gwei; the base fee is kept at 1 gwei while batches are mined).</summary>
    public static readonly BigInteger GasPrice = 100_000_000_000;

    private static readonly BigInteger Funding = BigInteger.Pow(10, 22); // 10,000 ETH
    private static readonly BigInteger CurveOrder = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", CultureInfo.InvariantCulture);

    /// <summary>The risky assets the demo prices (the registry's ten).</summary>
    public static IReadOnlyList<string> Assets => MarketDataset.DailyAssets;

    /// <summary>The key of <paramref name="purpose"/> number <paramref name="index"/> for demo seed <paramref name="seed"/> (deterministic).</summary>
    public static SigningKey DerivedKey(long seed, string purpose, int index)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        for (var attempt = 0; ; attempt++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"riskgov demo {purpose} seed {seed} index {index} attempt {attempt}");
            var bytes = Hash32.Keccak(Encoding.UTF8.GetBytes(text)).ToBytes();
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (!value.IsZero && value < CurveOrder)
            {
                return SigningKey.Parse(HexText.Encode(bytes), purpose);
            }
        }
    }

    /// <summary>
    /// The key of demo account <paramref name="index"/> (the plan's account at that index) on the MarginAccounts contract at
    /// <paramref name="marginAccounts"/> (each demo deployment has its own accounts, so several demos can share a chain).
    /// </summary>
    public static SigningKey AccountKey(long seed, Address marginAccounts, int index) => DerivedKey(seed, $"account of {marginAccounts.ToLowerHex()}", index);

    /// <summary>The operator of the demo feeds beside the registry at <paramref name="registry"/> (it deploys them and the MarginAccounts contract, and submits the rounds).</summary>
    public static SigningKey OperatorKey(long seed, Address registry) => DerivedKey(seed, $"feed operator of {registry.ToLowerHex()}", 0);

    /// <summary>A batch sender for the demo chain.</summary>
    public static TransactionBatch Batch(ChainClient chain) => new(chain, DevelopmentKeys.LocalChainId, GasPrice);

    /// <summary>The price of feed <paramref name="index"/> for a median price <paramref name="price"/>: feed 0 gives the price, feeds 1 and 2 a small deterministic spread above and below (2 to 10 basis points, drawn from the asset, the step and the feed).</summary>
    public static decimal FeedPrice(decimal price, string asset, long step, int index)
    {
        if (index == 0)
        {
            return price;
        }
        var draw = Hash32.Keccak(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{asset}/{step}/{index}"))).ToBytes()[0];
        var spread = (2m + (8m * draw / 255m)) / 10_000m;
        return index == 1 ? price * (1 + spread) : price * (1 - spread);
    }

    /// <summary>A price as a feed answer with <see cref="FeedDecimals"/> decimals (rounded half away from zero).</summary>
    public static BigInteger ToAnswer(decimal price) => new(Math.Round(price * 100_000_000m, 0, MidpointRounding.AwayFromZero));

    /// <summary>
    /// Deploys <see cref="FeedsPerAsset"/> feeds per asset, owned by the operator, and submits to each its first round: the
    /// demo market's price at <see cref="DemoInputs.AsOf"/> (feeds 1 and 2 with their spread), all in one batch.
    /// </summary>
    public static async Task<IReadOnlyList<DemoFeed>> DeployFeedsAsync(ChainClient chain, long seed, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var operatorKey = OperatorKey(seed, registry);
        await new AnvilClient(chain).SetBalanceAsync(operatorKey.Address, Funding, cancellationToken);
        var batch = Batch(chain);
        var nonce = await batch.GetNonceAsync(operatorKey.Address, cancellationToken);
        var planned = Assets.SelectMany(a => Enumerable.Range(0, FeedsPerAsset).Select(i => (Asset: a, Index: i))).ToList();
        var creations = planned.Select((f, k) => new BatchTransaction(operatorKey, nonce + k, null,
            OperatedPriceFeedService.CreationData(FeedDecimals, $"{f.Asset} / USD (demo feed {f.Index + 1})"),
            1_500_000)).ToList();
        var receipts = await batch.SendAsync(creations, mineInBatches: true, parallelism: 1, cancellationToken);
        var feeds = planned.Select((f, k) => new DemoFeed(f.Asset, f.Index,
            receipts[k].ContractAddress ?? throw new InvalidOperationException($"the creation of demo feed {f.Index + 1} of {f.Asset} made no contract."))).ToList();

        var market = DemoInputs.Market10();
        await SubmitAsync(chain, operatorKey, [.. feeds.Select(f => (f, FeedPrice((decimal)market[f.Asset].Price, f.Asset, 0, f.Index)))], mineInBatches: true, cancellationToken);
        return feeds;
    }

    /// <summary>Submits one round per (feed, price), in order, from the operator.</summary>
    public static async Task SubmitAsync(ChainClient chain, SigningKey operatorKey, IReadOnlyList<(DemoFeed Feed, decimal Price)> rounds, bool mineInBatches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var batch = Batch(chain);
        var nonce = await batch.GetNonceAsync(operatorKey.Address, cancellationToken);
        var transactions = rounds.Select((r, i) => new BatchTransaction(
            operatorKey, nonce + i, r.Feed.Address, OperatedPriceFeedService.SubmitCall(ToAnswer(r.Price)), 150_000)).ToList();
        await batch.SendAsync(transactions, mineInBatches, parallelism: 1, cancellationToken);
    }

    /// <summary>Deploys the demo MarginAccounts contract (reading <paramref name="registry"/>, quote asset <see cref="QuoteAsset"/>); returns it and its deployment block.</summary>
    public static async Task<(Address Address, long Block)> DeployMarginAccountsAsync(ChainClient chain, long seed, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var operatorKey = OperatorKey(seed, registry);
        await new AnvilClient(chain).SetBalanceAsync(operatorKey.Address, Funding, cancellationToken);
        var service = await MarginAccountsService.DeployAsync(new TransactionSender(chain), operatorKey, registry, QuoteAsset, cancellationToken);
        return (service.Address, await chain.GetBlockNumberAsync(cancellationToken));
    }

    /// <summary>
    /// Opens the plan's accounts on the contract by real transactions: account <c>i</c> of <paramref name="plan"/> is
    /// <see cref="AccountKey"/>(seed, contract, i), funded, and sends one <c>multicall</c> that deposits its collateral and opens its
    /// positions (perps at their entry price; options expiring their <c>expiryDays</c> after <paramref name="origin"/>).
    /// Amounts are rounded to 12 decimals. An account whose key has already sent a transaction is skipped (a seeding
    /// that stopped half-way resumes). Many transactions are mined per block.
    /// </summary>
    /// <returns>The accounts sent now.</returns>
    public static async Task<int> SeedAccountsAsync(ChainClient chain, Address marginAccounts, Book plan, long seed, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(plan);
        var batch = Batch(chain);
        var anvil = new AnvilClient(chain);
        var resume = await new MarginAccountsService(new TransactionSender(chain), marginAccounts).GetNextPositionIdAsync(cancellationToken) > 1;
        var transactions = new List<BatchTransaction>();
        for (var i = 0; i < plan.Accounts.Count; i++)
        {
            var key = AccountKey(seed, marginAccounts, i);
            if (resume && await batch.GetNonceAsync(key.Address, cancellationToken) > 0)
            {
                continue;
            }
            var calls = Calls(plan.Accounts[i], origin);
            if (calls.Count == 0)
            {
                continue;
            }
            transactions.Add(new BatchTransaction(key, 0, marginAccounts, MarginAccountsService.MulticallCall(calls), 100_000 + (220_000 * calls.Count)));
        }

        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (t, ct) => await anvil.SetBalanceAsync(t.Signer.Address, Funding, ct));
        await batch.SendAsync(transactions, mineInBatches: true, parallelism: 8, cancellationToken);
        return transactions.Count;
    }

    /// <summary>The calls that open <paramref name="account"/>: its non-zero collateral, then its positions.</summary>
    public static IReadOnlyList<byte[]> Calls(Account account, DateTimeOffset origin)
    {
        ArgumentNullException.ThrowIfNull(account);
        var calls = new List<byte[]>();
        foreach (var c in account.Collateral)
        {
            var amount = Raw(c.Amount);
            if (amount.Sign > 0)
            {
                calls.Add(MarginAccountsService.DepositCall(c.Asset, amount));
            }
        }
        foreach (var p in account.Positions)
        {
            var quantity = Raw(p.Quantity);
            if (quantity.IsZero)
            {
                continue;
            }
            calls.Add(p switch
            {
                PerpPosition perp => MarginAccountsService.OpenPerpCall(perp.Asset, quantity, Raw(perp.EntryPrice)),
                OptionPosition option => MarginAccountsService.OpenOptionCall(
                    option.Asset, option.Right, Raw(option.Strike), origin.AddSeconds(Math.Round(option.ExpiryDays * 86_400)), quantity),
                _ => throw new ArgumentException($"account {account.Id}: position kind {p.GetType().Name} is not supported.", nameof(account)),
            });
        }
        return calls;
    }

    /// <summary>A plan value as the contract's 18-decimal integer, rounded to 12 decimals.</summary>
    public static BigInteger Raw(double value) => MarginAccountsService.ToRaw(Math.Round((decimal)value, 12));
}
