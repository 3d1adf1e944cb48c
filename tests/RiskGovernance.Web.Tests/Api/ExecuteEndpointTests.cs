using RiskGovernance.Primitives;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Api;

/// <summary>POST /api/proposals/{id}/execute on its own portal: a holder executes a due proposal on the chain.</summary>
public sealed class ExecuteEndpointTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task Execute_HolderSignedInBeforeTimeTravel_409WhileTimelockedThenExecutesVersion3()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();
        var governance = portal.Services.GetRequiredService<GovernanceService>();
        var chainTime = portal.Services.GetRequiredService<ChainTime>();
        var time = portal.Services.GetRequiredService<TimeProvider>();
        var active = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
        using var login = await SignIn.WithKeyAsync(client, 7);
        Assert.Equal("holder", (await SignIn.MeAsync(client)).GetProperty("role").GetString());

        var wallet = new DevelopmentWallet();
        foreach (var member in new[] { DemoCommittee.Members[0], DemoCommittee.Members[2] })
        {
            var ballot = new Ballot(active.Id, active.ParamsHash, BallotSupport.For);
            await governance.CastVoteAsync(new SignedBallot(active.Id, active.ParamsHash, BallotSupport.For, member.Address,
                wallet.SignBallot(member.Address, governance.BallotDomain, ballot), null), CancellationToken.None);
        }

        await chainTime.AdvanceAsync(active.Rules!.VotingPeriod + TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(ProposalState.Succeeded, (await governance.FinalizeAsync(active.Id, CancellationToken.None)).State);
        var queued = await governance.QueueAsync(active.Id, CancellationToken.None);
        var executeUri = new Uri($"/api/proposals/{active.Id}/execute", UriKind.Relative);

        using var early = await client.PostAsJsonAsync(executeUri, new { });
        var earlyProblem = await SignIn.JsonAsync(early);
        await chainTime.AdvanceAsync(queued.Eta!.Value - time.GetUtcNow() + TimeSpan.FromMinutes(1), CancellationToken.None);
        using var due = await client.PostAsJsonAsync(executeUri, new { });
        var executed = await SignIn.JsonAsync(due);
        using var current = await client.GetAsync(new Uri("/api/parameters/current", UriKind.Relative));
        var parameters = await SignIn.JsonAsync(current);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.StartsWith("state: cannot execute a proposal in state Queued: the timelock runs until", earlyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, due.StatusCode);
        Assert.Equal("Executed", executed.GetProperty("proposal").GetProperty("state").GetString());
        Assert.Equal(3, executed.GetProperty("executedVersion").GetInt64());
        Assert.StartsWith("0x", executed.GetProperty("executeTransactionHash").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, parameters.GetProperty("version").GetInt64());
        Assert.Equal(active.ParamsHash.ToString(), parameters.GetProperty("paramsHash").GetString());
        Assert.Equal(active.Id.ToString(), parameters.GetProperty("proposalId").GetString());
        Assert.True((await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean());
    }
}
