using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Proposals;

/// <summary>The vote buttons (For / Against / Abstain with a reason) and the viewer's own vote.</summary>
public partial class VotePanel
{
    [Inject] private ProposalPageService Pages { get; set; } = null!;

    [Inject] private IJSRuntime Js { get; set; } = null!;

    /// <summary>The proposal page model.</summary>
    [Parameter, EditorRequired] public ProposalView View { get; set; } = null!;

    /// <summary>Called after a vote was stored (the page reloads).</summary>
    [Parameter] public EventCallback OnVoted { get; set; }

    /// <summary>The optional reason.</summary>
    public string? Reason { get; set; }

    /// <summary>A vote is being signed or sent.</summary>
    public bool Busy { get; private set; }

    /// <summary>The last error in plain words.</summary>
    public string? Error { get; private set; }

    private string WhyNot
    {
        get
        {
            var p = View.Proposal;
            var v = View.Viewer;
            if (p.State != ProposalState.Active)
            {
                return $"Voting is not open (the proposal is {p.State}).";
            }

            if (View.Now >= p.VotingEndsAt)
            {
                return "Voting has ended; anyone signed in may finalize it.";
            }

            if (!v.IsSignedIn)
            {
                return "Sign in with a committee member's wallet to vote.";
            }

            return v.IsMember
                ? "You were not on the committee when this proposal opened, so you do not vote on it."
                : "Only committee members vote; you are signed in as a token holder.";
        }
    }

    private async Task VoteAsync(BallotSupport support)
    {
        Busy = true;
        Error = null;
        try
        {
            string? signature = null;
            if (!View.Viewer.UsesDevelopmentWallet && View.Viewer.Address is { } address)
            {
                var json = await Pages.BallotJsonAsync(View.Proposal.Id, support, CancellationToken.None);
                signature = await Js.InvokeAsync<string>("riskgovWallet.signTypedData", address.ToString(), json);
            }

            await Pages.VoteAsync(View.Proposal.Id, support, Reason, signature, CancellationToken.None);
            Reason = null;
            await OnVoted.InvokeAsync();
        }
        catch (JSException e)
        {
            Error = "Your wallet did not sign the ballot: " + e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Error = ActionErrors.DescribePlain(e);
        }
        finally
        {
            Busy = false;
        }
    }
}
