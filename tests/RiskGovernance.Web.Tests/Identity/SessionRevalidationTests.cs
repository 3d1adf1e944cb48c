using RiskGovernance.Primitives;
using System.Globalization;
using System.Security.Claims;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>An open circuit turns anonymous once its session's end passes.</summary>
public sealed class SessionRevalidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private static ClaimsPrincipal SignedIn(params Claim[] claims)
        => new(new ClaimsIdentity([new Claim(PortalClaims.Address, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), .. claims], "Cookies"));

    private static Claim Expires(DateTimeOffset at) => new(PortalClaims.SessionExpires, at.ToString("O", CultureInfo.InvariantCulture));

    [Fact]
    public void IsCurrent_BeforeTheEnd_True() => Assert.True(SessionRevalidation.IsCurrent(SignedIn(Expires(Now.AddMinutes(1))), Now));

    [Fact]
    public void IsCurrent_AtOrAfterTheEnd_False()
    {
        Assert.False(SessionRevalidation.IsCurrent(SignedIn(Expires(Now)), Now));
        Assert.False(SessionRevalidation.IsCurrent(SignedIn(Expires(Now.AddHours(-1))), Now));
    }

    [Fact]
    public void IsCurrent_SignedInWithoutOrWithBadEndClaim_False()
    {
        Assert.False(SessionRevalidation.IsCurrent(SignedIn(), Now));
        Assert.False(SessionRevalidation.IsCurrent(SignedIn(new Claim(PortalClaims.SessionExpires, "tomorrow")), Now));
    }

    [Fact]
    public void IsCurrent_Anonymous_True() => Assert.True(SessionRevalidation.IsCurrent(new ClaimsPrincipal(new ClaimsIdentity()), Now));
}
