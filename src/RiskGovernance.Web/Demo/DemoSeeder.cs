using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Engine.Generation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Live;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Governance.MarginBook;

namespace RiskGovernance.Web.Demo;

/// <summary>
/// Seeds an empty database for the demo (Portal:Demo:Enabled): the names of the committee of five
/// (the registry holds its members, weights and guardian), version 1 (the ten-asset set the
/// registry was deployed with) as the cached set in force, a book generated from
/// the real market data and opened on the demo MarginAccounts contract by one transaction per account (the stored
/// book is the one rebuilt from the contract's logs), one proposal taken all the way to execution on the chain (version 2,
/// moving both clocks past the voting period and the timelock) and one active proposal with two
/// votes. A database that already holds a ratified set is left alone.
/// </summary>
public sealed class DemoSeeder(
    IOptions<PortalOptions> options,
    ICommitteeStore committee,
    IBookStore books,
    GovernanceService governance,
    ChainTime chainTime,
    TimeProvider time,
    ILogger<DemoSeeder> logger,
    Persistence.History.SqliteMarketHistoryStore marketHistory,
    Chain.ChainClient chain,
    IOptions<LiveOptions> live,
    IMarginBookStore marginBooks) : IHostedService
{
    /// <summary>Title of the executed demo proposal.</summary>
    public const string ExecutedTitle = "Widen ETH scan range after the 2024 volatility review";

    /// <summary>Title of the active demo proposal.</summary>
    public const string ActiveTitle = "Tighten SOL haircut and lower the BTC/SOL correlation";

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value.Demo;
        if (!demo.Enabled)
        {
            return;
        }

        await chainTime.SyncAsync(cancellationToken);
        if (await History.MarketHistorySource.ImportEmbeddedIfEmptyAsync(marketHistory, cancellationToken) is { } imported)
        {
            logger.LogInformation("Demo: imported the embedded market history ({Inserted} rows).", imported.Inserted);
        }

        if (await committee.GetRatifiedAsync(cancellationToken) is not null)
        {
            logger.LogInformation("Demo: the database is already seeded; nothing to do.");
            return;
        }

        logger.LogInformation("Demo: seeding the committee's names, a {Accounts}-account book and two proposals.", demo.Accounts);
        var parameters = DemoInputs.Params10();
        var canonical = Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(parameters));
        await committee.SetCommitteeAsync(DemoCommittee.Snapshot(), cancellationToken);
        await committee.SetRatifiedAsync(new RatifiedParameterSet(1, canonical, OnChainParameterCodec.ToOnChain(parameters).ParamsHash), cancellationToken);

        var market = DemoInputs.Market10();
        var plan = Plan(market, parameters, demo.Accounts, demo.Seed);
        // The demo's own chain has a MarginAccounts contract (LocalChainDeployment); a demo pointed at another registry has none.
        var (book, chainSource) = string.IsNullOrWhiteSpace(live.Value.MarginAccounts)
            ? (plan, "not on chain (Live:MarginAccounts is not set)")
            : !demo.BookOnChain
                ? (plan, "not on chain (Portal:Demo:BookOnChain is false)")
                : await OpenOnChainAsync(plan, demo.Seed, cancellationToken);
        await books.SetCurrentAsync(new NewBookSnapshot(
            DemoInputs.AsOf,
            market,
            book,
            $"demo: {demo.Accounts} accounts generated from the Binance daily closes of {DemoInputs.AsOf:yyyy-MM-dd} (seed {demo.Seed}); {chainSource}",
            time.GetUtcNow()), cancellationToken);

        var ada = DemoCommittee.Members[0].Address;
        var executed = await DraftAndOpenAsync(ExecutedTitle,
            "Realised ETH volatility over 2024 exceeded the scan range's coverage on 6 days; widen it from its current value by 0.02.",
            ada, WithChanges(canonical, p => Bump(p, "assets.ETH.scanRange", 0.02)), market, book, cancellationToken);
        await VoteAsync(executed, [0, 1, 2], [], cancellationToken);
        var registered = await governance.Registry.GetProposalAsync(executed.Id, cancellationToken);
        await chainTime.AdvanceAsync(registered.VotingEnd - await governance.Registry.GetChainTimeAsync(cancellationToken) + TimeSpan.FromMinutes(1), cancellationToken);
        await governance.FinalizeAsync(executed.Id, ada, cancellationToken);
        var queued = await governance.QueueAsync(executed.Id, ada, cancellationToken);
        await chainTime.AdvanceAsync(queued.Eta!.Value - await governance.Registry.GetChainTimeAsync(cancellationToken) + TimeSpan.FromMinutes(1), cancellationToken);
        await governance.ExecuteAsync(executed.Id, ada, cancellationToken);

        var current = (await governance.GetInForceAsync(cancellationToken))!.ParamsJson;
        var active = await DraftAndOpenAsync(ActiveTitle,
            "SOL's order books thinned in the last quarter: raise its haircut by 0.05, and recognise a weaker BTC/SOL co-movement (-0.05).",
            DemoCommittee.Members[1].Address,
            WithChanges(current, p =>
            {
                Bump(p, "assets.SOL.haircut", 0.05);
                BumpCorrelation(p, "BTC", "SOL", -0.05);
            }), market, book, cancellationToken);
        await VoteAsync(active, [1], [3], cancellationToken);
        logger.LogInformation("Demo: seeded; version 2 executed on the registry, one proposal active.");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Blocks per batch when the seeded book is first indexed: a block holds about 30 new accounts (some 250 changes), so a
    /// batch commits about a thousand changes in one transaction.
    /// </summary>
    public const int SeedIndexBatchBlocks = 4;

    /// <summary>
    /// The plan of the demo book: <see cref="BookGenerator"/>'s book on the demo market without USDT, so that the stablecoin
    /// collateral is USDC, the demo MarginAccounts contract's quote asset (USDT stays in the market, at 1).
    /// </summary>
    public static Engine.Model.Book Plan(Engine.Model.MarketSnapshot market, Engine.Model.ParameterSet parameters, int accounts, long seed)
    {
        ArgumentNullException.ThrowIfNull(market);
        var quoted = Engine.Model.MarketSnapshot.Create(market.AsOf, market.Assets.Where(a => a.Volatility != 0 || a.Symbol == DemoChain.QuoteAsset));
        return BookGenerator.Generate(quoted, parameters, accounts, seed);
    }

    /// <summary>
    /// Opens the plan's accounts on the demo MarginAccounts contract by real transactions (<see cref="DemoChain.SeedAccountsAsync"/>),
    /// then rebuilds the book from the contract's logs (<see cref="MarginBookIndexer"/>): that book is the demo's.
    /// </summary>
    private async Task<(Engine.Model.Book Book, string Source)> OpenOnChainAsync(Engine.Model.Book plan, long seed, CancellationToken ct)
    {
        var settings = live.Value;
        var contract = Address.Parse(settings.MarginAccounts ?? "", "Live:MarginAccounts");
        var origin = (await chain.GetLatestBlockAsync(ct)).Timestamp;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var sent = await DemoChain.SeedAccountsAsync(chain, contract, plan, seed, origin, ct);
        var seeded = watch.Elapsed;
        var indexer = new MarginBookIndexer(chain, contract, marginBooks, new MarginBookIndexerOptions { StartBlock = settings.StartBlock, BatchBlocks = SeedIndexBatchBlocks });
        var progress = await indexer.IndexOnceAsync(ct);
        var book = await indexer.BuildBookAsync(origin, ct);
        logger.LogInformation("Demo: opened {Sent} accounts on MarginAccounts {Contract} by transactions in {Seeded:0.0} s and rebuilt {Accounts} from its logs in {Indexed:0.0} s.",
            sent, contract, seeded.TotalSeconds, book.Accounts.Count, (watch.Elapsed - seeded).TotalSeconds);
        return (book, $"opened on chain by {plan.Accounts.Count} transactions to MarginAccounts {contract}, rebuilt from its logs up to block {progress.Cursor?.Number}");
    }

    private async Task<Proposal> DraftAndOpenAsync(
        string title, string rationale, Address author, string paramsJson, Engine.Model.MarketSnapshot market, Engine.Model.Book book, CancellationToken ct)
    {
        var draft = await governance.DraftParametersAsync(new DraftParametersCommand(title, rationale, author, paramsJson), ct);
        await governance.AttachSimulationAsync(draft.Id, author, market, book, ct);
        return await governance.OpenAsync(draft.Id, author, ct);
    }

    private async Task VoteAsync(Proposal proposal, int[] forMembers, int[] againstMembers, CancellationToken ct)
    {
        var wallet = new DevelopmentWallet();
        foreach (var (index, support) in forMembers.Select(i => (i, BallotSupport.For)).Concat(againstMembers.Select(i => (i, BallotSupport.Against))))
        {
            var voter = DemoCommittee.Members[index].Address;
            var ballot = new Ballot(proposal.Id, proposal.ParamsHash, support);
            await governance.CastVoteAsync(
                new SignedBallot(proposal.Id, proposal.ParamsHash, support, voter, wallet.SignBallot(voter, governance.BallotDomain, ballot),
                    support == BallotSupport.For ? "Backed by the impact simulation." : "The liquidation count worries me."), ct);
        }
    }

    private static string WithChanges(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }

    private static void Bump(JsonNode root, string path, double delta)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(root, (n, p) => n[p]!);
        parent[parts[^1]] = Math.Round(parent[parts[^1]]!.GetValue<double>() + delta, 6);
    }

    private static void BumpCorrelation(JsonNode root, string a, string b, double delta)
    {
        var assets = root["correlation"]!["assets"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        var (i, j) = (assets.IndexOf(a), assets.IndexOf(b));
        var matrix = root["correlation"]!["matrix"]!;
        var value = Math.Round(matrix[i]![j]!.GetValue<double>() + delta, 6);
        matrix[i]![j] = value;
        matrix[j]![i] = value;
    }
}
