using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;

namespace RiskGovernance.Web.RegistryView;

/// <summary>A subject of the audit log that can be filtered on: a proposal id and its title.</summary>
/// <param name="Subject">The subject text (a proposal id).</param>
/// <param name="Label">What to show (the proposal's title, or the subject itself).</param>
public sealed record AuditSubject(string Subject, string Label);

/// <summary>The Audit page's service: the log (optionally of one subject), a text search, and the chain verification.</summary>
public sealed class AuditView(IAuditLog log, IProposalRepository proposals, AuditAnchoring anchoring)
{
    /// <summary>Entries newest first, only those about <paramref name="subject"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, CancellationToken cancellationToken)
    {
        var entries = await log.ListAsync(string.IsNullOrWhiteSpace(subject) ? null : subject.Trim(), cancellationToken);
        return [.. entries.OrderByDescending(e => e.Sequence)];
    }

    /// <summary>The proposals the log can be filtered by, newest first.</summary>
    public async Task<IReadOnlyList<AuditSubject>> SubjectsAsync(CancellationToken cancellationToken)
    {
        var all = await proposals.ListAsync((ProposalState?)null, cancellationToken);
        return [.. all.Select(p => new AuditSubject(p.Id.ToString(), p.Title))];
    }

    /// <summary>
    /// Re-computes the whole hash chain and checks it against the head anchored on the registry; when
    /// the registry cannot be read, the local check alone, saying so.
    /// </summary>
    public async Task<(AnchoredVerification? Anchored, AuditVerification Local, string? AnchorUnavailable)> VerifyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var anchored = await anchoring.VerifyAsync(cancellationToken);
            return (anchored, anchored.Local, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidOperationException || e is Governance.RegistryRefusedException)
        {
            return (null, await log.VerifyAsync(cancellationToken), Proposals.ActionErrors.Describe(e));
        }
    }

    /// <summary>True when <paramref name="entry"/> mentions <paramref name="search"/> (case-insensitive) in its
    /// sequence, time, subject, action, actor, payload or hash; an empty search matches everything.</summary>
    public static bool Matches(AuditEntry entry, string? search)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(search))
        {
            return true;
        }

        var s = search.Trim();
        var e = entry.Event;
        return entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) == s
            || Contains(e.Action, s) || Contains(e.Actor, s) || Contains(e.Subject, s) || Contains(e.PayloadJson, s)
            || Contains(entry.Hash.ToString(), s) || Contains(Components.Shared.Format.Time(e.At), s);
    }

    private static bool Contains(string text, string search) => text.Contains(search, StringComparison.OrdinalIgnoreCase);
}
