using Nethereum.Contracts;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Push;

/// <summary>
/// Pushes a ratified proposal to the registry: queue with the committee's For ballots, then, once
/// the timelock has elapsed, execute. Every transaction is written to the <see cref="IPushJournal"/>
/// (hash and signed bytes) after signing and before broadcast; a push restarted after a crash finds
/// it there, re-broadcasts the same bytes if the node does not know them and waits for that receipt,
/// so that it never signs a second queue or execute. The registry's state of the proposal is read
/// first: an executed proposal is reported as <see cref="PushOutcome.AlreadyExecuted"/> and never
/// produces a second version.
/// </summary>
public sealed class RegistryPush
{
    private readonly RiskParameterRegistryService _registry;
    private readonly SigningKey _signer;
    private readonly IPushJournal _journal;

    /// <summary>Creates the workflow for one registry, sending with <paramref name="signer"/>.</summary>
    public RegistryPush(RiskParameterRegistryService registry, SigningKey signer, IPushJournal journal)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
    }

    /// <summary>Queues a parameter set and, when due, executes it; call again after the eta when it returns Queued.</summary>
    public Task<PushResult> PushAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return PushProposalAsync(proposalId, parameters.ParamsHash, RiskParameterRegistryService.QueueMessage(proposalId, parameters, forSignatures.Select(s => s.ToBytes())), cancellationToken);
    }

    /// <summary>
    /// Queues a committee change and, when due, executes it (same journal and resume rules;
    /// <see cref="PushResult.Version"/> stays 0 since no parameter version is created).
    /// </summary>
    public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<RegistryMember> committee, int thresholdBps, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(forSignatures);
        var hash = GovernanceAdapters.BallotTypedData.MembershipHash([.. committee.Select(m => m.Member)], [.. committee.Select(m => m.Weight)], thresholdBps);
        return PushProposalAsync(proposalId, hash, RiskParameterRegistryService.QueueMembershipMessage(proposalId, committee, thresholdBps, forSignatures.Select(s => s.ToBytes())), cancellationToken);
    }

    private async Task<PushResult> PushProposalAsync<TQueue>(Hash32 proposalId, Hash32 paramsHash, TQueue queue, CancellationToken cancellationToken)
        where TQueue : FunctionMessage, new()
    {
        var record = await _journal.FindAsync(_registry.Address, proposalId, cancellationToken).ConfigureAwait(false)
                     ?? new PushRecord(_registry.Address, proposalId, null, null);
        var info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);

        // A queue transaction journaled by an earlier, interrupted push: find out what became of it
        // (re-sending the same bytes only while the proposal is still unknown on chain).
        if (record.Queue is { Status: JournaledStatus.Signed } pendingQueue)
        {
            record = record with { Queue = await ResumeAsync(record, pendingQueue, info.State == RegistryProposalState.None, cancellationToken).ConfigureAwait(false) };
            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        }

        if (info.State != RegistryProposalState.None && info.ParamsHash != paramsHash)
        {
            throw new InvalidOperationException($"proposal {proposalId} is already on chain for params hash {info.ParamsHash}, not {paramsHash}.");
        }

        if (info.State == RegistryProposalState.None)
        {
            Hash32? failed = null;
            try
            {
                (record, var tx) = await SendJournaledAsync(record, queue, (r, t) => r with { Queue = t }, cancellationToken).ConfigureAwait(false);
                failed = tx.Status == JournaledStatus.Succeeded ? null : tx.Hash;
            }
            catch (ContractRevertException e) when (e.ErrorName is "ProposalAlreadyExists")
            {
                // Someone else queued it in between: the state below tells.
            }

            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
            if (info.State == RegistryProposalState.None)
            {
                throw new InvalidOperationException($"queue transaction {failed} failed on chain; proposal {proposalId} is not queued.");
            }

            if (info.ParamsHash != paramsHash)
            {
                throw new InvalidOperationException($"proposal {proposalId} was queued by someone else for params hash {info.ParamsHash}, not {paramsHash}.");
            }
        }

        // An execute transaction journaled by an earlier, interrupted push: same treatment.
        if (record.Execute is { Status: JournaledStatus.Signed } pendingExecute)
        {
            record = record with { Execute = await ResumeAsync(record, pendingExecute, info.State == RegistryProposalState.Queued, cancellationToken).ConfigureAwait(false) };
            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        }

        if (info.State == RegistryProposalState.Queued)
        {
            var latest = await _registry.Chain.GetLatestBlockAsync(cancellationToken).ConfigureAwait(false);
            if (latest.Timestamp < info.Eta)
            {
                return Result(PushOutcome.Queued, info, record);
            }

            try
            {
                (record, _) = await SendJournaledAsync(record, RiskParameterRegistryService.ExecuteMessage(proposalId), (r, t) => r with { Execute = t }, cancellationToken).ConfigureAwait(false);
            }
            catch (ContractRevertException e) when (e.ErrorName is "ProposalAlreadyExecuted" or "ProposalNotQueued" or "ProposalExpired")
            {
                // Someone else executed or vetoed it in between, or the grace period ran out: the chain state below tells which.
            }

            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        }

        return info.State switch
        {
            RegistryProposalState.Executed when record.Execute is { Status: JournaledStatus.Succeeded } => Result(PushOutcome.Executed, info, record),
            RegistryProposalState.Executed => Result(PushOutcome.AlreadyExecuted, info, record),
            RegistryProposalState.Vetoed => Result(PushOutcome.Vetoed, info, record),
            RegistryProposalState.Expired => Result(PushOutcome.Expired, info, record),
            RegistryProposalState.Queued => Result(PushOutcome.Queued, info, record),
            _ => throw new InvalidOperationException($"proposal {proposalId} is in state {info.State} after the push."),
        };
    }

    private static PushResult Result(PushOutcome outcome, RegistryProposal info, PushRecord record)
        => new(outcome, record.ProposalId, info.Eta, info.ExecutedVersion, record.Queue?.Hash, record.Execute?.Hash);

    private async Task<(PushRecord Record, JournaledTransaction Tx)> SendJournaledAsync<TFunction>(
        PushRecord record, TFunction function, Func<PushRecord, JournaledTransaction, PushRecord> set, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        // The sender estimates gas first: a revert throws there, before anything is signed, journaled or sent.
        // The journal is written after signing and before broadcast (onSigned); a nonce retry overwrites it.
        var current = record;
        var signed = await _registry.Sender.BroadcastAsync(
            _signer,
            _registry.Address,
            function,
            RiskParameterRegistryService.Errors,
            async (tx, ct) =>
            {
                current = set(current, new JournaledTransaction(tx.Hash, tx.RawHex, JournaledStatus.Signed));
                await _journal.SaveAsync(current, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        var receipt = await _registry.Chain.WaitForReceiptAsync(signed.Hash, 1, cancellationToken).ConfigureAwait(false);
        var journaled = new JournaledTransaction(signed.Hash, signed.RawHex, receipt.Succeeded ? JournaledStatus.Succeeded : JournaledStatus.Failed);
        record = set(current, journaled);
        await _journal.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        return (record, journaled);
    }

    private async Task<JournaledTransaction> ResumeAsync(PushRecord record, JournaledTransaction pending, bool rebroadcast, CancellationToken cancellationToken)
    {
        var receipt = await _registry.Chain.GetReceiptAsync(pending.Hash, cancellationToken).ConfigureAwait(false);
        if (receipt is null && !rebroadcast)
        {
            // The proposal moved on without it (someone else's transaction did the step): it can only fail now.
            return await SaveAsync(record, pending, pending with { Status = JournaledStatus.Failed }, cancellationToken).ConfigureAwait(false);
        }

        if (receipt is null)
        {
            // The same signed bytes again: same hash, same nonce, so never a second transaction.
            if (await _registry.Sender.RebroadcastAsync(pending.RawTransaction, pending.Hash, cancellationToken).ConfigureAwait(false) == RebroadcastOutcome.NonceTaken)
            {
                return await SaveAsync(record, pending, pending with { Status = JournaledStatus.Failed }, cancellationToken).ConfigureAwait(false);
            }

            receipt = await _registry.Chain.WaitForReceiptAsync(pending.Hash, 1, cancellationToken).ConfigureAwait(false);
        }

        return await SaveAsync(record, pending, pending with { Status = receipt.Succeeded ? JournaledStatus.Succeeded : JournaledStatus.Failed }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JournaledTransaction> SaveAsync(PushRecord record, JournaledTransaction old, JournaledTransaction updated, CancellationToken cancellationToken)
    {
        await _journal.SaveAsync(ReferenceEquals(record.Queue, old) ? record with { Queue = updated } : record with { Execute = updated }, cancellationToken).ConfigureAwait(false);
        return updated;
    }
}
