using Microsoft.AspNetCore.Components;
using MudBlazor;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Pages.Proposals;

/// <summary>The proposals list with a filter by state; a row opens the proposal.</summary>
public partial class ProposalList
{
    [Inject] private ProposalPageService Pages { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The state shown (all when null).</summary>
    public ProposalState? Filter { get; private set; }

    /// <summary>The rows, newest first (null while loading).</summary>
    public IReadOnlyList<ProposalRow>? Rows { get; private set; }

    /// <summary>A load error in plain words.</summary>
    public string? Error { get; private set; }

    /// <inheritdoc />
    protected override Task OnInitializedAsync() => LoadAsync();

    private const string All = "All";

    private async Task SetFilterAsync(string? value)
    {
        Filter = Enum.TryParse<ProposalState>(value, out var state) ? state : null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            Error = null;
            Rows = await Pages.ListAsync(Filter, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Rows = [];
            Error = ActionErrors.Describe(e);
        }
    }

    private int IndexOf(ProposalRow row)
    {
        var rows = Rows ?? [];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Id == row.Id)
            {
                return i;
            }
        }

        return -1;
    }

    private void OpenRow(TableRowClickEventArgs<ProposalRow> args)
    {
        if (args.Item is { } row)
        {
            Navigation.NavigateTo($"/proposals/{row.Id}");
        }
    }

    private static string When(ProposalRow row) => row.State switch
    {
        ProposalState.Draft => "—",
        ProposalState.Active when row.VotingEndsAt is { } end => "voting ends " + Format.Time(end),
        ProposalState.Queued when row.Eta is { } eta => "ETA " + Format.Time(eta),
        _ when row.Eta is { } eta => "ETA was " + Format.Time(eta),
        _ when row.VotingEndsAt is { } end => "voting ended " + Format.Time(end),
        _ => "—",
    };
}
