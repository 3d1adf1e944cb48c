using System.Globalization;
using System.Text.Json;
using RiskGovernance.Chain;

namespace RiskGovernance.Persistence.Audit;

/// <summary>
/// The hash rule of the audit chain: hash = keccak256(prevHash (32 bytes) || canonical bytes), the
/// canonical bytes being the UTF-8 of the compact JSON object
/// {"action","actor","payload","sequence","subject","time"} (keys sorted, payload as a JSON string,
/// time as UTC ISO-8601 with 7 fraction digits).
/// </summary>
public static class AuditEntryHash
{
    /// <summary>The previous hash of the first entry.</summary>
    public static Hash32 Genesis => Hash32.Zero;

    /// <summary>The hash of an entry whose predecessor has hash <paramref name="prevHash"/>.</summary>
    public static Hash32 Compute(Hash32 prevHash, long sequence, DateTimeOffset time, string actor, string action, string subject, string payloadJson)
    {
        var canonical = CanonicalBytes(sequence, time, actor, action, subject, payloadJson);
        var data = new byte[Hash32.Length + canonical.Length];
        prevHash.ToBytes().CopyTo(data, 0);
        canonical.CopyTo(data, Hash32.Length);
        return Hash32.Keccak(data);
    }

    /// <summary>The hash the stored row should carry, recomputed from its fields.</summary>
    public static Hash32 Compute(AuditEntryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Compute(Hash32.Parse(row.PrevHash, nameof(row.PrevHash)), row.Sequence, row.Time, row.Actor, row.Action, row.Subject, row.PayloadJson);
    }

    private static byte[] CanonicalBytes(long sequence, DateTimeOffset time, string actor, string action, string subject, string payloadJson)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            writer.WriteString("actor", actor);
            writer.WriteString("payload", payloadJson);
            writer.WriteNumber("sequence", sequence);
            writer.WriteString("subject", subject);
            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
