using RiskGovernance.Primitives;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.Drafting;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>One real portal (demo seeded on its own anvil, SQLite in a temp directory) shared by the drafting tests.</summary>
public sealed class DraftingPortal : SeededPortal
{
    /// <summary>The portal.</summary>
    public PortalFactory Factory => Portal;

    /// <summary>The drafting service as the viewer signed in with <paramref name="address"/> (anonymous when null) uses it.</summary>
    public ProposalDrafting DraftingAs(Address? address) => DraftingAs(UserAs(address));

    /// <summary>The drafting service for <paramref name="user"/>.</summary>
    public ProposalDrafting DraftingAs(CurrentUser user)
        => new(user, Get<GovernanceService>(), Get<IBookStore>(), Get<IResultStore>(), Get<TimeProvider>());

    /// <summary>The viewer signed in with <paramref name="address"/> (anonymous when null).</summary>
    public CurrentUser UserAs(Address? address) => new(new SignedIn(address), Get<GovernanceService>(), Get<RiskGovernance.Web.Identity.PortalSessions>());

    /// <summary>The what-if calculator over the portal's stores.</summary>
    public WhatIfCalculator WhatIf() => new(Get<GovernanceService>(), Get<IProposalRepository>(), Get<IBookStore>());

    /// <summary>The authentication state of a wallet that signed in (the sign-in itself is another part's concern).</summary>
    private sealed class SignedIn(Address? address) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            var identity = address is null
                ? new ClaimsIdentity()
                : new ClaimsIdentity([new Claim(PortalClaims.Address, address.Value.ToString()), new Claim(PortalClaims.Wallet, PortalClaims.DevelopmentWallet)], "test");
            return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
        }
    }
}

/// <summary>The tests sharing <see cref="DraftingPortal"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DraftingPortalCollection : ICollectionFixture<DraftingPortal>
{
    /// <summary>Collection name.</summary>
    public const string Name = "drafting portal";
}
