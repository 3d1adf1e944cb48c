using Microsoft.AspNetCore.Components;
using RiskGovernance.Chain;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Pages.Proposals;

/// <summary>
/// One proposal: header, parameter diff, impact simulation, votes, tally, the viewer's actions,
/// development time travel and the timeline. Every action goes through <see cref="ProposalPageService"/>.
/// </summary>
public partial class ProposalPage
{
    [Inject] private ProposalPageService Pages { get; set; } = null!;

    /// <summary>The proposal id (0x, 32 bytes).</summary>
    [Parameter] public string Id { get; set; } = "";

    /// <summary>The page model (null while loading).</summary>
    public ProposalView? View { get; private set; }

    /// <summary>Why nothing is shown (a malformed or unknown id).</summary>
    public string? NotFound { get; private set; }

    private string Owner => View?.Viewer.Address?.ToString() ?? "session:" + Pages.SessionId;

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        Hash32 id;
        try
        {
            id = Hash32.Parse(Id, "id");
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            NotFound = $"'{Id}' is not a proposal id (0x followed by 64 hex digits).";
            return;
        }

        try
        {
            View = await Pages.GetAsync(id, CancellationToken.None);
            NotFound = View is null ? $"There is no proposal {id}." : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            NotFound = ActionErrors.Describe(e);
        }
    }
}
