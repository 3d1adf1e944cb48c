using Microsoft.AspNetCore.Components;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Proposals;

/// <summary>
/// Open, finalize, queue, execute, cancel, veto, rebase and expire, shown when the viewer's role allows them
/// (the server checks again). Queue and execute show the transaction pending, then mined with its
/// hash and confirmations (polled for a while).
/// </summary>
public partial class ProposalActions : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int MaxPolls = 30;
    private CancellationTokenSource _polling = new();

    [Inject] private ProposalPageService Pages { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The proposal page model.</summary>
    [Parameter, EditorRequired] public ProposalView View { get; set; } = null!;

    /// <summary>Called after an action changed the proposal (the page reloads).</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    /// <summary>An action is running.</summary>
    public bool Busy => Pending is not null;

    /// <summary>What is running now, in words.</summary>
    public string? Pending { get; private set; }

    /// <summary>The last transaction the page sent, with its status.</summary>
    public TransactionStatus? Transaction { get; private set; }

    /// <summary>What the transaction was ("Queue transaction").</summary>
    public string TransactionLabel { get; private set; } = "Transaction";

    /// <summary>The last success message.</summary>
    public string? Done { get; private set; }

    /// <summary>The last error in plain words.</summary>
    public string? Error { get; private set; }

    private AllowedActions A => View.Actions;

    private bool Any => A.Open || A.Finalize || A.Queue || A.Cancel || A.Veto || A.Rebase || A.Expire
                        || (View.Proposal.State == ProposalState.Queued && View.Viewer.IsSignedIn);

    private string NoActionText => View.Viewer.IsSignedIn
        ? $"Nothing to do with your role on this proposal now (it is {View.Proposal.State})."
        : "Sign in to act: members open and vote, anyone signed in finalizes, queues and executes.";

    /// <inheritdoc />
    public void Dispose()
    {
        _polling.Cancel();
        _polling.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task OpenAsync() => RunAsync("Running the impact simulation and opening voting…", ct => Pages.OpenAsync(View.Proposal.Id, ct),
        _ => "Voting is open.", null);

    private Task FinalizeAsync() => RunAsync("Reading the registry's tally…", ct => Pages.FinalizeAsync(View.Proposal.Id, ct),
        p => p.State == ProposalState.Canceled ? "Its base version was replaced: the registry cancelled it (rebase it to vote again)." : $"Voting ended: {p.State}.",
        p => (p.Timeline[^1].TransactionHash, "Cancel transaction"));

    private Task QueueAsync() => RunAsync("Pending: sending the queue transaction (the registry checks its own tally) and waiting for it to be mined…",
        ct => WithJournalAsync(execute: false, "Queue transaction", Pages.QueueAsync(View.Proposal.Id, ct)), p => p.State == ProposalState.Executed ? "Queued and executed at once (no timelock)." : $"Queued; executable from {Format.Time(p.Eta!.Value)}.",
        p => (p.QueueTransactionHash, "Queue transaction"));

    private Task ExecuteAsync() => RunAsync("Pending: sending the execute transaction and waiting for it to be mined…",
        ct => WithJournalAsync(execute: true, "Execute transaction", Pages.ExecuteAsync(View.Proposal.Id, ct)), p => p.ExecutedVersion is { } v ? $"Executed: the registry now holds version {v}." : "Executed.",
        p => (p.ExecuteTransactionHash, "Execute transaction"));

    private Task CancelAsync() => RunAsync("Canceling…", ct => Pages.CancelAsync(View.Proposal.Id, ct), p => $"The proposal is {p.State}.",
        p => (p.Timeline[^1].TransactionHash, "Cancel transaction"));

    private Task ExpireAsync() => RunAsync("Reading the registry…", ct => Pages.ExpireAsync(View.Proposal.Id, ct), p => $"The proposal is {p.State}.", null);

    private async Task RebaseAsync()
    {
        Proposal? rebased = null;
        await RunAsync("Rebasing onto the set in force and running its impact simulation…", async ct => rebased = await Pages.RebaseAsync(View.Proposal.Id, ct),
            p => $"New draft: {p.Title}.", null, reload: false);
        if (rebased is not null && Error is null)
        {
            Navigation.NavigateTo($"/proposals/{rebased.Id}");
        }
    }

    private Task VetoAsync() => RunAsync("Pending: sending the veto transaction…", ct => Pages.VetoAsync(View.Proposal.Id, ct), _ => "Vetoed.",
        p => (p.Timeline[^1].TransactionHash, "Veto transaction"));

    private async Task RunAsync(string pending, Func<CancellationToken, Task<Proposal>> action, Func<Proposal, string> done,
        Func<Proposal, (Hash32? Hash, string Label)>? transaction, bool reload = true)
    {
        Pending = pending;
        Error = null;
        Done = null;
        Transaction = null;
        await _polling.CancelAsync();
        _polling.Dispose();
        _polling = new CancellationTokenSource();
        StateHasChanged();
        try
        {
            var proposal = await action(CancellationToken.None);
            Done = done(proposal);
            if (transaction?.Invoke(proposal) is ({ } hash, var label))
            {
                TransactionLabel = label;
                Transaction = await Pages.TransactionStatusAsync(hash, CancellationToken.None);
                _ = PollAsync(hash, _polling.Token);
            }

            Pending = null;
            if (reload)
            {
                await OnChanged.InvokeAsync();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Error = ActionErrors.DescribePlain(e);
        }
        finally
        {
            Pending = null;
        }
    }

    /// <summary>While <paramref name="action"/> runs, shows the transaction's hash as soon as the push journal holds it.</summary>
    private async Task<Proposal> WithJournalAsync(bool execute, string label, Task<Proposal> action)
    {
        while (!action.IsCompleted)
        {
            try
            {
                if (Transaction is null && await Pages.JournaledTransactionAsync(View.Proposal.Id, execute, CancellationToken.None) is { } hash)
                {
                    TransactionLabel = label;
                    Transaction = new TransactionStatus(hash, false, false, 0, 0);
                    StateHasChanged();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Informative only: the action's own outcome is what counts.
            }

            await Task.WhenAny(action, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        return await action;
    }

    private async Task PollAsync(Hash32 hash, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(PollInterval);
            for (var i = 0; i < MaxPolls && await timer.WaitForNextTickAsync(cancellationToken); i++)
            {
                var status = await Pages.TransactionStatusAsync(hash, cancellationToken);
                if (status != Transaction)
                {
                    Transaction = status;
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left or another action started.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Status polling is informative only: keep the last known status.
        }
    }
}
