using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using RiskGovernance.Persistence.Sessions;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Components.Identity;

/// <summary>
/// /account/sessions: the signed-in address's active sessions (when each began, was last seen and
/// ends, the wallet, the browser, which one is this) with "Revoke" per session and "Sign out
/// everywhere". Only the viewer's own sessions are listed or revoked.
/// </summary>
public sealed partial class SessionsPage : IDisposable
{
    private PortalUser? _user;
    private IReadOnlyList<SessionRecord>? _sessions;
    private string? _currentHash;
    private string? _error;
    private bool _busy;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private PortalSessions Sessions { get; set; } = default!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        Authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        await LoadAsync();
    }

    /// <inheritdoc />
    public void Dispose() => Authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;

    private void OnAuthenticationStateChanged(Task<AuthenticationState> state)
        => _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });

    private async Task LoadAsync()
    {
        _user = await CurrentUser.GetAsync(CancellationToken.None);
        if (_user.Address is not { } address)
        {
            _sessions = [];
            _currentHash = null;
            return;
        }

        _currentHash = await CurrentUser.SessionTokenAsync() is { } token ? PortalSessions.HashOf(token) : null;
        _sessions = await Sessions.ListAsync(address, CancellationToken.None);
    }

    private async Task RevokeAsync(SessionRecord session)
    {
        _busy = true;
        _error = null;
        try
        {
            // The viewer is checked again (the session may have ended since the page was drawn).
            var user = await CurrentUser.RequireSignedInAsync("revoke a session", CancellationToken.None);
            if (!await Sessions.RevokeAsync(user.Address!.Value, session.Id, CancellationToken.None))
            {
                _error = "id: that session has already ended.";
            }

            if (session.TokenHash == _currentHash)
            {
                await SignOutThisBrowserAsync();
                return;
            }

            await LoadAsync();
        }
        catch (UnauthorizedActionException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SignOutEverywhereAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            var user = await CurrentUser.RequireSignedInAsync("sign out everywhere", CancellationToken.None);
            await Sessions.RevokeAllAsync(user.Address!.Value, CancellationToken.None);
            await SignOutThisBrowserAsync();
        }
        catch (UnauthorizedActionException e)
        {
            _error = e.Message;
            _busy = false;
        }
    }

    // Deletes this browser's cookie (its session is already revoked) and starts a new circuit.
    private async Task SignOutThisBrowserAsync()
    {
        var wallet = new WalletInterop(Js);
        await wallet.PostJsonAsync("/auth/logout", new { }, CancellationToken.None);
        await wallet.ReloadAsync("/");
    }
}
