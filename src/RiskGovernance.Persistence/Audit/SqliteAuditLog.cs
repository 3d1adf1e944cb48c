using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RiskGovernance.Chain;

namespace RiskGovernance.Persistence.Audit;

/// <summary>
/// The append-only, hash-chained audit log in the AuditEntries table. An append runs in one SQLite
/// write transaction (BEGIN IMMEDIATE: the writer lock is taken before the last hash is read), so two
/// appenders can never chain onto the same predecessor; appends of this process are also serialised
/// in memory, and a busy database or a sequence collision with another process is retried.
/// </summary>
public sealed class SqliteAuditLog
{
    private const int MaxAttempts = 20;
    private readonly IDbContextFactory<GovernanceDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    /// <summary>Creates the log over the governance database.</summary>
    public SqliteAuditLog(IDbContextFactory<GovernanceDbContext> contexts, TimeProvider time)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The problems of an entry to append, one per field; empty when it can be appended.</summary>
    public static IReadOnlyList<string> Validate(AuditAppend? entry)
    {
        if (entry is null)
        {
            return ["entry: is required."];
        }

        var problems = new List<string>();
        Require(problems, "actor", entry.Actor, 200);
        Require(problems, "action", entry.Action, 100);
        Require(problems, "subject", entry.Subject, 200);
        if (string.IsNullOrWhiteSpace(entry.PayloadJson))
        {
            problems.Add("payloadJson: is required (a JSON object).");
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(entry.PayloadJson);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add("payloadJson: must be a JSON object.");
                }
            }
            catch (JsonException e)
            {
                problems.Add($"payloadJson: is not valid JSON ({e.Message}).");
            }
        }

        return problems;
    }

    /// <summary>Appends an entry after the current last one and returns it as stored.</summary>
    /// <exception cref="ArgumentException">The entry is invalid (the message names the field); nothing is written.</exception>
    public async Task<AuditEntryRow> AppendAsync(AuditAppend entry, CancellationToken cancellationToken)
    {
        var problems = Validate(entry);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(entry));
        }

        await _appendGate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await AppendOnceAsync(entry, cancellationToken);
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

    /// <summary>Entries in chain order, optionally only those about <paramref name="subject"/>.</summary>
    public async Task<IReadOnlyList<AuditEntryRow>> ReadAsync(string? subject, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (subject is not null)
        {
            query = query.Where(e => e.Subject == subject);
        }

        return await query.OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Recomputes the chain from the first entry and reports the first entry that was edited
    /// (its hash no longer matches its content), deleted (a gap in the sequence or a broken link
    /// to its predecessor) or moved (its sequence is part of its hash).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var previous = AuditEntryHash.Genesis;
        long expected = 1;
        long checkedCount = 0;
        await foreach (var row in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedCount++;
            if (row.Sequence != expected)
            {
                return AuditVerification.Broken(
                    checkedCount, expected, $"entry {expected} is missing (deleted or renumbered); the next stored entry is {row.Sequence}.");
            }

            if (!TryParse(row.PrevHash, out var storedPrevious) || storedPrevious != previous)
            {
                return AuditVerification.Broken(
                    checkedCount, row.Sequence, $"entry {row.Sequence}: its previous-hash {row.PrevHash} does not link to entry {row.Sequence - 1} ({previous}): an entry before it was deleted, edited or reordered.");
            }

            var recomputed = AuditEntryHash.Compute(previous, row.Sequence, row.Time, row.Actor, row.Action, row.Subject, row.PayloadJson);
            if (!TryParse(row.Hash, out var stored) || stored != recomputed)
            {
                return AuditVerification.Broken(
                    checkedCount, row.Sequence, $"entry {row.Sequence}: its content does not match its hash {row.Hash} (recomputed {recomputed}): it was edited or moved.");
            }

            previous = stored;
            expected++;
        }

        return AuditVerification.Intact(checkedCount);
    }

    private async Task<AuditEntryRow> AppendOnceAsync(AuditAppend entry, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var sequence = (last?.Sequence ?? 0) + 1;
        var previous = last is null ? AuditEntryHash.Genesis : Hash32.Parse(last.Hash);
        var time = _time.GetUtcNow();
        var row = new AuditEntryRow
        {
            Sequence = sequence,
            Time = time,
            Actor = entry.Actor,
            Action = entry.Action,
            Subject = entry.Subject,
            PayloadJson = entry.PayloadJson,
            PrevHash = previous.ToString(),
            Hash = AuditEntryHash.Compute(previous, sequence, time, entry.Actor, entry.Action, entry.Subject, entry.PayloadJson).ToString(),
        };
        db.AuditEntries.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row;
    }

    private static bool TryParse(string value, out Hash32 hash)
    {
        try
        {
            hash = Hash32.Parse(value);
            return true;
        }
        catch (FormatException)
        {
            hash = default;
            return false;
        }
        catch (ArgumentException)
        {
            hash = default;
            return false;
        }
    }

    private static void Require(List<string> problems, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field}: is required.");
        }
        else if (value.Length > maxLength)
        {
            problems.Add($"{field}: must be at most {maxLength} characters.");
        }
    }

    internal static bool IsContention(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 19,
        DbUpdateException { InnerException: { } inner } => IsContention(inner),
        InvalidOperationException { InnerException: { } inner } => IsContention(inner),
        _ => false,
    };
}
