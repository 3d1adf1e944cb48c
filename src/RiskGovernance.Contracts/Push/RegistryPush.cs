using System.Numerics;
using System.Text.Json.Nodes;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Transactions;
using RiskGovernance.Contracts.Parameters;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.Push;

/// <summary>How a push ended.</summary>
public enum PushOutcome
{
    /// <summary>Queued on chain; the timelock has not elapsed yet (push again after <see cref="PushResult.Eta"/>).</summary>
    Queued,

    /// <summary>This push executed the proposal; <see cref="PushResult.Version"/> is the new version (parameter proposals).</summary>
    Executed,

    /// <summary>The proposal had already been executed (by an earlier push or by anyone); nothing was sent.</summary>
    AlreadyExecuted,

    /// <summary>The guardian vetoed the proposal.</summary>
    Vetoed,

    /// <summary>The grace period ran out before execution.</summary>
    Expired,
}

/// <summary>Result of <see cref="RegistryPush.PushAsync"/>.</summary>
/// <param name="Outcome">Outcome.</param>
/// <param name="ProposalId">Proposal id.</param>
/// <param name="Eta">Earliest execution time (Unix seconds), 0 when never queued.</param>
/// <param name="Version">Registry version holding the set (Executed / AlreadyExecuted), else 0.</param>
/// <param name="QueueTransaction">Hash of this workflow's queue transaction, if it sent one.</param>
/// <param name="ExecuteTransaction">Hash of this workflow's execute transaction, if it sent one.</param>
public sealed record PushResult(PushOutcome Outcome, Hash32 ProposalId, long Eta, BigInteger Version, Hash32? QueueTransaction, Hash32? ExecuteTransaction);

/// <summary>
/// Pushes a ratified parameter set to the registry: queue with the committee's For ballots, then,
/// once the timelock has elapsed, execute. Every transaction is written to the
/// <see cref="IPushJournal"/> (hash and signed bytes) before it is broadcast; a push restarted
/// after a crash finds it there, re-broadcasts the same bytes if the node does not know them and
/// waits for that receipt, so it never signs a second queue or execute. The on-chain proposal
/// state is read first: an executed proposal is reported as <see cref="PushOutcome.AlreadyExecuted"/>
/// and never produces a second version.
/// </summary>
public sealed class RegistryPush
{
    private readonly RiskParameterRegistryContract _registry;
    private readonly ITransactionSigner _signer;
    private readonly IPushJournal _journal;

