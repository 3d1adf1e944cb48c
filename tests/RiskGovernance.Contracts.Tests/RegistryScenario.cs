using System.Numerics;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// A registry deployed on the test chain with the example set as version 1.
/// Committee: anvil accounts 1..5 with weights 1, 1, 1, 2, 2 (total 7), threshold 50% -> 4 needed.
/// Guardian: account 9. Sender and deployer: account 0. Account 6 is not a member.
/// </summary>
internal sealed class RegistryScenario : IDisposable
{
    public const int ThresholdBps = 5_000;
    public static readonly TimeSpan Delay = TimeSpan.FromHours(1);
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    private readonly List<HttpClient> _clients;

    private RegistryScenario(List<HttpClient> clients, NonceAllocator nonces, TransactionSender sender, RiskParameterRegistryContract registry, ExampleMarginConsumerContract consumer)
    {
        _clients = clients;
        Nonces = nonces;
        Sender = sender;
        Registry = registry;
        Consumer = consumer;
    }

    public static EthPrivateKey Key(int account) => DevelopmentKeys.Key(account);

    public static LocalKeySigner Signer(int account) => new(Key(account));

    public static LocalKeySigner Operator => Signer(0);

    public static LocalKeySigner Guardian => Signer(9);

    public static EthPrivateKey NonMember => Key(6);

    public static IReadOnlyList<CommitteeMember> InitialCommittee { get; } =
        [.. new[] { 1, 1, 1, 2, 2 }.Select((w, i) => new CommitteeMember(Key(i + 1).Address, w))];

    public NonceAllocator Nonces { get; }

    public TransactionSender Sender { get; }

    public EthRpcClient Rpc => Sender.Rpc;

    public RiskParameterRegistryContract Registry { get; }

    public ExampleMarginConsumerContract Consumer { get; }

    public static TransactionSender CreateSender(HttpClient http, Uri endpoint, NonceAllocator nonces, int maxRetries = 1)
    {
        var rpc = new EthRpcClient(http, Options.Create(new ChainRpcOptions
        {
            RpcUrl = endpoint,
            MaxRetries = maxRetries,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
            ReceiptTimeout = TimeSpan.FromSeconds(30),
        }));
        return new TransactionSender(rpc, nonces, Options.Create(new TransactionSenderOptions()));
    }

    public static async Task<RegistryScenario> DeployAsync(AnvilFixture node, CancellationToken cancellationToken)
    {
        var http = new HttpClient();
        var nonces = new NonceAllocator();
        var sender = CreateSender(http, node.RpcUrl, nonces);
        var configuration = new RegistryConfiguration(InitialCommittee, ThresholdBps, Delay, Grace, Guardian.Address, TestParameters.Example());
        var registry = await RiskParameterRegistryContract.DeployAsync(sender, Operator, configuration, cancellationToken);
        var consumer = await ExampleMarginConsumerContract.DeployAsync(sender, Operator, registry.Address, cancellationToken);
        return new RegistryScenario([http], nonces, sender, registry, consumer);
    }

    /// <summary>The same registry seen through an RPC client whose HTTP handler crashes around the first broadcast.</summary>
    public RiskParameterRegistryContract Crashing(AnvilFixture node, CrashPoint crashPoint)
    {
        var http = new HttpClient(new CrashingRpcHandler(crashPoint));
        _clients.Add(http);
        return new RiskParameterRegistryContract(CreateSender(http, node.RpcUrl, Nonces), Registry.Address);
    }

    public BallotTypedData Ballot(Hash32 proposalId, Hash32 paramsHash, BallotSupport support = BallotSupport.For)
        => new(proposalId, paramsHash, support, DevelopmentKeys.LocalChainId, Registry.Address);

    /// <summary>For ballots of the given accounts.</summary>
    public IReadOnlyList<byte[]> Sign(Hash32 proposalId, Hash32 paramsHash, params int[] accounts)
        => [.. accounts.Select(a => Ballot(proposalId, paramsHash).Sign(Signer(a)))];

    public Task<BigInteger> NonceAsync(ITransactionSigner signer, CancellationToken cancellationToken)
        => Rpc.GetTransactionCountAsync(signer.Address, BlockParameter.Latest, cancellationToken);

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
