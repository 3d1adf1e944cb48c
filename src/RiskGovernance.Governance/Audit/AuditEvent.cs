using System.Globalization;

using System.Text.Json;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Audit;

/// <summary>
/// Something that happened, for the audit log: who (an address, or "system"), what
/// ("proposal.opened", "vote.cast", ...), on what (the proposal id), details as compact JSON, when.
/// </summary>
/// <param name="Actor">Who did it: a 0x address or "system".</param>
/// <param name="Action">What was done, e.g. "proposal.queued".</param>
/// <param name="Subject">What it was done to, e.g. the proposal id.</param>
/// <param name="PayloadJson">Details as JSON.</param>
/// <param name="At">When (from the injected TimeProvider).</param>
public sealed record AuditEvent(string Actor, string Action, string Subject, string PayloadJson, DateTimeOffset At);

/// <summary>An appended audit entry: its sequence number (1, 2, ...), the event, the previous entry's hash and its own hash.</summary>
/// <param name="Sequence">1-based position in the log.</param>
/// <param name="Event">The event.</param>
/// <param name="PreviousHash">Hash of entry Sequence - 1; <see cref="Hash32.Zero"/> for the first.</param>
/// <param name="Hash"><see cref="AuditChain.EntryHash"/> of this entry.</param>
public sealed record AuditEntry(long Sequence, AuditEvent Event, Hash32 PreviousHash, Hash32 Hash);

/// <summary>Result of verifying an audit log.</summary>
/// <param name="IsValid">True when every entry's hash and link hold.</param>
/// <param name="Entries">Number of entries checked.</param>
/// <param name="FirstInvalidSequence">The first sequence number that fails (or the missing one), else null.</param>
/// <param name="Problem">What failed, else null.</param>
public sealed record AuditVerification(bool IsValid, long Entries, long? FirstInvalidSequence, string? Problem);

/// <summary>
/// The hash-chain rule of the audit log, a pure function: entry hash =
/// keccak256(previousHash (32 bytes) ‖ canonical bytes of the entry), where the canonical bytes
/// are the UTF-8 of the compact JSON object with keys in this order:
/// <c>{"sequence":N,"at":"yyyy-MM-ddTHH:mm:ss.fffffffZ","actor":..,"action":..,"subject":..,"payload":..}</c>
/// (the time in UTC, round-trip format; the payload as a JSON string holding the payload text).
/// The first entry's previous hash is <see cref="Hash32.Zero"/>.
/// </summary>
public static class AuditChain
{
    /// <summary>The canonical bytes of an entry.</summary>
    public static byte[] CanonicalBytes(long sequence, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", sequence);
            w.WriteString("at", e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("actor", e.Actor);
            w.WriteString("action", e.Action);
            w.WriteString("subject", e.Subject);
            w.WriteString("payload", e.PayloadJson);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>keccak256(previousHash ‖ canonical bytes).</summary>
    public static Hash32 EntryHash(Hash32 previousHash, long sequence, AuditEvent e)
    {
        var body = CanonicalBytes(sequence, e);
        var data = new byte[Hash32.Length + body.Length];
        previousHash.ToBytes().CopyTo(data, 0);
        body.CopyTo(data, Hash32.Length);
        return Hash32.Keccak(data);
    }

    /// <summary>The entry that follows <paramref name="previous"/> (null for the first).</summary>
    public static AuditEntry Next(AuditEntry? previous, AuditEvent e)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var prevHash = previous?.Hash ?? Hash32.Zero;
        return new AuditEntry(sequence, e, prevHash, EntryHash(prevHash, sequence, e));
    }

    /// <summary>
    /// Verifies a whole log in sequence order: sequence numbers 1..N without gaps, each previous
    /// hash equal to the hash of the entry before, each hash recomputed. Detects an edited,
    /// inserted, reordered or deleted entry (deleting the last entries is detected only against
    /// a known head, see <paramref name="expectedHead"/>).
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, Hash32? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = Hash32.Zero;
        long count = 0;
        foreach (var entry in entries)
        {
            count++;
            if (entry.Sequence != count)
            {
                return new AuditVerification(false, count, count, $"entry {count} is missing (found sequence {entry.Sequence})");
            }

            if (entry.PreviousHash != previous)
            {
                return new AuditVerification(false, count, count, $"entry {count}: previous hash does not match entry {count - 1}");
            }

            if (EntryHash(previous, entry.Sequence, entry.Event) != entry.Hash)
            {
                return new AuditVerification(false, count, count, $"entry {count}: hash does not match its contents (edited)");
            }

            previous = entry.Hash;
        }

        if (expectedHead is { } head && head != previous)
        {
            return new AuditVerification(false, count, count + 1, "the last entry is not the expected head (entries were removed)");
        }

        return new AuditVerification(true, count, null, null);
    }

    /// <summary>Compact JSON of an anonymous object or dictionary, for payloads.</summary>
    public static string Payload(object value) => JsonSerializer.Serialize(value);

}