    /// <summary>Creates the workflow for one registry, sending with <paramref name="signer"/>.</summary>
    public RegistryPush(RiskParameterRegistryContract registry, ITransactionSigner signer, IPushJournal journal)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
    }

    /// <summary>Queues a parameter set and, when due, executes it; call again after the eta when it returns Queued.</summary>
    public Task<PushResult> PushAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<byte[]> forSignatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return PushProposalAsync(proposalId, parameters.ParamsHash, RiskParameterRegistryContract.QueueCallData(proposalId, parameters, forSignatures), cancellationToken);
    }

    /// <summary>
    /// Queues a committee change and, when due, executes it (same journal and resume rules;
    /// <see cref="PushResult.Version"/> stays 0 since no parameter version is created).
    /// </summary>
    public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<byte[]> forSignatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(forSignatures);
        return PushProposalAsync(
            proposalId,
            RiskParameterRegistryContract.MembershipHash(committee, thresholdBps),
            RiskParameterRegistryContract.QueueMembershipCallData(proposalId, committee, thresholdBps, forSignatures),
            cancellationToken);
    }

    private async Task<PushResult> PushProposalAsync(Hash32 proposalId, Hash32 paramsHash, byte[] queueCallData, CancellationToken cancellationToken)
    {
        var record = await _journal.FindAsync(_registry.Address, proposalId, cancellationToken)
                     ?? new PushRecord(_registry.Address, proposalId, null, null);
        var info = await _registry.GetProposalAsync(proposalId, cancellationToken);

        // A queue transaction journaled by an earlier, interrupted push: find out what became of it
        // (re-sending the same bytes only while the proposal is still unknown on chain).
        if (record.Queue is { Status: JournaledStatus.Signed } pendingQueue)
        {
            record = record with { Queue = await ResumeAsync(record, pendingQueue, info.State == ProposalState.None, cancellationToken) };
            info = await _registry.GetProposalAsync(proposalId, cancellationToken);
        }

        if (info.State != ProposalState.None && info.ParamsHash != paramsHash)
        {
            throw new InvalidOperationException(
                $"proposal {proposalId} is already on chain for params hash {info.ParamsHash}, not {paramsHash}.");
        }

        if (info.State == ProposalState.None)
        {
            Hash32? failed = null;
            try
            {
                (record, var tx) = await SendJournaledAsync(record, queueCallData, (r, t) => r with { Queue = t }, cancellationToken);
                failed = tx.Status == JournaledStatus.Succeeded ? null : tx.Hash;
            }
            catch (ContractRevertException e) when (e.Reason.ErrorName is "ProposalAlreadyExists")
            {
                // Someone else queued it in between: the state below tells.
            }

            info = await _registry.GetProposalAsync(proposalId, cancellationToken);
            if (info.State == ProposalState.None)
            {
                throw new InvalidOperationException($"queue transaction {failed} failed on chain; proposal {proposalId} is not queued.");
            }

            if (info.ParamsHash != paramsHash)
            {
                throw new InvalidOperationException(
                    $"proposal {proposalId} was queued by someone else for params hash {info.ParamsHash}, not {paramsHash}.");
            }
        }

        // An execute transaction journaled by an earlier, interrupted push: same treatment.
        if (record.Execute is { Status: JournaledStatus.Signed } pendingExecute)
        {
            record = record with { Execute = await ResumeAsync(record, pendingExecute, info.State == ProposalState.Queued, cancellationToken) };
            info = await _registry.GetProposalAsync(proposalId, cancellationToken);
        }

        if (info.State == ProposalState.Queued)
        {
            var latest = await _registry.Rpc.GetBlockAsync(BlockParameter.Latest, cancellationToken)
                         ?? throw new InvalidOperationException("the node returned no latest block.");
            var now = latest.Timestamp.ToUnixTimeSeconds();
            if (now < info.Eta)
            {
                return Result(PushOutcome.Queued, info, record);
            }

            try
            {
                (record, _) = await SendJournaledAsync(
                    record, RiskParameterRegistryContract.ExecuteCallData(proposalId), (r, t) => r with { Execute = t }, cancellationToken);
            }
            catch (ContractRevertException e) when (e.Reason.ErrorName is "ProposalAlreadyExecuted" or "ProposalNotQueued" or "ProposalExpired")
            {
                // Someone else executed or vetoed it in between, or the grace period ran out: the chain state below tells which.
            }

            info = await _registry.GetProposalAsync(proposalId, cancellationToken);
        }

        return info.State switch
        {
            ProposalState.Executed when record.Execute is { Status: JournaledStatus.Succeeded } => Result(PushOutcome.Executed, info, record),
            ProposalState.Executed => Result(PushOutcome.AlreadyExecuted, info, record),
            ProposalState.Vetoed => Result(PushOutcome.Vetoed, info, record),
            ProposalState.Expired => Result(PushOutcome.Expired, info, record),
            ProposalState.Queued => Result(PushOutcome.Queued, info, record),
            _ => throw new InvalidOperationException($"proposal {proposalId} is in state {info.State} after the push."),
        };
    }

    private static PushResult Result(PushOutcome outcome, ProposalInfo info, PushRecord record)
        => new(outcome, record.ProposalId, info.Eta, info.ExecutedVersion, record.Queue?.Hash, record.Execute?.Hash);

    private async Task<(PushRecord Record, JournaledTransaction Tx)> SendJournaledAsync(
        PushRecord record,
        byte[] callData,
        Func<PushRecord, JournaledTransaction, PushRecord> set,
        CancellationToken cancellationToken)
    {
        // The sender estimates gas first: a revert throws there, before anything is signed, journaled or sent.
        // The journal is written after signing and before broadcast (onSigned); a nonce retry overwrites it.
        var current = record;
        var signed = await _registry.BroadcastAsync(
            _signer,
            callData,
            async (tx, ct) =>
            {
                current = set(current, new JournaledTransaction(tx.Hash, tx.RawHex, JournaledStatus.Signed));
                await _journal.SaveAsync(current, ct);
            },
            cancellationToken);
        var receipt = await _registry.Rpc.WaitForReceiptAsync(signed.Hash, 1, cancellationToken);
        var journaled = new JournaledTransaction(signed.Hash, signed.RawHex, receipt.Succeeded ? JournaledStatus.Succeeded : JournaledStatus.Failed);
        record = set(current, journaled);
        await _journal.SaveAsync(record, cancellationToken);
        return (record, journaled);
    }

    private async Task<JournaledTransaction> ResumeAsync(PushRecord record, JournaledTransaction pending, bool rebroadcast, CancellationToken cancellationToken)
    {
        var receipt = await _registry.Rpc.GetTransactionReceiptAsync(pending.Hash, cancellationToken);
        if (receipt is null && !rebroadcast)
        {
            // The proposal moved on without it (someone else's transaction did the step): it can only fail now.
            var superseded = pending with { Status = JournaledStatus.Failed };
            await SaveAsync(record, pending, superseded, cancellationToken);
            return superseded;
        }

        if (receipt is null)
        {
            try
            {
                // The same signed bytes again: same hash, same nonce, so never a second transaction.
                await _registry.Rpc.SendRequestAsync("eth_sendRawTransaction", [pending.RawTransaction], cancellationToken);
            }
            catch (ChainRpcException e) when (e.IsAlreadyKnown)
            {
                // The node holds it already; wait for it below.
            }
            catch (ChainRpcException e) when (e.IsNonceTooLow)
            {
                // Its nonce was taken by another transaction: this one can never be mined.
                var dropped = pending with { Status = JournaledStatus.Failed };
                await SaveAsync(record, pending, dropped, cancellationToken);
                return dropped;
            }

            receipt = await _registry.Rpc.WaitForReceiptAsync(pending.Hash, 1, cancellationToken);
        }

        var resolved = pending with { Status = receipt.Succeeded ? JournaledStatus.Succeeded : JournaledStatus.Failed };
        await SaveAsync(record, pending, resolved, cancellationToken);
        return resolved;
    }

    private Task SaveAsync(PushRecord record, JournaledTransaction old, JournaledTransaction updated, CancellationToken cancellationToken)
        => _journal.SaveAsync(
            ReferenceEquals(record.Queue, old) ? record with { Queue = updated } : record with { Execute = updated },
            cancellationToken);
}
