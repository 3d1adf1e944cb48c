using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RegistryState = RiskGovernance.Governance.Ports.RegistryProposalState;

namespace RiskGovernance.Governance.Tests.Support;

/// <summary>
/// Proposals kept as private snapshots (each Get returns a fresh copy, like a database), with
/// optimistic concurrency on <see cref="Proposal.Revision"/> and the audit events appended in the
/// same lock as the save.
/// </summary>
public sealed class InMemoryProposalRepository(InMemoryAuditLog audit) : IProposalRepository
{
    private static readonly FieldInfo[] Fields = typeof(Proposal).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, Proposal> _stored = [];
    private readonly ConditionalWeakTable<Proposal, StrongBox<int>> _loadedRevision = [];

    public int Saves { get; private set; }

    public int Conflicts { get; private set; }

    /// <summary>Throw a conflict on the next N saves (as if someone else saved first).</summary>
    public int InjectConflicts { get; set; }

    public Task AddAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_stored.ContainsKey(proposal.Id))
            {
                throw new ConcurrencyConflictException($"proposal {proposal.Id} exists");
            }

            Flush(proposal);
            _stored[proposal.Id] = Clone(proposal);
        }

        return Task.CompletedTask;
    }

    public Task<Proposal?> GetAsync(Hash32 id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_stored.TryGetValue(id, out var p))
            {
                return Task.FromResult<Proposal?>(null);
            }

            var copy = Clone(p);
            _loadedRevision.AddOrUpdate(copy, new StrongBox<int>(copy.Revision));
            return Task.FromResult<Proposal?>(copy);
        }
    }

    public Task<IReadOnlyList<Proposal>> ListAsync(ProposalState? state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Proposal> list = [.. _stored.Values.Where(p => state is null || p.State == state).OrderByDescending(p => p.CreatedAt).Select(Clone)];
            return Task.FromResult(list);
        }
    }

    public async Task SaveAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (!_loadedRevision.TryGetValue(proposal, out var loaded))
            {
                throw new InvalidOperationException("save of a proposal that was not loaded");
            }

            if (InjectConflicts > 0 || _stored[proposal.Id].Revision != loaded.Value)
            {
                InjectConflicts = Math.Max(0, InjectConflicts - 1);
                Conflicts++;
                throw new ConcurrencyConflictException($"proposal {proposal.Id} changed since it was loaded");
            }

            Flush(proposal);
            _stored[proposal.Id] = Clone(proposal);
            loaded.Value = proposal.Revision;
            Saves++;
        }
    }

    private void Flush(Proposal proposal)
    {
        foreach (var e in proposal.PendingAuditEvents)
        {
            audit.Append(e);
        }

        proposal.ClearPendingAuditEvents();
    }

    /// <summary>A copy with its own lists (the elements are immutable).</summary>
    private static Proposal Clone(Proposal source)
    {
        var copy = (Proposal)RuntimeHelpers.GetUninitializedObject(typeof(Proposal));
        foreach (var f in Fields)
        {
            var value = f.GetValue(source);
            if (value is IList list && f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(List<>))
            {
                var fresh = (IList)Activator.CreateInstance(f.FieldType)!;
                foreach (var item in list)
                {
                    fresh.Add(item);
                }

                value = fresh;
            }

            f.SetValue(copy, value);
        }

        return copy;
    }
}

public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock _gate = new();

    public List<AuditEntry> Entries { get; } = [];

    public AuditEntry Append(AuditEvent e)
    {
        lock (_gate)
        {
            var entry = AuditChain.Next(Entries.Count == 0 ? null : Entries[^1], e);
            Entries.Add(entry);
            return entry;
        }
    }

    public Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => Task.FromResult(Append(auditEvent));

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> list = [.. Entries.Where(e => subject is null || e.Event.Subject == subject)];
            return Task.FromResult(list);
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(AuditChain.Verify([.. Entries]));
        }
    }
}

public sealed class InMemoryCommitteeStore(CommitteeSnapshot committee, RatifiedParameterSet? ratified) : ICommitteeStore
{
    public CommitteeSnapshot Committee { get; private set; } = committee;

    public RatifiedParameterSet? Ratified { get; private set; } = ratified;

    public Task<CommitteeSnapshot> GetCommitteeAsync(CancellationToken cancellationToken) => Task.FromResult(Committee);

    public Task SetCommitteeAsync(CommitteeSnapshot committee, CancellationToken cancellationToken)
    {
        Committee = committee;
        return Task.CompletedTask;
    }

    public Task<RatifiedParameterSet?> GetRatifiedAsync(CancellationToken cancellationToken) => Task.FromResult(Ratified);

    /// <summary>Makes the next ratified-set write fail, as a crash between saving an executed
    /// proposal and applying it would.</summary>
    public bool FailNextRatifiedWrite { get; set; }

