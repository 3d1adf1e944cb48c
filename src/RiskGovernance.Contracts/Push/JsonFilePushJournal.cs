using System.Text.Json;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Push;

/// <summary>
/// <see cref="IPushJournal"/> in one JSON file, rewritten atomically on every save (temporary
/// file in the same folder, flushed to disk, then renamed over the old file).
/// </summary>
public sealed class JsonFilePushJournal : IPushJournal
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Uses the journal file at <paramref name="path"/> (created on first save).</summary>
    public JsonFilePushJournal(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<PushRecord?> FindAsync(Address registry, Hash32 proposalId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var entries = await ReadAsync(cancellationToken);
            return entries.FirstOrDefault(e => Matches(e, registry, proposalId)) is { } entry ? ToRecord(entry) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(PushRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var entries = await ReadAsync(cancellationToken);
            entries.RemoveAll(e => Matches(e, record.Registry, record.ProposalId));
            entries.Add(ToEntry(record));
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory);
            var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, new JournalFile(entries), JsonOptions, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<JournalEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        await using var stream = File.OpenRead(Path);
        var file = await JsonSerializer.DeserializeAsync<JournalFile>(stream, JsonOptions, cancellationToken)
                   ?? throw new InvalidDataException($"push journal {Path} is empty or not JSON.");
        return [.. file.Entries];
    }

    private static bool Matches(JournalEntry entry, Address registry, Hash32 proposalId)
        => Address.Parse(entry.Registry) == registry && Hash32.Parse(entry.ProposalId) == proposalId;

    private static JournalEntry ToEntry(PushRecord r)
        => new(r.Registry.ToString(), r.ProposalId.ToString(), ToTx(r.Queue), ToTx(r.Execute));

    private static TransactionEntry? ToTx(JournaledTransaction? t)
        => t is null ? null : new TransactionEntry(t.Hash.ToString(), t.RawTransaction, t.Status.ToString());

    private static PushRecord ToRecord(JournalEntry e)
        => new(Address.Parse(e.Registry), Hash32.Parse(e.ProposalId), FromTx(e.Queue), FromTx(e.Execute));

    private static JournaledTransaction? FromTx(TransactionEntry? t)
        => t is null ? null : new JournaledTransaction(Hash32.Parse(t.Hash), t.Raw, Enum.Parse<JournaledStatus>(t.Status));

    private sealed record JournalFile(IReadOnlyList<JournalEntry> Entries);

    private sealed record JournalEntry(string Registry, string ProposalId, TransactionEntry? Queue, TransactionEntry? Execute);

    private sealed record TransactionEntry(string Hash, string Raw, string Status);
}
