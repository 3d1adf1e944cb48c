using RiskGovernance.Chain;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>The keys the portal sends registry transactions with.</summary>
/// <param name="Relayer">Sends queue and execute transactions (anyone may; the relayer pays the gas).</param>
/// <param name="Guardian">Sends vetoes; null when this server does not hold the guardian's key.</param>
public sealed record RegistrySigners(SigningKey Relayer, SigningKey? Guardian);

/// <summary>
/// The governance domain's <see cref="IRegistryGateway"/> on the registry contract: pushes with
/// <see cref="RegistryPush"/> (journaled in the <see cref="IPushJournal"/>, never sent twice), reads
/// with <see cref="RiskParameterRegistryService"/>, vetoes with the guardian's key.
/// </summary>
public sealed class RegistryGateway : IRegistryGateway
{
    private readonly RiskParameterRegistryService _registry;
    private readonly RegistryPush _push;
    private readonly IPushJournal _journal;
    private readonly SigningKey? _guardian;

    /// <summary>Creates the gateway.</summary>
    public RegistryGateway(RiskParameterRegistryService registry, RegistrySigners signers, IPushJournal journal)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _push = new RegistryPush(registry, signers.Relayer, journal);
        _guardian = signers.Guardian;
    }

    /// <inheritdoc />
    public Task<PushResult> PushParametersAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
        => _push.PushAsync(proposalId, parameters, forSignatures, cancellationToken);

    /// <inheritdoc />
    public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committee);
        return _push.PushMembershipAsync(proposalId, [.. committee.Select(m => new RegistryMember(m.Address, m.Weight))], thresholdBps, forSignatures, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _registry.GetProposalAsync(proposalId, cancellationToken);

    /// <inheritdoc />
    public async Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var guardian = _guardian ?? throw new InvalidOperationException("no guardian key is configured on this server; veto on chain with the guardian's key.");
        var receipt = await _registry.VetoAsync(guardian, proposalId, cancellationToken).ConfigureAwait(false);
        return receipt.TransactionHash;
    }

    /// <inheritdoc />
    public Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _journal.FindAsync(_registry.Address, proposalId, cancellationToken);
}
