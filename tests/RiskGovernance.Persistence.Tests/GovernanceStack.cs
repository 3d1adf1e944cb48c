using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>A committee member of a test stack: the key that signs ballots, a display name and a weight.</summary>
internal sealed record StackMember(SigningKey Key, string Name, long Weight)
{
    public Address Address => Key.Address;
}

/// <summary>
/// The whole governance stack with nothing faked: a registry freshly deployed on a real anvil node
/// (the committee, guardian and rules given; the example parameter set as version 1), the real
/// adapter (<see cref="RegistryGateway"/>, <see cref="Eip712BallotScheme"/>), a real SQLite file
/// through <c>AddPersistence</c> (repository, roster, audit log, push journal) and the
/// <see cref="GovernanceService"/> with its <see cref="AuditAnchoring"/>. The relayer is anvil
/// account 0; the guardian's key sends vetoes and cancels. The service's clock is set to the
/// chain's time whenever the test moves the chain's clock.
/// </summary>
internal sealed class GovernanceStack : IAsyncDisposable
{
    private readonly AnvilFixture _node;

    private GovernanceStack(
        AnvilFixture node, TestDatabase database, RiskParameterRegistryService registry, IReadOnlyList<StackMember> members, SigningKey guardian, GovernanceRules rules)
    {
        _node = node;
        Database = database;
        Registry = registry;
        Members = members;
        GuardianKey = guardian;
        Rules = rules;
        Gateway = new RegistryGateway(registry, new RegistrySigners(Relayer, guardian), Journal);
        Anchoring = new AuditAnchoring(Audit, Gateway);
        Service = NewService(Gateway);
    }

    /// <summary>The relayer: registers, relays, queues, executes and anchors (anvil account 0).</summary>
    public static SigningKey Relayer => DevelopmentKeys.Key(0);

    /// <summary>Someone who is neither relayer nor member and relays ballots on their own (anvil account 8).</summary>
    public static SigningKey ThirdParty => DevelopmentKeys.Key(8);

    /// <summary>
    /// The README's committee: Ada 3, Ben 2, Cy 2, Dana 2 and Eve 1 (anvil accounts 1..5); Eve is the guardian.
    /// </summary>
    public static IReadOnlyList<StackMember> ReadmeCommittee { get; } =
    [
        new(DevelopmentKeys.Key(1), "Ada Lovelace", 3), new(DevelopmentKeys.Key(2), "Ben", 2), new(DevelopmentKeys.Key(3), "Cy", 2),
        new(DevelopmentKeys.Key(4), "Dana", 2), new(DevelopmentKeys.Key(5), "Eve (guardian)", 1),
    ];

    /// <summary>Ten members of weight 1 (keys that only sign; the guardian is anvil account 9, not a member).</summary>
    public static IReadOnlyList<StackMember> TenEqualMembers { get; } =
        [.. Enumerable.Range(0, 10).Select(i => new StackMember(SigningKey.Parse(Hash32.Keccak($"ten-member-{i}").ToString()), $"Member {i}", 1))];

    public TestDatabase Database { get; }

    public RiskParameterRegistryService Registry { get; }

    public RegistryGateway Gateway { get; }

    public GovernanceService Service { get; }

    public AuditAnchoring Anchoring { get; }

    public IReadOnlyList<StackMember> Members { get; }

    public SigningKey GuardianKey { get; }

    public GovernanceRules Rules { get; }

    public ManualTimeProvider Time => Database.Time;

    public IProposalRepository Proposals => Database.Services.GetRequiredService<IProposalRepository>();

    public IAuditLog Audit => Database.Services.GetRequiredService<IAuditLog>();

    public ICommitteeStore Roster => Database.Services.GetRequiredService<ICommitteeStore>();

    public IPushJournal Journal => Database.Services.GetRequiredService<IPushJournal>();

    public BallotDomain Domain => Service.BallotDomain;

    public StackMember this[int member] => Members[member];

