using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Contracts.Parameters;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Governance.Application;

/// <summary>
/// <see cref="IRegistryGateway"/> over the Contracts layer: pushes with <see cref="RegistryPush"/>
/// (journaled in <see cref="IPushJournal"/>, never sent twice), reads with
/// <see cref="RiskParameterRegistryContract"/>, vetoes with the guardian's signer.
/// </summary>
public sealed class RegistryGateway : IRegistryGateway
{
    private readonly RiskParameterRegistryContract _registry;
    private readonly RegistryPush _push;
    private readonly IPushJournal _journal;
    private readonly ITransactionSigner? _guardian;

    /// <summary>Creates the gateway; <paramref name="guardian"/> may be null when this server never vetoes.</summary>
    public RegistryGateway(RiskParameterRegistryContract registry, ITransactionSigner sender, IPushJournal journal, ITransactionSigner? guardian)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _push = new RegistryPush(registry, sender ?? throw new ArgumentNullException(nameof(sender)), journal);
        _guardian = guardian;
    }

    /// <inheritdoc />
    public Task<PushResult> PushParametersAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<byte[]> forSignatures, CancellationToken cancellationToken)
        => _push.PushAsync(proposalId, parameters, forSignatures, cancellationToken);

    /// <inheritdoc />
    public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<byte[]> forSignatures, CancellationToken cancellationToken)
        => _push.PushMembershipAsync(proposalId, committee, thresholdBps, forSignatures, cancellationToken);

    /// <inheritdoc />
    public Task<ProposalInfo> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _registry.GetProposalAsync(proposalId, cancellationToken);

    /// <inheritdoc />
    public async Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        if (_guardian is null)
        {
            throw new InvalidOperationException("no guardian signer is configured; veto on chain with the guardian's key.");
        }

        var receipt = await _registry.VetoAsync(_guardian, proposalId, cancellationToken);
        return receipt.TransactionHash;
    }

    /// <inheritdoc />
    public Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => _journal.FindAsync(_registry.Address, proposalId, cancellationToken);
}
