using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Testing;

/// <summary>
/// A registry deployed on the test chain with the example set as version 1.
/// Committee (epoch 1): anvil accounts 1..5 with weights 1, 1, 1, 2, 2 (total 7); quorum 50 % -> 4 weight
/// For or Abstain; supermajority 66.67 %. Voting 1 hour, late quorum 10 minutes, timelock 1 hour,
/// grace 1 day. Guardian: account 9. Sender and deployer: account 0. Account 6 is not a member.
/// </summary>
public sealed class RegistryScenario
{
    public static readonly GovernanceRules Rules = new(
        VotingPeriod: TimeSpan.FromHours(1), LateQuorumExtension: TimeSpan.FromMinutes(10), TimelockDelay: TimeSpan.FromHours(1),
        GracePeriod: TimeSpan.FromDays(1), QuorumBps: 5_000, SupermajorityBps: 6_667);

    public static readonly RegistryBounds Bounds = RegistryDefaults.Bounds;

    private RegistryScenario(TransactionSender sender, RiskParameterRegistryService registry, ExampleMarginConsumerService consumer)
    {
        Sender = sender;
        Registry = registry;
        Consumer = consumer;
    }

    public static TimeSpan Delay => Rules.TimelockDelay;

    public static TimeSpan Grace => Rules.GracePeriod;

    public static SigningKey Key(int account) => DevelopmentKeys.Key(account);

    public static SigningKey Operator => Key(0);

    public static SigningKey Guardian => Key(9);

    public static SigningKey NonMember => Key(6);

    public static IReadOnlyList<WeightedMember> InitialCommittee { get; } =
        [.. new[] { 1, 1, 1, 2, 2 }.Select((w, i) => new WeightedMember(Key(i + 1).Address, w))];

    public TransactionSender Sender { get; }

    public ChainClient Chain => Sender.Chain;

    public RiskParameterRegistryService Registry { get; }

    public ExampleMarginConsumerService Consumer { get; }

    public BallotDomain Domain => new(DevelopmentKeys.LocalChainId, Registry.Address);

    /// <summary>Chain options for <paramref name="endpoint"/> with short waits.</summary>
    public static ChainOptions Options(Uri endpoint, int maxRetries = 1) => new()
    {
        RpcUrl = endpoint,
        MaxRetries = maxRetries,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        ReceiptTimeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<RegistryScenario> DeployAsync(AnvilFixture node, CancellationToken cancellationToken, GovernanceRules? rules = null)
    {
        var sender = new TransactionSender(node.CreateClient(Options(node.RpcUrl)));
        var configuration = new RegistryConfiguration(InitialCommittee, Guardian.Address, rules ?? Rules, Bounds, TestParameters.Example());
        var registry = await RiskParameterRegistryService.DeployAsync(sender, Operator, configuration, cancellationToken);
        var consumer = await ExampleMarginConsumerService.DeployAsync(sender, Operator, registry.Address, cancellationToken);
        return new RegistryScenario(sender, registry, consumer);
    }

    /// <summary>The same registry seen through an RPC client whose HTTP handler crashes around the first broadcast.</summary>
    public RiskParameterRegistryService Crashing(AnvilFixture node, CrashPoint crashPoint)
    {
        var chain = new ChainClient(Options(node.RpcUrl), new HttpClient(new CrashingRpcHandler(crashPoint)));
        return new RiskParameterRegistryService(new TransactionSender(chain), Registry.Address);
    }

    public BallotTypedData Ballot(Hash32 proposalId, Hash32 ballotHash, BallotSupport support = BallotSupport.For)
        => new(Domain, new Ballot(proposalId, ballotHash, support));

    /// <summary>Ballots of the given accounts.</summary>
    public IReadOnlyList<EcdsaSignature> Sign(Hash32 proposalId, Hash32 ballotHash, params int[] accounts)
        => [.. accounts.Select(a => Ballot(proposalId, ballotHash).Sign(Key(a)))];

    /// <summary>Registers <paramref name="payload"/> (a parameter set on the current version unless told otherwise) with the operator's key.</summary>
    public async Task<ProposalIdentity> ProposeAsync(ProposalPayload payload, CancellationToken cancellationToken, long? baseVersion = null, Hash32? salt = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var version = baseVersion ?? (payload.Kind == ProposalKind.Parameters ? await Registry.GetCurrentVersionAsync(cancellationToken) : 0);
        var s = salt ?? Hash32.Keccak(Guid.NewGuid().ToString("N"));
        var identity = ProposalPayloadAbi.Identify(payload, version, s);
        await Registry.ProposeAsync(Operator, payload, identity.BallotHash, version, s, cancellationToken);
        return identity;
    }

    /// <summary>Relays the ballots of <paramref name="accounts"/> (signed by themselves) with the operator's key.</summary>
    public async Task VoteAsync(ProposalIdentity proposal, BallotSupport support, CancellationToken cancellationToken, params int[] accounts)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        foreach (var a in accounts)
        {
            var signature = Ballot(proposal.Id, proposal.BallotHash, support).Sign(Key(a));
            await Registry.CastVoteAsync(Operator, proposal.Id, Key(a).Address, support, signature.ToBytes(), cancellationToken);
        }
    }

    /// <summary>Moves the chain's clock past the proposal's voting end.</summary>
    public async Task EndVotingAsync(AnvilFixture node, Hash32 proposalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var p = await Registry.GetProposalAsync(proposalId, cancellationToken);
        var now = (await Chain.GetLatestBlockAsync(cancellationToken)).Timestamp;
        if (p.VotingEnd >= now)
        {
            await node.IncreaseTimeAsync(p.VotingEnd - now + TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Moves the chain's clock to the proposal's eta.</summary>
    public async Task ReachEtaAsync(AnvilFixture node, Hash32 proposalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var p = await Registry.GetProposalAsync(proposalId, cancellationToken);
        var now = (await Chain.GetLatestBlockAsync(cancellationToken)).Timestamp;
        if (p.Eta is { } eta && eta > now)
        {
            await node.IncreaseTimeAsync(eta - now, cancellationToken);
        }
    }

    /// <summary>The number of mined transactions of <paramref name="account"/>.</summary>
    public async Task<long> NonceAsync(Address account, CancellationToken cancellationToken)
        => (long)(await Chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.ToString()).WaitAsync(cancellationToken)).Value;
}
