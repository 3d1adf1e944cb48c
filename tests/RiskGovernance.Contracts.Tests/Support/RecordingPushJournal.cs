using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Tests.Support;

/// <summary>
/// A push journal in memory that counts its writes (the SQLite journal is tested in the persistence
/// tests). One instance stands for one durable journal: a "restarted" push gets the same instance.
/// </summary>
public sealed class RecordingPushJournal : IPushJournal
{
    private readonly Dictionary<(Address, Hash32), PushRecord> _records = [];
    private readonly Lock _gate = new();
    private int _saves;

    /// <summary>The number of <see cref="SaveAsync"/> calls.</summary>
    public int Saves
    {
        get
        {
            lock (_gate)
            {
                return _saves;
            }
        }
    }

    public Task<PushRecord?> FindAsync(Address registry, Hash32 proposalId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.TryGetValue((registry, proposalId), out var record) ? record : null);
        }
    }

    public Task SaveAsync(PushRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _records[(record.Registry, record.ProposalId)] = record;
            _saves++;
        }

        return Task.CompletedTask;
    }
}
