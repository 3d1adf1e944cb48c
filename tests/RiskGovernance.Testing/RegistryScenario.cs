using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Testing;

/// <summary>
/// A registry deployed on the test chain with the example set as version 1.
/// Committee: anvil accounts 1..5 with weights 1, 1, 1, 2, 2 (total 7), threshold 50% -> 4 needed.
/// Guardian: account 9. Sender and deployer: account 0. Account 6 is not a member.
/// </summary>
public sealed class RegistryScenario
{
    public const int ThresholdBps = 5_000;
    public static readonly TimeSpan Delay = TimeSpan.FromHours(1);
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    private RegistryScenario(TransactionSender sender, RiskParameterRegistryService registry, ExampleMarginConsumerService consumer)
    {
        Sender = sender;
        Registry = registry;
        Consumer = consumer;
    }

    public static SigningKey Key(int account) => DevelopmentKeys.Key(account);

    public static SigningKey Operator => Key(0);

    public static SigningKey Guardian => Key(9);

    public static SigningKey NonMember => Key(6);

    public static IReadOnlyList<RegistryMember> InitialCommittee { get; } =
        [.. new[] { 1, 1, 1, 2, 2 }.Select((w, i) => new RegistryMember(Key(i + 1).Address, w))];

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

    public static async Task<RegistryScenario> DeployAsync(AnvilFixture node, CancellationToken cancellationToken)
    {
        var sender = new TransactionSender(node.CreateClient(Options(node.RpcUrl)));
        var configuration = new RegistryConfiguration(InitialCommittee, ThresholdBps, Delay, Grace, Guardian.Address, TestParameters.Example());
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

    public BallotTypedData Ballot(Hash32 proposalId, Hash32 paramsHash, BallotSupport support = BallotSupport.For)
        => new(Domain, new Ballot(proposalId, paramsHash, support));

    /// <summary>For ballots of the given accounts.</summary>
    public IReadOnlyList<EcdsaSignature> Sign(Hash32 proposalId, Hash32 paramsHash, params int[] accounts)
        => [.. accounts.Select(a => Ballot(proposalId, paramsHash).Sign(Key(a)))];

    /// <summary>For ballots of the given accounts as the bytes the contract's queue takes.</summary>
    public IReadOnlyList<byte[]> SignBytes(Hash32 proposalId, Hash32 paramsHash, params int[] accounts)
        => [.. Sign(proposalId, paramsHash, accounts).Select(s => s.ToBytes())];

    /// <summary>The number of mined transactions of <paramref name="account"/>.</summary>
    public async Task<long> NonceAsync(Address account, CancellationToken cancellationToken)
        => (long)(await Chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.ToString()).WaitAsync(cancellationToken)).Value;
}
