using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Tests.Proposals;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// The attack of the issue: an anonymous visitor (or a signed-in wallet outside the committee)
/// moves the local chain's clock and the portal's. Refused by the service itself, whatever the page
/// shows, and neither clock moves; a committee member may.
/// </summary>
public sealed class TimeTravelAccessTests(SeededPortal portal) : IClassFixture<SeededPortal>
{
    private async Task<(TimeSpan Portal, long ChainBlock)> ClocksAsync()
        => (portal.Get<PortalClock>().Offset, await portal.Get<ChainClient>().GetBlockNumberAsync(CancellationToken.None));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnonymousOrHolder_TimeTravel_RefusedNothingMoves(bool signedInHolder)
    {
        var active = (await portal.Get<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        var before = await ClocksAsync();
        await using var scope = Viewers.Scope(portal.Portal.Services, signedInHolder ? DevelopmentKeys.Key(8).Address : null);
        var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();

        var e = await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.TimeTravelAsync(TimeTravelStep.ThreeDays, active.Id, CancellationToken.None));

        Assert.True(pages.TimeTravelAvailable); // Development on the local chain: only the viewer is wrong
        Assert.False(await pages.CanTimeTravelAsync(CancellationToken.None));
        Assert.StartsWith("Time travel: only committee members may do this", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ClocksAsync());
    }

    [Fact]
    public async Task Member_TimeTravel_BothClocksMove()
    {
        var before = await ClocksAsync();
        await using var scope = Viewers.Scope(portal.Portal.Services, DemoCommittee.Members[1].Address);
        var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();

        Assert.True(await pages.CanTimeTravelAsync(CancellationToken.None));
        var moved = await pages.TimeTravelAsync(TimeTravelStep.Hour, null, CancellationToken.None);

        var after = await ClocksAsync();
        Assert.Equal(TimeSpan.FromHours(1), moved);
        Assert.True(after.Portal >= before.Portal + TimeSpan.FromHours(1) - TimeSpan.FromSeconds(5), $"{before.Portal} -> {after.Portal}");
        Assert.True(after.ChainBlock > before.ChainBlock);
    }
}
