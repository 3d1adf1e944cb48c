using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests.Support;

/// <summary>
/// A registry deployed with a chosen genesis set and committee, for what <see cref="RegistryScenario"/>'s
/// fixed deployment cannot show (a committee of total weight 10, a base with zero values, ten assets).
/// Rules and bounds are the scenario's unless told otherwise; the guardian is account 9, the sender account 0.
/// </summary>
public sealed class CustomRegistry
{
    private CustomRegistry(RiskParameterRegistryService registry, IReadOnlyList<WeightedMember> committee)
    {
        Registry = registry;
        Committee = committee;
    }

    public RiskParameterRegistryService Registry { get; }

    public IReadOnlyList<WeightedMember> Committee { get; }

    public ChainClient Chain => Registry.Chain;

    public BallotDomain Domain => new(DevelopmentKeys.LocalChainId, Registry.Address);

    /// <summary>Deploys; <paramref name="weights"/> are the weights of accounts 1, 2, ... in order.</summary>
    public static async Task<CustomRegistry> DeployAsync(
        AnvilFixture node, OnChainParameterSet genesis, long[] weights, CancellationToken cancellationToken, GovernanceRules? rules = null, RegistryBounds? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(weights);
        IReadOnlyList<WeightedMember> committee = [.. weights.Select((w, i) => new WeightedMember(RegistryScenario.Key(i + 1).Address, w))];
        var sender = new TransactionSender(node.CreateClient(RegistryScenario.Options(node.RpcUrl)));
        var configuration = new RegistryConfiguration(committee, RegistryScenario.Guardian.Address, rules ?? RegistryScenario.Rules, bounds ?? RegistryScenario.Bounds, genesis);
        var registry = await RiskParameterRegistryService.DeployAsync(sender, RegistryScenario.Operator, configuration, cancellationToken);
        return new CustomRegistry(registry, committee);
    }

    /// <summary>Registers a payload with the operator's key (a parameter set on the current version unless told otherwise).</summary>
    public async Task<ProposalIdentity> ProposeAsync(ProposalPayload payload, CancellationToken cancellationToken, long? baseVersion = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var version = baseVersion ?? (payload.Kind == ProposalKind.Parameters ? await Registry.GetCurrentVersionAsync(cancellationToken) : 0);
        var salt = Hash32.Keccak(Guid.NewGuid().ToString("N"));
        var identity = ProposalPayloadAbi.Identify(payload, version, salt);
        await Registry.ProposeAsync(RegistryScenario.Operator, payload, identity.BallotHash, version, salt, cancellationToken);
        return identity;
    }

    /// <summary>Relays the ballots of <paramref name="accounts"/>, each signed by its own key.</summary>
    public async Task VoteAsync(ProposalIdentity proposal, BallotSupport support, CancellationToken cancellationToken, params int[] accounts)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        foreach (var a in accounts)
        {
            var signature = new BallotTypedData(Domain, new Ballot(proposal.Id, proposal.BallotHash, support)).Sign(RegistryScenario.Key(a));
            await Registry.CastVoteAsync(RegistryScenario.Operator, proposal.Id, RegistryScenario.Key(a).Address, support, signature.ToBytes(), cancellationToken);
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

    /// <summary>Proposes, passes (the given accounts vote For), queues and executes a parameter set; returns its identity.</summary>
    public async Task<ProposalIdentity> EnactAsync(AnvilFixture node, OnChainParameterSet set, CancellationToken cancellationToken, params int[] accounts)
    {
        ArgumentNullException.ThrowIfNull(node);
        var payload = new ParametersPayload(set);
        var p = await ProposeAsync(payload, cancellationToken);
        await VoteAsync(p, BallotSupport.For, cancellationToken, accounts);
        await EndVotingAsync(node, p.Id, cancellationToken);
        await Registry.QueueAsync(RegistryScenario.Operator, p.Id, cancellationToken);
        await node.IncreaseTimeAsync(RegistryScenario.Delay, cancellationToken);
        await Registry.ExecuteAsync(RegistryScenario.Operator, p.Id, payload, cancellationToken);
        return p;
    }
}