    public Task SetRatifiedAsync(RatifiedParameterSet ratified, CancellationToken cancellationToken)
    {
        if (FailNextRatifiedWrite)
        {
            FailNextRatifiedWrite = false;
            throw new IOException("simulated crash before the ratified set was written");
        }

        if (Ratified is null || ratified.Version > Ratified.Version)
        {
            Ratified = ratified;
        }

        return Task.CompletedTask;
    }
}

/// <summary>A registry that queues and executes by the test's clock, counting every push.</summary>
public sealed class FakeRegistryGateway(TimeProvider time, TimeSpan timelock, TimeSpan grace) : IRegistryGateway
{
    private readonly Dictionary<Hash32, (RegistryState State, long Eta, Hash32 Hash, long Version)> _chain = [];
    private long _version = 1;

    public int QueueTransactions { get; private set; }

    public int ExecuteTransactions { get; private set; }

    public int Vetoes { get; private set; }

    public List<IReadOnlyList<EcdsaSignature>> SubmittedSignatures { get; } = [];

    public Dictionary<Hash32, PushRecord> Journal { get; } = [];

    public void SetChainState(Hash32 id, RegistryState state, long eta, Hash32 paramsHash, long version)
        => _chain[id] = (state, eta, paramsHash, version);

    public Task<PushResult> PushParametersAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
        => Task.FromResult(Push(proposalId, parameters.ParamsHash, forSignatures));

    public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
        => Task.FromResult(Push(proposalId, Samples.Ballots.MembershipHash(committee, thresholdBps), forSignatures));

    public Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => Task.FromResult(_chain.TryGetValue(proposalId, out var c)
            ? new RegistryProposal(Effective(c.State, c.Eta), ProposalKind.Parameters, DateTimeOffset.FromUnixTimeSeconds(c.Eta), c.Hash, c.Version)
            : new RegistryProposal(RegistryState.None, ProposalKind.Parameters, null, Hash32.Zero, 0));

    public Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var c = _chain[proposalId];
        _chain[proposalId] = c with { State = RegistryState.Vetoed };
        Vetoes++;
        return Task.FromResult(Hash32.Keccak($"veto {proposalId}"));
    }

    public Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => Task.FromResult(Journal.TryGetValue(proposalId, out var r) ? r : null);

    private RegistryState Effective(RegistryState state, long eta)
        => state == RegistryState.Queued && time.GetUtcNow().ToUnixTimeSeconds() > eta + (long)grace.TotalSeconds ? RegistryState.Expired : state;

    private PushResult Push(Hash32 id, Hash32 paramsHash, IReadOnlyList<EcdsaSignature> signatures)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        Hash32? queueTx = null;
        Hash32? executeTx = null;
        if (!_chain.ContainsKey(id))
        {
            QueueTransactions++;
            SubmittedSignatures.Add(signatures);
            queueTx = Hash32.Keccak($"queue {id}");
            _chain[id] = (RegistryState.Queued, now + (long)timelock.TotalSeconds, paramsHash, 0);
            Journal[id] = new PushRecord(Address.Zero, id, new JournaledTransaction(queueTx.Value, "0x", JournaledStatus.Succeeded), null);
        }

        var c = _chain[id];
        var state = Effective(c.State, c.Eta);
        if (state == RegistryState.Queued && now >= c.Eta)
        {
            ExecuteTransactions++;
            executeTx = Hash32.Keccak($"execute {id}");
            c = c with { State = RegistryState.Executed, Version = ++_version };
            _chain[id] = c;
            Journal[id] = Journal[id] with { Execute = new JournaledTransaction(executeTx.Value, "0x", JournaledStatus.Succeeded) };
            return new PushResult(PushOutcome.Executed, id, DateTimeOffset.FromUnixTimeSeconds(c.Eta), c.Version, queueTx, executeTx);
        }

        var outcome = state switch
        {
            RegistryState.Queued => PushOutcome.Queued,
            RegistryState.Executed => PushOutcome.AlreadyExecuted,
            RegistryState.Vetoed => PushOutcome.Vetoed,
            _ => PushOutcome.Expired,
        };
        return new PushResult(outcome, id, DateTimeOffset.FromUnixTimeSeconds(c.Eta), c.Version, queueTx, executeTx);
    }
}

/// <summary>A push journal in memory (the SQLite one is tested in the persistence tests).</summary>
public sealed class InMemoryPushJournal : IPushJournal
{
    private readonly Dictionary<(Address, Hash32), PushRecord> _records = [];
    private readonly Lock _gate = new();

    public Task<PushRecord?> FindAsync(Address registry, Hash32 proposalId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.TryGetValue((registry, proposalId), out var r) ? r : null);
        }
    }

    public Task SaveAsync(PushRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records[(record.Registry, record.ProposalId)] = record;
        }

        return Task.CompletedTask;
    }
}
