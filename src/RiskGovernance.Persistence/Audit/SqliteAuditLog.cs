using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Persistence.Audit;

/// <summary>
/// The append-only, hash-chained audit log (<see cref="IAuditLog"/>) in the AuditEntries table,
/// hashed with the domain's rule <see cref="AuditChain"/>. An append runs in one SQLite write
/// transaction (BEGIN IMMEDIATE: the writer lock is taken before the last hash is read), so two
/// appenders can never chain onto the same predecessor; the sequence is the primary key, and a busy
/// database or a sequence collision is retried. The AuditHead row (last sequence and hash) is
/// written in the same transaction, so that deleting the newest entries is detected as well. The proposal repository appends through
/// <see cref="AppendWithinAsync"/> inside its own transaction, so a state change and its audit
/// entries are committed together or not at all.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private const int MaxAttempts = 20;
    private static readonly Hash32 Unparsable = Hash32.Keccak("unparsable stored hash");
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    /// <summary>Creates the log over the governance database.</summary>
    public SqliteAuditLog(IDbContextFactory<GovernanceDbContext> contexts)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
    }

    /// <summary>
    /// Checks an event before it is appended; throws <see cref="InputValidationException"/> naming
    /// every bad field (actor, action, subject, payloadJson), and nothing is written.
    /// </summary>
    public static void Validate(AuditEvent? auditEvent)
    {
        if (auditEvent is null)
        {
            throw new InputValidationException("auditEvent", "is required");
        }

        var e = new ValidationErrors();
        Require(e, "auditEvent.actor", auditEvent.Actor, 200);
        Require(e, "auditEvent.action", auditEvent.Action, 100);
        Require(e, "auditEvent.subject", auditEvent.Subject, 200);
        if (string.IsNullOrWhiteSpace(auditEvent.PayloadJson))
        {
            e.Add("auditEvent.payloadJson", "is required (a JSON object)");
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(auditEvent.PayloadJson);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    e.Add("auditEvent.payloadJson", "must be a JSON object");
                }
            }
            catch (JsonException x)
            {
                e.Add("auditEvent.payloadJson", $"is not valid JSON ({x.Message})");
            }
        }

        e.ThrowIfAny();
    }

    /// <inheritdoc />
    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Validate(auditEvent);
        await _appendGate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var entries = await AppendWithinAsync(db, [auditEvent], cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return entries[0];
                }
                catch (Exception e) when (attempt < MaxAttempts && IsContention(e))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
                }
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (subject is not null)
        {
            query = query.Where(e => e.Subject == subject);
        }

        var rows = await query.OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return [.. rows.Select(ToEntry)];
    }

    /// <summary>
    /// Recomputes the chain from the first entry (<see cref="AuditChain.Verify"/>) and reports the
    /// first entry that was edited (its hash no longer matches its content), deleted (a gap in the
    /// sequence, or a broken link to its predecessor) or moved (its sequence is part of its hash);
    /// the newest entries deleted are reported against the stored head.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(snapshot, cancellationToken);
        var rows = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        if (head is null)
        {
            return rows.Count == 0
                ? AuditChain.Verify([])
                : new AuditVerification(false, rows.Count, rows.Count + 1, "the audit head record is missing (it is written with every entry)");
        }

        var verification = AuditChain.Verify(rows.Select(ToEntry), ParseOrSentinel(head.Hash));
        return verification.IsValid && head.Sequence != rows.Count
            ? new AuditVerification(false, rows.Count, rows.Count + 1, $"the audit head says {head.Sequence} entries, {rows.Count} are stored")
            : verification;
    }

    /// <summary>
    /// Adds the entries for <paramref name="events"/> after the current head to <paramref name="db"/>
    /// (the caller saves and commits, inside a write transaction it has already begun).
    /// </summary>
    internal static async Task<IReadOnlyList<AuditEntry>> AppendWithinAsync(GovernanceDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        foreach (var auditEvent in events)
        {
            Validate(auditEvent);
        }

        if (events.Count == 0)
        {
            return [];
        }

        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        var previous = last is null ? null : ToEntry(last);
        var appended = new List<AuditEntry>(events.Count);
        foreach (var auditEvent in events)
        {
            var entry = AuditChain.Next(previous, auditEvent);
            db.AuditEntries.Add(new AuditEntryRow
            {
                Sequence = entry.Sequence,
                Time = auditEvent.At,
                Actor = auditEvent.Actor,
                Action = auditEvent.Action,
                Subject = auditEvent.Subject,
                PayloadJson = auditEvent.PayloadJson,
                PrevHash = entry.PreviousHash.ToString(),
                Hash = entry.Hash.ToString(),
            });
            appended.Add(entry);
            previous = entry;
        }

        var head = await db.AuditHead.SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            head = new AuditHeadRow();
            db.AuditHead.Add(head);
        }

        head.Sequence = appended[^1].Sequence;
        head.Hash = appended[^1].Hash.ToString();
        return appended;
    }

    internal static bool IsContention(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 19,
        DbUpdateException { InnerException: { } inner } => IsContention(inner),
        InvalidOperationException { InnerException: { } inner } => IsContention(inner),
        _ => false,
    };

    private static AuditEntry ToEntry(AuditEntryRow row)
        => new(row.Sequence, new AuditEvent(row.Actor, row.Action, row.Subject, row.PayloadJson, row.Time), ParseOrSentinel(row.PrevHash), ParseOrSentinel(row.Hash));

    private static Hash32 ParseOrSentinel(string value)
    {
        try
        {
            return Hash32.Parse(value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // A stored hash that is not even hex was tampered with: it then matches nothing.
            return Unparsable;
        }
    }

    private static void Require(ValidationErrors e, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            e.Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            e.Add(field, $"must be at most {maxLength} characters");
        }
    }
}
