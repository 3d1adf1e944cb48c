using Microsoft.EntityFrameworkCore;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Persistence.Committees;

/// <summary>
/// <see cref="ICommitteeStore"/> on SQLite: the current committee (CommitteeMembers, replaced as a
/// whole in one transaction) and every ratified parameter set (RatifiedParameterSets; the current
/// one is the highest version).
/// </summary>
public sealed class SqliteCommitteeStore : ICommitteeStore
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over the governance database.</summary>
    public SqliteCommitteeStore(IDbContextFactory<GovernanceDbContext> contexts, TimeProvider time)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No committee has been stored yet.</exception>
    public async Task<CommitteeSnapshot> GetCommitteeAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.CommitteeMembers.AsNoTracking().OrderBy(m => m.Ordinal).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            throw new InvalidOperationException("no committee has been stored yet (SetCommitteeAsync on first run).");
        }

        return new CommitteeSnapshot(rows.Select(r => new CommitteeMember(r.Address, r.DisplayName, r.Weight, r.Role)));
    }

    /// <inheritdoc />
    public async Task SetCommitteeAsync(CommitteeSnapshot committee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committee);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.CommitteeMembers.ExecuteDeleteAsync(cancellationToken);
        db.CommitteeMembers.AddRange(committee.Members.Select((m, i) => new CommitteeMemberRow
        {
            Address = m.Address,
            Ordinal = i,
            DisplayName = m.DisplayName,
            Weight = m.Weight,
            Role = m.Role,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RatifiedParameterSet?> GetRatifiedAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.RatifiedParameterSets.AsNoTracking().OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new RatifiedParameterSet(row.Version, row.ParamsJson, row.ParamsHash);
    }

    /// <inheritdoc />
    public async Task SetRatifiedAsync(RatifiedParameterSet ratified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ratified);
        if (string.IsNullOrWhiteSpace(ratified.ParamsJson))
        {
            throw new Engine.Validation.InputValidationException("ratified.paramsJson", "must not be empty");
        }

        if (ratified.Version <= 0)
        {
            throw new Engine.Validation.InputValidationException("ratified.version", $"must be > 0 (was {ratified.Version})");
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.RatifiedParameterSets.MaxAsync(r => (long?)r.Version, cancellationToken) ?? 0;
        if (ratified.Version <= current)
        {
            return;
        }

        db.RatifiedParameterSets.Add(new RatifiedParameterSetRow
        {
            Version = ratified.Version,
            ParamsJson = ratified.ParamsJson,
            ParamsHash = ratified.ParamsHash,
            RecordedAt = _time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
