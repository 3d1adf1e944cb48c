using RiskGovernance.Chain;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>The keys the portal sends registry transactions with.</summary>
/// <param name="Relayer">Registers proposals, relays ballots, queues, executes, anchors the audit log (anyone may; the relayer pays the gas).</param>
/// <param name="Guardian">Sends vetoes and the guardian's cancels; null when this server does not hold the guardian's key.</param>
public sealed record RegistrySigners(SigningKey Relayer, SigningKey? Guardian);

/// <summary>
/// The governance domain's <see cref="IRegistryGateway"/> on the registry contract: reads with
/// <see cref="RiskParameterRegistryService"/>, registers proposals and relays ballots with the
/// relayer's key, pushes with <see cref="RegistryPush"/> (journaled in the <see cref="IPushJournal"/>,
/// never sent twice), vetoes with the guardian's key. Every revert becomes a
/// <see cref="Governance.RegistryRefusedException"/> in plain words (<see cref="RegistryRefusals"/>).
/// </summary>
public sealed class RegistryGateway : IRegistryGateway
{
    private readonly RiskParameterRegistryService _registry;
    private readonly RegistryPush _push;
    private readonly IPushJournal _journal;
    private readonly SigningKey _relayer;
    private readonly SigningKey? _guardian;

    /// <summary>Creates the gateway.</summary>
    public RegistryGateway(RiskParameterRegistryService registry, RegistrySigners signers, IPushJournal journal)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _relayer = signers.Relayer;
        _push = new RegistryPush(registry, signers.Relayer, journal);
        _guardian = signers.Guardian;
    }

    /// <inheritdoc />
    public Task<long> GetCurrentVersionAsync(CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetCurrentVersionAsync(cancellationToken));

    /// <inheritdoc />
    public Task<OnChainParameterSet> GetParametersAsync(long version, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetParametersAsync(version, cancellationToken));

    /// <inheritdoc />
    public Task<GovernanceRules> GetRulesAsync(CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetRulesAsync(cancellationToken));

    /// <inheritdoc />
    public Task<RegistryBounds> GetBoundsAsync(CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetBoundsAsync(cancellationToken));

    /// <inheritdoc />
    public Task<RegistryCommittee> GetCommitteeAsync(long? epoch, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetCommitteeAsync(epoch, cancellationToken));

    /// <inheritdoc />
    public async Task<DateTimeOffset> GetChainTimeAsync(CancellationToken cancellationToken)
        => (await _registry.Chain.GetLatestBlockAsync(cancellationToken).ConfigureAwait(false)).Timestamp;

    /// <inheritdoc />
    public Task<bool> CheckProposalAsync(ProposalPayload payload, Hash32 ballotHash, long baseVersion, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.CheckProposalAsync(payload, ballotHash, baseVersion, cancellationToken));

    /// <inheritdoc />
    public Task<Hash32?> ProposeAsync(ProposalPayload payload, Hash32 ballotHash, long baseVersion, Hash32 salt, CancellationToken cancellationToken)
        => RegistryRefusals.Translate<Hash32?>(async () =>
        {
            try
            {
                return (await _registry.ProposeAsync(_relayer, payload, ballotHash, baseVersion, salt, cancellationToken).ConfigureAwait(false)).TransactionHash;
            }
            catch (ContractRevertException e) when (e.ErrorName == "ProposalAlreadyExists")
            {
                return null;
            }
        });

    /// <inheritdoc />
    public Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetProposalAsync(proposalId, cancellationToken));

    /// <inheritdoc />
    public Task<RegistryTally> GetTallyAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetTallyAsync(proposalId, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<RegistryVote>> GetVotesAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _registry.GetVotesAsync(proposalId, cancellationToken);

    /// <inheritdoc />
    public Task<Hash32> CastVoteAsync(Hash32 proposalId, Address voter, BallotSupport support, EcdsaSignature signature, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(async () =>
            (await _registry.CastVoteAsync(_relayer, proposalId, voter, support, signature.ToBytes(), cancellationToken).ConfigureAwait(false)).TransactionHash);

    /// <inheritdoc />
    public Task<PushResult> PushAsync(Hash32 proposalId, ProposalPayload payload, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _push.PushAsync(proposalId, payload, cancellationToken));

    /// <inheritdoc />
    public Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(async () =>
            (await _registry.VetoAsync(GuardianKey(), proposalId, cancellationToken).ConfigureAwait(false)).TransactionHash);

    /// <inheritdoc />
    public Task<Hash32> CancelAsync(Hash32 proposalId, bool asGuardian, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(async () =>
            (await _registry.CancelAsync(asGuardian ? GuardianKey() : _relayer, proposalId, cancellationToken).ConfigureAwait(false)).TransactionHash);

    /// <inheritdoc />
    public Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _journal.FindAsync(_registry.Address, proposalId, cancellationToken);

    /// <inheritdoc />
    public Task<Hash32> AnchorAuditAsync(Hash32 head, long entries, CancellationToken cancellationToken)
        => RegistryRefusals.Translate(async () =>
            (await _registry.AnchorAuditAsync(_relayer, head, entries, cancellationToken).ConfigureAwait(false)).TransactionHash);

    /// <inheritdoc />
    public Task<AuditAnchor?> GetAuditAnchorAsync(CancellationToken cancellationToken)
        => RegistryRefusals.Translate(() => _registry.GetAuditAnchorAsync(_relayer.Address, cancellationToken));

    private SigningKey GuardianKey()
        => _guardian ?? throw new InvalidOperationException("no guardian key is configured on this server (RISKGOV_GUARDIAN_KEY); act on chain with the guardian's key.");
}
