using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using RiskGovernance.Primitives;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.Identity;

/// <summary>Claim types of a signed-in wallet (Sign-In with Ethereum).</summary>
public static class PortalClaims
{
    /// <summary>The checksummed 0x address that signed in.</summary>
    public const string Address = "riskgov:address";

    /// <summary>"browser" (window.ethereum) or "dev" (the development wallet).</summary>
    public const string Wallet = "riskgov:wallet";

    /// <summary>Chain id the sign-in message named.</summary>
    public const string ChainId = "riskgov:chainId";

    /// <summary>When the session ends (wall-clock, round-trip "O" format); circuits re-check it.</summary>
    public const string SessionExpires = "riskgov:sessionExpires";

    /// <summary>The session token (random; the session store keeps only its SHA-256).</summary>
    public const string SessionId = "riskgov:session";

    /// <summary>Wallet kind of a browser wallet.</summary>
    public const string BrowserWallet = "browser";

    /// <summary>Wallet kind of the development wallet.</summary>
    public const string DevelopmentWallet = "dev";
}

/// <summary>What the viewer may do, decided from the signed-in address and the CURRENT committee.</summary>
public enum PortalRole
{
    /// <summary>Not signed in: reads everything public, acts on nothing.</summary>
    Anonymous,

    /// <summary>Signed in, not on the committee: may trigger an execution that is due.</summary>
    Holder,

    /// <summary>Committee member: proposes and votes.</summary>
    Member,

    /// <summary>The guardian: a member who also cancels and vetoes.</summary>
    Guardian,
}

/// <summary>The viewer: address (null when anonymous), wallet kind, role and display name.</summary>
/// <param name="Address">Signed-in address.</param>
/// <param name="Wallet">"browser" or "dev"; null when anonymous.</param>
/// <param name="Role">Role from the current committee.</param>
/// <param name="DisplayName">Committee display name, or the short address.</param>
public sealed record PortalUser(Address? Address, string? Wallet, PortalRole Role, string DisplayName)
{
    /// <summary>The anonymous visitor.</summary>
    public static PortalUser Anonymous { get; } = new(null, null, PortalRole.Anonymous, "anonymous");

    /// <summary>Signed in with any wallet.</summary>
    public bool IsSignedIn => Address is not null;

    /// <summary>May propose and vote.</summary>
    public bool IsMember => Role is PortalRole.Member or PortalRole.Guardian;

    /// <summary>May cancel and veto.</summary>
    public bool IsGuardian => Role == PortalRole.Guardian;

    /// <summary>Signs with the development wallet (server-side keys).</summary>
    public bool UsesDevelopmentWallet => Wallet == PortalClaims.DevelopmentWallet;
}

/// <summary>
/// Resolves the viewer of the current circuit or request from its authentication state, the
/// session store and the current committee (a member removed by a membership change loses the
/// role at once). A circuit whose session was revoked (sign out elsewhere, "sign out everywhere")
/// is anonymous here at once, before <see cref="SessionRevalidation"/> updates its display.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, GovernanceService committee, PortalSessions sessions)
{
    /// <summary>The viewer.</summary>
    public async Task<PortalUser> GetAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (PortalSessions.NeedsSession(state.User) && await sessions.ValidateAsync(PortalSessions.TokenOf(state.User), cancellationToken) is null)
        {
            return PortalUser.Anonymous;
        }

        return await ResolveAsync(state.User, committee, cancellationToken);
    }

    /// <summary>The token of the viewer's session (for the sessions page), or null when anonymous.</summary>
    public async Task<string?> SessionTokenAsync()
        => PortalSessions.TokenOf((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The viewer a principal stands for (also used by HTTP endpoints).</summary>
    public static async Task<PortalUser> ResolveAsync(ClaimsPrincipal principal, GovernanceService committee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(committee);
        var text = principal.Identity?.IsAuthenticated == true ? principal.FindFirst(PortalClaims.Address)?.Value : null;
        if (text is null || !Address.TryParse(text, out var address))
        {
            return PortalUser.Anonymous;
        }

        var wallet = principal.FindFirst(PortalClaims.Wallet)?.Value ?? PortalClaims.BrowserWallet;
        var member = (await committee.GetCommitteeAsync(cancellationToken)).Find(address);
        var role = member is null ? PortalRole.Holder : member.IsGuardian ? PortalRole.Guardian : PortalRole.Member;
        return new PortalUser(address, wallet, role, member?.DisplayName ?? Components.Shared.Format.Short(address));
    }

    /// <summary>Throws <see cref="UnauthorizedActionException"/> unless the viewer is a committee member.</summary>
    public async Task<PortalUser> RequireMemberAsync(string action, CancellationToken cancellationToken)
    {
        var user = await GetAsync(cancellationToken);
        return user.IsMember ? user : throw new UnauthorizedActionException(action, user, "committee members");
    }

    /// <summary>Throws <see cref="UnauthorizedActionException"/> unless the viewer is the guardian.</summary>
    public async Task<PortalUser> RequireGuardianAsync(string action, CancellationToken cancellationToken)
    {
        var user = await GetAsync(cancellationToken);
        return user.IsGuardian ? user : throw new UnauthorizedActionException(action, user, "the guardian");
    }

    /// <summary>Throws <see cref="UnauthorizedActionException"/> unless the viewer is signed in.</summary>
    public async Task<PortalUser> RequireSignedInAsync(string action, CancellationToken cancellationToken)
    {
        var user = await GetAsync(cancellationToken);
        return user.IsSignedIn ? user : throw new UnauthorizedActionException(action, user, "signed-in wallets");
    }
}

/// <summary>An action the viewer's role does not allow; nothing was changed.</summary>
public sealed class UnauthorizedActionException(string action, PortalUser user, string allowed)
    : Exception($"{action}: only {allowed} may do this; you are {(user.IsSignedIn ? user.DisplayName + " (" + user.Role.ToString().ToLowerInvariant() + ")" : "not signed in")}.")
{
    /// <summary>The refused action.</summary>
    public string Action { get; } = action;
}
