using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using RiskGovernance.Primitives;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence.Audit;
using RiskGovernance.Persistence.Configurations;

namespace RiskGovernance.Persistence.Proposals;

/// <summary>
/// <see cref="IProposalRepository"/> on SQLite. Every call uses its own DbContext; a loaded proposal
/// is detached, and the repository remembers what was loaded (its <see cref="Proposal.Revision"/> and
/// the length of each append-only collection) so that <see cref="SaveAsync"/> writes only what was
/// added since. A save runs in one write transaction: the proposal row is updated only where its
/// stored revision is still the loaded one (optimistic concurrency), the new votes and timeline rows
/// are inserted (a second vote of the same member violates the (ProposalId, Voter) key), and the
/// proposal's pending audit events are appended to the hash chain; any conflict is a
/// <see cref="ConcurrencyConflictException"/> and nothing is written.
/// </summary>
public sealed class SqliteProposalRepository : IProposalRepository
{
    private const int MaxBusyAttempts = 20;
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly ConditionalWeakTable<Proposal, Loaded> _loaded = [];

    /// <summary>Creates the repository over the governance database.</summary>
    public SqliteProposalRepository(IDbContextFactory<GovernanceDbContext> contexts)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
    }

    /// <inheritdoc />
    public Task AddAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return WriteAsync(proposal, Loaded.New, cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (!_loaded.TryGetValue(proposal, out var loaded))
        {
            throw new InvalidOperationException($"proposal {proposal.Id} was not loaded or added through this repository; load it with GetAsync first.");
        }

        return WriteAsync(proposal, loaded, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Proposal?> GetAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(q => q.Where(p => p.Id == id), cancellationToken);
        return found.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Proposal>> ListAsync(ProposalState? state, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(q => state is { } s ? q.Where(p => p.State == s) : q, cancellationToken);
        return [.. found.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id.ToString(), StringComparer.Ordinal)];
    }

    private async Task<List<Proposal>> ReadAsync(Func<IQueryable<Proposal>, IQueryable<Proposal>> filter, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);

        // One read snapshot for the split queries (a deferred transaction takes no write lock).
        await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(snapshot, cancellationToken);
        var proposals = await filter(db.Proposals)
            .Include(p => p.Votes)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        foreach (var p in proposals)
        {
            RestoreOrder(db, p);
            _loaded.AddOrUpdate(p, Loaded.Of(p));
        }

        db.ChangeTracker.Clear();
        return proposals;
    }

    /// <summary>Puts every collection of a freshly loaded proposal back in its stored order (the Ordinal column).</summary>
    private static void RestoreOrder(GovernanceDbContext db, Proposal proposal)
    {
        var entry = db.Entry(proposal);
        foreach (var navigation in entry.Navigations.OfType<CollectionEntry>())
        {
            var accessor = navigation.Metadata.GetCollectionAccessor()
                           ?? throw new InvalidOperationException($"no collection accessor for {navigation.Metadata.Name}.");
            if (accessor.GetOrCreate(proposal, forMaterialization: false) is not System.Collections.IList list)
            {
                throw new InvalidOperationException($"{navigation.Metadata.Name} is not stored in a list.");
            }

            var ordered = list.Cast<object>()
                .Select(item => (Item: item, Ordinal: (int)db.Entry(item).Property(ProposalConfiguration.Ordinal).CurrentValue!))
                .OrderBy(x => x.Ordinal)
                .Select(x => x.Item)
                .ToList();
            list.Clear();
            foreach (var item in ordered)
            {
                list.Add(item);
            }
        }
    }

    private async Task WriteAsync(Proposal proposal, Loaded loaded, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(proposal, loaded, cancellationToken);
                proposal.ClearPendingAuditEvents();
                _loaded.AddOrUpdate(proposal, Loaded.Of(proposal));
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                throw new ConcurrencyConflictException(
                    $"proposal {proposal.Id} was changed by someone else since revision {loaded.Revision} was loaded; nothing was written.", e);
            }
            catch (Exception e) when (IsBusy(e) && attempt < MaxBusyAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
            catch (Exception e) when (SqliteAuditLog.IsContention(e) && !IsBusy(e))
            {
                throw new ConcurrencyConflictException(
                    loaded.IsNew
                        ? $"proposal {proposal.Id} already exists; nothing was written."
                        : $"proposal {proposal.Id}: a concurrent change stored the same vote or entry first; nothing was written.",
                    e);
            }
        }
    }

    private async Task WriteOnceAsync(Proposal proposal, Loaded loaded, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeTracker.TrackGraph(proposal, node => Track(node, proposal, loaded));
        await SqliteAuditLog.AppendWithinAsync(db, proposal.PendingAuditEvents, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Track(EntityEntryGraphNode node, Proposal proposal, Loaded loaded)
    {
        var entry = node.Entry;
        switch (entry.Entity)
        {
            case Proposal:
                if (loaded.IsNew)
                {
                    entry.State = EntityState.Added;
                }
                else
                {
                    entry.State = EntityState.Modified;
                    entry.Property(nameof(Proposal.Revision)).OriginalValue = loaded.Revision;
                }

                break;
            case Vote vote:
                Place(entry, IndexOf(proposal.Votes, vote), loaded.Votes);
                break;
            case ProposalTransition transition:
                Place(entry, IndexOf(proposal.Timeline, transition), loaded.Timeline);
                break;
            case ParameterChange change:
                Place(entry, IndexOf(proposal.Changes, change), loaded.Changes);
                break;
            case CommitteeMember member when node.InboundNavigation?.Name == nameof(Proposal.Membership):
                Place(entry, IndexOf(proposal.Membership, member), loaded.Membership);
                break;
            case CommitteeMember member:
                Place(entry, IndexOf(proposal.SnapshotMembers, member), loaded.Snapshot);
                break;
            default:
                throw new InvalidOperationException($"unexpected entity {entry.Entity.GetType().Name} in a proposal graph.");
        }
    }

    private static void Place(EntityEntry entry, int index, int loadedCount)
    {
        entry.Property(ProposalConfiguration.Ordinal).CurrentValue = index;
        entry.State = index < loadedCount ? EntityState.Unchanged : EntityState.Added;
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T item)
        where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"a {typeof(T).Name} reached from the proposal is not in its collection.");
    }

    private static bool IsBusy(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6,
        DbUpdateException { InnerException: { } inner } => IsBusy(inner),
        InvalidOperationException { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };

    /// <summary>What a proposal held when it was loaded (or last saved).</summary>
    private sealed record Loaded(bool IsNew, int Revision, int Votes, int Timeline, int Changes, int Membership, int Snapshot)
    {
        public static Loaded New { get; } = new(true, 0, 0, 0, 0, 0, 0);

        public static Loaded Of(Proposal p)
            => new(false, p.Revision, p.Votes.Count, p.Timeline.Count, p.Changes.Count, p.Membership.Count, p.SnapshotMembers.Count);
    }
}
