using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using RiskGovernance.Web.Components.Identity;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Components.Layout;

/// <summary>
/// The app bar's account control: "Sign in" (opens <see cref="SignInDialog"/>) for an anonymous
/// visitor; for a signed-in wallet a chip with the display name and role, and a menu with the full
/// address, the wallet kind, a link to "Your sessions" (/account/sessions) and "Sign out".
/// </summary>
public sealed partial class AccountMenu : IDisposable
{
    private PortalUser? _user;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    private string RoleLabel => _user?.Role switch
    {
        PortalRole.Guardian => "guardian",
        PortalRole.Member => "member",
        PortalRole.Holder => "holder",
        _ => "anonymous",
    };

    private string RoleDescription => _user?.Role switch
    {
        PortalRole.Guardian => "Guardian: proposes, votes, cancels and vetoes",
        PortalRole.Member => "Committee member: proposes and votes",
        PortalRole.Holder => "Not on the committee: reads everything, may execute a due proposal",
        _ => "Anonymous",
    };

    private Color RoleColor => _user?.Role switch
    {
        PortalRole.Guardian => Color.Secondary,
        PortalRole.Member => Color.Success,
        _ => Color.Default,
    };

    private string RoleIcon => _user?.Role == PortalRole.Guardian ? Icons.Material.Filled.Shield : Icons.Material.Filled.AccountCircle;

    private string WalletLabel => _user?.UsesDevelopmentWallet == true
        ? "Development wallet (server-side demo key, local chain only)"
        : "Browser wallet";

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        Authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        _user = await CurrentUser.GetAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public void Dispose() => Authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;

    // The session ended while the circuit is open (SessionRevalidation): show the sign-in button again.
    private void OnAuthenticationStateChanged(Task<AuthenticationState> state)
        => _ = InvokeAsync(async () =>
        {
            _user = await CurrentUser.GetAsync(CancellationToken.None);
            StateHasChanged();
        });

    private async Task OpenSignInAsync()
        => await Dialogs.ShowAsync<SignInDialog>("Sign in", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true });

    private async Task SignOutAsync()
    {
        var wallet = new WalletInterop(Js);
        await wallet.PostJsonAsync("/auth/logout", new { }, CancellationToken.None);
        await wallet.ReloadAsync("/");
    }
}
