using Nethereum.Contracts;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Push;

/// <summary>
/// Pushes a passed proposal through the registry: queue (the registry checks its own tally), then,
/// once the timelock has elapsed, execute with the payload. Every transaction is written to the <see cref="IPushJournal"/>
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

    /// <summary>
    /// Queues a passed proposal and, when its timelock has elapsed, executes it with
    /// <paramref name="payload"/>; call again after the eta when it returns Queued. The registry
    /// decides: a refusal (voting not ended, tally failed, stale base) is its
    /// <see cref="ContractRevertException"/>, thrown before anything is signed.
    /// </summary>
    public async Task<PushResult> PushAsync(Hash32 proposalId, ProposalPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var payloadHash = Hash32.Keccak(ProposalPayloadAbi.Encode(payload));
        var record = await _journal.FindAsync(_registry.Address, proposalId, cancellationToken).ConfigureAwait(false)
                     ?? new PushRecord(_registry.Address, proposalId, null, null);
        var info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        if (info.State == RegistryProposalState.None)
        {
            throw new InvalidOperationException($"proposal {proposalId} is not registered on the registry {_registry.Address}.");
        }

        if (info.PayloadHash != payloadHash)
        {
            throw new InvalidOperationException($"proposal {proposalId} is registered with payload hash {info.PayloadHash}, not {payloadHash}.");
        }

        // A queue transaction journaled by an earlier, interrupted push: find out what became of it
        // (re-sending the same bytes only while the proposal still waits to be queued).
        if (record.Queue is { Status: JournaledStatus.Signed } pendingQueue)
        {
            record = record with { Queue = await ResumeAsync(record, pendingQueue, info.State == RegistryProposalState.Succeeded, cancellationToken).ConfigureAwait(false) };
            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        }

        if (info.State is RegistryProposalState.Active or RegistryProposalState.Succeeded or RegistryProposalState.Defeated)
        {
            try
            {
                (record, _) = await SendJournaledAsync(record, RiskParameterRegistryService.QueueMessage(proposalId), (r, t) => r with { Queue = t }, cancellationToken).ConfigureAwait(false);
            }
            catch (ContractRevertException e) when (e.ErrorName is "ProposalNotSucceeded")
            {
                // Someone else queued, vetoed or cancelled it in between: the state below tells.
            }

            info = await _registry.GetProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
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
                (record, _) = await SendJournaledAsync(record, RiskParameterRegistryService.ExecuteMessage(proposalId, payload), (r, t) => r with { Execute = t }, cancellationToken).ConfigureAwait(false);
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
            RegistryProposalState.Canceled => Result(PushOutcome.Canceled, info, record),
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
