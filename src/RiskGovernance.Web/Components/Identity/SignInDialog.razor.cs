using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Components.Identity;

/// <summary>
/// The sign-in dialog. Browser wallet: request an account, ask the server for a challenge, sign
/// it with personal_sign, post it to /auth/login, reload. Development wallet (only when the server
/// registered it): post the chosen demo member to /auth/dev-login, reload. The requests go from
/// the browser (fetch) so that the session cookie is set there.
/// </summary>
public sealed partial class SignInDialog
{
    private bool _busy;
    private string? _error;
    private string _progress = "";

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    /// <summary>The development wallet when it is registered (Development on the local chain), else none.</summary>
    [Inject]
    private IEnumerable<DevelopmentWallet> DevelopmentWallets { get; set; } = default!;

    /// <summary>The development wallet's accounts; empty when it is not registered (production).</summary>
    private IReadOnlyList<DemoMember> DevelopmentAccounts => DevelopmentWallets.FirstOrDefault()?.Accounts ?? [];

    private async Task SignInWithBrowserAsync()
    {
        var wallet = new WalletInterop(Js);
        await RunAsync(async ct =>
        {
            if (!await wallet.AvailableAsync(ct))
            {
                return "No browser wallet was found in this browser (window.ethereum is missing). Install or unlock one, such as MetaMask"
                       + (DevelopmentAccounts.Count > 0 ? ", or use the development wallet below." : ".");
            }

            _progress = "Waiting for the wallet to share an account…";
            StateHasChanged();
            string address;
            try
            {
                address = await wallet.RequestAccountAsync(ct);
            }
            catch (JSException e)
            {
                return $"The wallet did not share an account: {e.Message}";
            }

            var challenge = await wallet.PostJsonAsync("/auth/challenge", new { address }, ct);
            var message = challenge.Ok ? challenge.Property("message") : null;
            if (message is null)
            {
                return $"The server refused the sign-in request: {challenge.ErrorText()}";
            }

            _progress = "Sign the message in your wallet…";
            StateHasChanged();
            string signature;
            try
            {
                signature = await wallet.PersonalSignAsync(address, message, ct);
            }
            catch (JSException e)
            {
                return $"The wallet did not sign: {e.Message}";
            }

            var login = await wallet.PostJsonAsync("/auth/login", new { message, signature }, ct);
            return login.Ok ? null : $"Sign-in refused: {login.ErrorText()}";
        });
    }

    private async Task SignInWithDevelopmentWalletAsync(int index)
    {
        var member = DevelopmentAccounts[index];
        var wallet = new WalletInterop(Js);
        await RunAsync(async ct =>
        {
            _progress = $"Signing in as {member.DisplayName} with the development wallet…";
            StateHasChanged();
            var login = await wallet.PostJsonAsync("/auth/dev-login", new { address = member.Address.ToString() }, ct);
            return login.Ok ? null : $"Sign-in refused: {login.ErrorText()}";
        });
    }

    /// <summary>Runs a sign-in; null from <paramref name="flow"/> means signed in (reload), text is the error to show.</summary>
    private async Task RunAsync(Func<CancellationToken, Task<string?>> flow)
    {
        _busy = true;
        _error = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            _error = await flow(timeout.Token);
            if (_error is null)
            {
                _progress = "Signed in; reloading…";
                await new WalletInterop(Js).ReloadAsync();
                return;
            }
        }
        catch (Exception e) when (e is JSException or TaskCanceledException or OperationCanceledException or JSDisconnectedException)
        {
            _error = $"Sign-in did not complete: {e.Message}";
        }
        finally
        {
            _busy = _error is null && _busy;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
