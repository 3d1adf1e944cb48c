using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Application;

/// <summary>The audit log checked against itself and against the head anchored on chain.</summary>
/// <param name="Local">The recomputation of the hash chain (edited, deleted or reordered entries).</param>
/// <param name="Anchor">The latest anchor on chain, or null before the first.</param>
/// <param name="Problem">What the anchor check found wrong, or null.</param>
/// <param name="UnanchoredEntries">Entries appended after the latest anchor.</param>
public sealed record AnchoredVerification(AuditVerification Local, AuditAnchor? Anchor, string? Problem, long UnanchoredEntries)
{
    /// <summary>True when the log is intact and agrees with the anchor on chain.</summary>
    public bool IsValid => Local.IsValid && Problem is null;

    /// <summary>One line for the page and the API.</summary>
    public string Summary => !Local.IsValid
        ? $"Invalid: {Local.Problem}"
        : Problem is not null
            ? $"Invalid: {Problem}"
            : Anchor is null
                ? $"Valid: {Local.Entries} entries; none anchored on chain yet"
                : $"Valid: {Local.Entries} entries; the first {Anchor.Entries} match the head anchored on chain at {Anchor.AnchoredAt:yyyy-MM-dd HH:mm} UTC" +
                  (UnanchoredEntries > 0 ? $" ({UnanchoredEntries} newer entries not anchored yet)" : "");
}

/// <summary>
/// Anchors the audit log on chain (the head hash and the entry count, with the portal's key) and
/// verifies the log against the anchor: someone who rewrites the database and recomputes every
/// hash with the public rule still cannot change what the chain holds.
/// </summary>
public sealed class AuditAnchoring
{
    private readonly IAuditLog _log;
    private readonly IRegistryGateway _registry;

    /// <summary>Creates the service.</summary>
    public AuditAnchoring(IAuditLog log, IRegistryGateway registry)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    }

    /// <summary>
    /// Anchors the current head unless the chain already holds it; returns the transaction hash, or null
    /// when nothing was sent. A log that does not verify, or no longer matches the latest anchor, is
    /// refused (<see cref="InvalidOperationException"/>): anchoring it would launder a rewrite.
    /// </summary>
    public async Task<Hash32?> AnchorAsync(CancellationToken cancellationToken)
    {
        var entries = await _log.ListAsync(null, cancellationToken);
        if (entries.Count == 0)
        {
            return null;
        }

        var verification = AuditChain.Verify(entries);
        if (!verification.IsValid)
        {
            throw new InvalidOperationException($"the audit log does not verify ({verification.Problem}); it is not anchored.");
        }

        var anchor = await _registry.GetAuditAnchorAsync(cancellationToken);
        if (anchor is not null && (entries.Count < anchor.Entries || entries[(int)anchor.Entries - 1].Hash != anchor.Head))
        {
            // A log that no longer matches its anchor (rewritten or cut) is never anchored again: that would launder the rewrite.
            throw new InvalidOperationException(
                $"the audit log does not match the head anchored on the registry ({anchor.Entries} entries, head {anchor.Head}); it is not anchored again.");
        }

        if (anchor is not null && anchor.Entries >= entries.Count)
        {
            return null;
        }

        return await _registry.AnchorAuditAsync(entries[^1].Hash, entries.Count, cancellationToken);
    }

    /// <summary>Recomputes the hash chain and compares it with the latest anchor on chain.</summary>
    public async Task<AnchoredVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var entries = await _log.ListAsync(null, cancellationToken);
        var local = AuditChain.Verify(entries);
        var anchor = await _registry.GetAuditAnchorAsync(cancellationToken);
        if (anchor is null || anchor.Entries == 0)
        {
            return new AnchoredVerification(local, anchor, null, entries.Count);
        }

        if (entries.Count < anchor.Entries)
        {
            return new AnchoredVerification(local, anchor,
                $"the chain anchored {anchor.Entries} entries on {anchor.AnchoredAt:yyyy-MM-dd HH:mm} UTC; the log holds only {entries.Count} (entries were removed)", 0);
        }

        var anchored = entries[(int)anchor.Entries - 1];
        if (anchored.Hash != anchor.Head)
        {
            return new AnchoredVerification(local, anchor,
                $"entry {anchor.Entries} has hash {anchored.Hash}, but the head anchored on chain on {anchor.AnchoredAt:yyyy-MM-dd HH:mm} UTC is {anchor.Head}: the log was rewritten",
                entries.Count - anchor.Entries);
        }

        return new AnchoredVerification(local, anchor, null, entries.Count - anchor.Entries);
    }
}
