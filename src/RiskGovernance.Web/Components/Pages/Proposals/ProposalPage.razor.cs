using Microsoft.AspNetCore.Components;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Components.Pages.Proposals;

/// <summary>
/// One proposal: header, parameter diff, impact simulation, votes, tally, the viewer's actions,
/// development time travel and the timeline. Every action goes through <see cref="ProposalPageService"/>.
/// Once interactive, the page looks for changes made elsewhere (other members' votes, another
/// viewer's queue or execute, reconciliation) every <see cref="RefreshInterval"/> and re-renders
/// when the proposal's revision moved.
/// </summary>
public partial class ProposalPage : IAsyncDisposable
{
    /// <summary>How often an open page checks for changes made elsewhere.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private Task? _refresh;

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

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _refresh = RefreshWhileOpenAsync(_stop.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_refresh is not null)
        {
            await _refresh;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshWhileOpenAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RefreshIfChangedAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        if (View is not { } shown)
        {
            return;
        }

        try
        {
            var latest = await Pages.GetAsync(shown.Proposal.Id, cancellationToken);
            if (latest is not null && latest.Proposal.Revision != shown.Proposal.Revision)
            {
                await InvokeAsync(() =>
                {
                    View = latest;
                    StateHasChanged();
                });
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A failed background check (database busy, chain unreachable) is retried on the next tick;
            // the page keeps what it shows.
        }
    }

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
