using RiskGovernance.Primitives;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>Principals and service scopes standing for a viewer (what the sign-in sets up in the portal).</summary>
internal static class Viewers
{
    /// <summary>A signed-in principal for <paramref name="address"/> with the given wallet kind; anonymous when null.</summary>
    public static ClaimsPrincipal Principal(Address? address, string wallet = PortalClaims.DevelopmentWallet)
        => address is { } a
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(PortalClaims.Address, a.ToString()), new Claim(PortalClaims.Wallet, wallet)], "test"))
            : new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>A service scope of the portal in which the viewer is <paramref name="address"/> (anonymous when null).</summary>
    public static AsyncServiceScope Scope(IServiceProvider services, Address? address, string wallet = PortalClaims.DevelopmentWallet)
    {
        var scope = services.CreateAsyncScope();
        var authentication = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(Principal(address, wallet))));
        return scope;
    }
}

/// <summary>A fixed authentication state for bUnit.</summary>
internal sealed class FixedAuthenticationStateProvider(ClaimsPrincipal principal) : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
}