    /// <summary>
    /// Deploys a registry with <paramref name="members"/> (the README's committee by default; its guardian is
    /// Eve, else <paramref name="guardian"/> or anvil account 9) and <paramref name="rules"/> (the deployment
    /// defaults), over a new database whose roster holds the members' names and the example set as version 1.
    /// </summary>
    public static async Task<GovernanceStack> CreateAsync(
        TemporaryDirectory directory, AnvilFixture node, IReadOnlyList<StackMember>? members = null, SigningKey? guardian = null, GovernanceRules? rules = null)
    {
        var committee = members ?? ReadmeCommittee;
        var guardianKey = guardian ?? (members is null ? ReadmeCommittee[4].Key : DevelopmentKeys.Key(9));
        var r = rules ?? RegistryDefaults.Rules;
        var database = await TestDatabase.CreateAsync(directory);
        var sender = new TransactionSender(node.CreateClient(RegistryScenario.Options(node.RpcUrl)));
        var configuration = new RegistryConfiguration(
            [.. committee.Select(m => new WeightedMember(m.Address, m.Weight))], guardianKey.Address, r, RegistryDefaults.Bounds, TestParameters.Example());
        var registry = await RiskParameterRegistryService.DeployAsync(sender, Relayer, configuration, CancellationToken.None);
        var stack = new GovernanceStack(node, database, registry, committee, guardianKey, r);
        await stack.Roster.SetCommitteeAsync(new CommitteeSnapshot(committee.Select(m => new CommitteeMember(
            m.Address, m.Name, m.Weight, m.Address == guardianKey.Address ? CommitteeRole.Guardian : CommitteeRole.Member))), CancellationToken.None);
        var example = ParameterSetJson.Read(TestParameters.ExampleJson().ToJsonString());
        await stack.Roster.SetRatifiedAsync(
            new RatifiedParameterSet(1, System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(example)), OnChainParameterCodec.ParamsHash(example)),
            CancellationToken.None);
        await stack.SyncClockAsync();
        return stack;
    }

    /// <summary>Another service over the same database and registry, whose RPC client crashes around its first broadcast.</summary>
    public GovernanceService Crashing(CrashPoint crashPoint)
    {
        var chain = new ChainClient(RegistryScenario.Options(_node.RpcUrl), new HttpClient(new CrashingRpcHandler(crashPoint)));
        var registry = new RiskParameterRegistryService(new TransactionSender(chain), Registry.Address);
        return NewService(new RegistryGateway(registry, new RegistrySigners(Relayer, GuardianKey), Journal));
    }

    /// <summary>A service over the same database and registry (a second server).</summary>
    public GovernanceService NewService(IRegistryGateway gateway) => ServiceOver(Database.Services, gateway);

    /// <summary>
    /// What a restarted process has: a new service provider over the same database file (migrated on
    /// start), a healthy RPC client, and the service over both.
    /// </summary>
    public async Task<(ServiceProvider Services, RegistryGateway Gateway, GovernanceService Service)> RestartAsync()
    {
        var services = TestDatabase.Build(Database.DataDirectory, Time);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var registry = new RiskParameterRegistryService(new TransactionSender(_node.CreateClient(RegistryScenario.Options(_node.RpcUrl))), Registry.Address);
        var gateway = new RegistryGateway(registry, new RegistrySigners(Relayer, GuardianKey), services.GetRequiredService<IPushJournal>());
        return (services, gateway, ServiceOver(services, gateway));
    }

    private GovernanceService ServiceOver(IServiceProvider services, IRegistryGateway gateway)
        => new(services.GetRequiredService<IProposalRepository>(), services.GetRequiredService<ICommitteeStore>(), gateway, new Eip712BallotScheme(), Time,
            new GovernanceRulesOptions { ChainId = DevelopmentKeys.LocalChainId, RegistryAddress = Registry.Address.ToString(), MaxTotalImGrowth = 10 },
            new AuditAnchoring(services.GetRequiredService<IAuditLog>(), gateway));

    /// <summary>The chain's latest block time.</summary>
    public async Task<DateTimeOffset> ChainTimeAsync() => (await Registry.Chain.GetLatestBlockAsync(CancellationToken.None)).Timestamp;

    /// <summary>Sets the service's clock to the chain's.</summary>
    public async Task SyncClockAsync() => Time.Set(await ChainTimeAsync());

    /// <summary>Moves the chain's clock forward by <paramref name="by"/> (mining a block) and the service's with it.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await _node.IncreaseTimeAsync(by, CancellationToken.None);
        await SyncClockAsync();
    }

    /// <summary>Moves the chain's clock to one second past the proposal's voting end (as the registry holds it now).</summary>
    public async Task EndVotingAsync(Hash32 proposalId)
    {
        var end = (await Registry.GetProposalAsync(proposalId, CancellationToken.None)).VotingEnd;
        var now = await ChainTimeAsync();
        if (end >= now)
        {
            await AdvanceAsync(end - now + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Moves the chain's clock to the proposal's eta.</summary>
    public async Task ReachEtaAsync(Hash32 proposalId)
    {
        var eta = (await Registry.GetProposalAsync(proposalId, CancellationToken.None)).Eta ?? throw new InvalidOperationException("not queued");
        var now = await ChainTimeAsync();
        if (eta > now)
        {
            await AdvanceAsync(eta - now);
        }
    }

    /// <summary>A ballot signed by member <paramref name="member"/> on <paramref name="p"/>.</summary>
    public SignedBallot Ballot(Proposal p, int member, BallotSupport support, string? reason = null)
        => new(p.Id, p.ParamsHash, support, Members[member].Address,
            new BallotTypedData(Domain, new Ballot(p.Id, p.ParamsHash, support)).Sign(Members[member].Key).ToString(), reason);

    /// <summary>Casts the ballots of <paramref name="members"/> through the service, one after the other.</summary>
    public async Task VoteAsync(Proposal p, BallotSupport support, params int[] members)
    {
        foreach (var m in members)
        {
            await Service.CastVoteAsync(Ballot(p, m, support), CancellationToken.None);
        }
    }

    /// <summary>The example params.json with changes (FORMATS.md paths: "assets.BTC.scanRange", "imMultiplier", "correlation.BTC.ETH").</summary>
    public static string Params(params (string Field, double Value)[] changes)
    {
        var json = TestParameters.ExampleJson();
        foreach (var (field, value) in changes)
        {
            var parts = field.Split('.');
            if (parts[0] == "correlation")
            {
                var assets = json["correlation"]!["assets"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
                var (i, j) = (assets.IndexOf(parts[1]), assets.IndexOf(parts[2]));
                var matrix = json["correlation"]!["matrix"]!.AsArray();
                matrix[i]![j] = value;
                matrix[j]![i] = value;
                continue;
            }

            JsonNode node = json;
            foreach (var part in parts[..^1])
            {
                node = node[part]!;
            }

            node[parts[^1]] = value;
        }

        return json.ToJsonString();
    }

    /// <summary>A draft parameter proposal by member <paramref name="author"/>, simulated.</summary>
    public async Task<Proposal> DraftAsync(string paramsJson, int author = 0, string title = "Raise BTC scan range")
    {
        var draft = await Service.DraftParametersAsync(
            new DraftParametersCommand(title, "BTC realised volatility rose.", Members[author].Address, paramsJson), CancellationToken.None);
        return await Service.AttachSimulationAsync(draft.Id, Members[author].Address, Market(), Book(), CancellationToken.None);
    }

    /// <summary>A parameter proposal by member <paramref name="author"/>, drafted, simulated and opened.</summary>
    public async Task<Proposal> OpenAsync(string paramsJson, int author = 0, string title = "Raise BTC scan range")
    {
        var draft = await DraftAsync(paramsJson, author, title);
        return await Service.OpenAsync(draft.Id, Members[author].Address, CancellationToken.None);
    }

    /// <summary>The stored proposal.</summary>
    public async Task<Proposal> GetAsync(Hash32 id) => (await Proposals.GetAsync(id, CancellationToken.None))!;

    /// <summary>The audit entries about proposal <paramref name="id"/> as (action, actor).</summary>
    public async Task<IReadOnlyList<(string Action, string Actor)>> AuditOfAsync(Hash32 id)
        => [.. (await Audit.ListAsync(id.ToString(), CancellationToken.None)).Select(e => (e.Event.Action, e.Event.Actor))];

    /// <summary>The number of mined transactions of <paramref name="account"/>.</summary>
    public async Task<long> NonceAsync(Address account)
        => (long)(await Registry.Chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.ToString())).Value;

    public static MarketSnapshot Market() => MarketSnapshotJson.Read(File.ReadAllText(RepositoryPaths.TestData("market.json")));

    public static Book Book() => BookJson.Read(File.ReadAllText(RepositoryPaths.TestData("book.json")));

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();
}
