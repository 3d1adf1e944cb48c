using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Contracts.Parameters;
using RiskGovernance.Contracts.Registry;

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

    private RegistryScenario(HttpClient http, AnvilNode node, IChainGateway chain, RiskParameterRegistryContract registry, ExampleMarginConsumerContract consumer)
    {
        Http = http;
        Node = node;
        Chain = chain;
        Registry = registry;
        Consumer = consumer;
    }

    public static EthPrivateKey Key(int account) => EthPrivateKey.Parse(AnvilNode.DevKeys[account]);

    public static EthPrivateKey Sender => Key(0);

    public static EthPrivateKey Guardian => Key(9);

    public static EthPrivateKey NonMember => Key(6);

    public static IReadOnlyList<CommitteeMember> InitialCommittee { get; } =
        [.. new[] { 1, 1, 1, 2, 2 }.Select((w, i) => new CommitteeMember(Key(i + 1).Address, w))];

    public HttpClient Http { get; }

    public AnvilNode Node { get; }

    public IChainGateway Chain { get; }

    public RiskParameterRegistryContract Registry { get; }

    public ExampleMarginConsumerContract Consumer { get; }

    public static async Task<RegistryScenario> DeployAsync(AnvilNode node, CancellationToken cancellationToken)
    {
        var http = new HttpClient();
        var chain = new JsonRpcChainGateway(http, node.Endpoint, TimeSpan.FromMilliseconds(20));
        var configuration = new RegistryConfiguration(InitialCommittee, ThresholdBps, Delay, Grace, Guardian.Address, TestParameters.Example());
        var registry = await RiskParameterRegistryContract.DeployAsync(chain, Sender, configuration, cancellationToken);
        var consumer = await ExampleMarginConsumerContract.DeployAsync(chain, Sender, registry.Address, cancellationToken);
        return new RegistryScenario(http, node, chain, registry, consumer);
    }

    public BallotTypedData Ballot(Hash32 proposalId, Hash32 paramsHash, BallotSupport support = BallotSupport.For)
        => new(proposalId, paramsHash, support, AnvilNode.ChainId, Registry.Address);

    /// <summary>For ballots of the given accounts.</summary>
    public IReadOnlyList<byte[]> Sign(Hash32 proposalId, Hash32 paramsHash, params int[] accounts)
        => [.. accounts.Select(a => Ballot(proposalId, paramsHash).Sign(Key(a)))];

    public Task<BigInteger> NonceAsync(EthPrivateKey key, CancellationToken cancellationToken)
        => Chain.GetTransactionCountAsync(key.Address, cancellationToken);

    public void Dispose() => Http.Dispose();
}
