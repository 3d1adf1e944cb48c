using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Persistence;

namespace RiskGovernance.Web.RegistryView;

/// <summary>A ratified parameter set as the committee store recorded it.</summary>
/// <param name="Version">Registry version.</param>
/// <param name="ParamsJson">Canonical params.json text.</param>
/// <param name="ParamsHash">keccak of <paramref name="ParamsJson"/> as recorded.</param>
/// <param name="RecordedAt">When the portal recorded it as ratified.</param>
public sealed record RatifiedRecord(long Version, string ParamsJson, Hash32 ParamsHash, DateTimeOffset RecordedAt);

/// <summary>
/// Every ratified parameter set the committee store holds, by version (the port
/// <see cref="Governance.Ports.ICommitteeStore"/> only returns the newest one). Read-only.
/// </summary>
public interface IRatifiedHistory
{
    /// <summary>The set recorded for <paramref name="version"/>, or null.</summary>
    Task<RatifiedRecord?> FindAsync(long version, CancellationToken cancellationToken);
}

/// <summary><see cref="IRatifiedHistory"/> over the governance database's RatifiedParameterSets table.</summary>
public sealed class SqliteRatifiedHistory(IDbContextFactory<GovernanceDbContext> contexts) : IRatifiedHistory
{
    /// <inheritdoc />
    public async Task<RatifiedRecord?> FindAsync(long version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.RatifiedParameterSets.AsNoTracking().FirstOrDefaultAsync(r => r.Version == version, cancellationToken);
        return row is null ? null : new RatifiedRecord(row.Version, row.ParamsJson, row.ParamsHash, row.RecordedAt);
    }
}
