using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Persistence.Push;

/// <summary>
/// <see cref="IPushJournal"/> in the PushJournal table. <see cref="SaveAsync"/> commits (SQLite
/// synchronous=FULL) before it returns, so a transaction journaled by the registry adapter (RegistryPush)
/// is on disk before it is broadcast; <see cref="FindUnfinishedAsync"/> lists the pushes a crash
/// left with a signed transaction of unknown fate, to resume on start.
/// </summary>
public sealed class SqlitePushJournal : IPushJournal
{
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly TimeProvider _time;

    /// <summary>Creates the journal over the governance database.</summary>
    public SqlitePushJournal(IDbContextFactory<GovernanceDbContext> contexts, TimeProvider time)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <inheritdoc />
    public async Task<PushRecord?> FindAsync(Address registry, Hash32 proposalId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var key = (registry.ToLowerHex(), proposalId.ToString());
        var row = await db.PushJournal.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Registry == key.Item1 && r.ProposalId == key.Item2, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <inheritdoc />
    /// <exception cref="InputValidationException">A field of the record is unusable (the message names it); nothing is written.</exception>
    public async Task SaveAsync(PushRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Validate(record);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SaveOnceAsync(record, cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < 10 && Audit.SqliteAuditLog.IsContention(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>The pushes with a queue or execute transaction still journaled as Signed (sent or not, receipt unknown).</summary>
    public async Task<IReadOnlyList<PushRecord>> FindUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var signed = nameof(JournaledStatus.Signed);
        var rows = await db.PushJournal.AsNoTracking()
            .Where(r => r.QueueStatus == signed || r.ExecuteStatus == signed)
            .OrderBy(r => r.Registry).ThenBy(r => r.ProposalId)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    private static void Validate(PushRecord record)
    {
        var e = new ValidationErrors();
        if (record.Registry.IsZero)
        {
            e.Add("record.registry", "must not be the zero address");
        }

        if (record.ProposalId == Hash32.Zero)
        {
            e.Add("record.proposalId", "must not be zero");
        }

        ValidateTransaction(e, "record.queue", record.Queue);
        ValidateTransaction(e, "record.execute", record.Execute);
        if (record.Queue is null && record.Execute is not null)
        {
            e.Add("record.queue", "is required once an execute transaction is journaled");
        }

        e.ThrowIfAny();
    }

    private static void ValidateTransaction(ValidationErrors e, string field, JournaledTransaction? tx)
    {
        if (tx is null)
        {
            return;
        }

        var raw = tx.RawTransaction;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith("0x", StringComparison.Ordinal) || raw.Length < 4 || raw.Length % 2 != 0
            || !raw.Skip(2).All(char.IsAsciiHexDigit))
        {
            e.Add($"{field}.rawTransaction", "must be the 0x-prefixed hex of the signed transaction");
        }

        if (!Enum.IsDefined(tx.Status))
        {
            e.Add($"{field}.status", $"must be Signed, Succeeded or Failed (was {(int)tx.Status})");
        }
    }

    private async Task SaveOnceAsync(PushRecord record, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var registry = record.Registry.ToLowerHex();
        var proposalId = record.ProposalId.ToString();
        var row = await db.PushJournal.SingleOrDefaultAsync(r => r.Registry == registry && r.ProposalId == proposalId, cancellationToken);
        if (row is null)
        {
            row = new PushJournalRow { Registry = registry, ProposalId = proposalId };
            db.PushJournal.Add(row);
        }

        row.QueueHash = record.Queue?.Hash.ToString();
        row.QueueRaw = record.Queue?.RawTransaction;
        row.QueueStatus = record.Queue?.Status.ToString();
        row.ExecuteHash = record.Execute?.Hash.ToString();
        row.ExecuteRaw = record.Execute?.RawTransaction;
        row.ExecuteStatus = record.Execute?.Status.ToString();
        row.UpdatedAt = _time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static PushRecord ToRecord(PushJournalRow row)
        => new(
            Address.Parse(row.Registry),
            Hash32.Parse(row.ProposalId),
            ToTransaction(row.QueueHash, row.QueueRaw, row.QueueStatus),
            ToTransaction(row.ExecuteHash, row.ExecuteRaw, row.ExecuteStatus));

    private static JournaledTransaction? ToTransaction(string? hash, string? raw, string? status)
        => hash is null || raw is null || status is null
            ? null
            : new JournaledTransaction(Hash32.Parse(hash), raw, Enum.Parse<JournaledStatus>(status));
}
