using Microsoft.AspNetCore.Components;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.RegistryView;

namespace RiskGovernance.Web.Components.Pages.Audit;

/// <summary>The audit log: a paged, searchable table filtered by subject, and the chain verification.</summary>
public sealed partial class AuditPage : IDisposable
{
    private const string AllSubjects = "";
    private readonly CancellationTokenSource _cancel = new();
    private readonly HashSet<long> _open = [];
    private IReadOnlyList<AuditEntry>? _entries;
    private IReadOnlyList<AuditSubject> _subjects = [];
    private Dictionary<string, string> _titles = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);
    private string _subject = AllSubjects;
    private string? _search;
    private (AnchoredVerification? Anchored, AuditVerification Local, string? AnchorUnavailable)? _verification;
    private bool _verifying;
    private string? _error;

    /// <summary>Only the entries about this subject (query string <c>?subject=0x…</c>, a proposal id).</summary>
    [SupplyParameterFromQuery(Name = "subject")]
    public string? Subject { get; set; }

    [Inject] private AuditView Audit { get; set; } = default!;

    [Inject] private RiskGovernance.Governance.Application.GovernanceService Committee { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _subjects = await Audit.SubjectsAsync(_cancel.Token);
            _titles = _subjects.ToDictionary(s => s.Subject, s => s.Label, StringComparer.OrdinalIgnoreCase);
            _names = (await Committee.GetCommitteeAsync(_cancel.Token)).Members
                .ToDictionary(m => m.Address.ToString(), m => m.DisplayName, StringComparer.OrdinalIgnoreCase);
            _subject = Subject?.Trim() ?? AllSubjects;
            if (_subject.Length > 0 && !_titles.ContainsKey(_subject))
            {
                // A subject that is not a known proposal is still a valid filter (it may be a system subject).
                _subjects = [.. _subjects, new AuditSubject(_subject, "other subject")];
            }

            _entries = await Audit.ListAsync(_subject, _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The page was left.
        }
    }

    private Task FilterAsync(string subject)
    {
        _subject = subject;
        Navigation.NavigateTo(string.IsNullOrEmpty(subject) ? "/audit" : $"/audit?subject={Uri.EscapeDataString(subject)}");
        return Task.CompletedTask;
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        _verification = null;
        _error = null;
        try
        {
            _verification = await Audit.VerifyAsync(_cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        catch (InvalidOperationException e)
        {
            _error = "The audit log could not be read for verification: " + e.Message;
        }
        finally
        {
            _verifying = false;
        }
    }

    private bool Matches(AuditEntry entry) => AuditView.Matches(entry, _search);

    private void Toggle(long sequence)
    {
        if (!_open.Remove(sequence))
        {
            _open.Add(sequence);
        }
    }

    private string RowClass(AuditEntry entry, int index) =>
        _verification is { } v && ((v.Local is { IsValid: false, FirstInvalidSequence: { } bad } && entry.Sequence == bad)
                                   || (v.Anchored is { IsValid: false, Anchor: { } anchor } && entry.Sequence == anchor.Entries))
            ? "mud-error-text"
            : "";

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..39] + "…";

    /// <inheritdoc />
    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
