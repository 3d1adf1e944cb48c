using RiskGovernance.Primitives;
using RiskGovernance.Chain;
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

        var ada = DemoCommittee.Members[0].Address;
        var votingEnd = (await governance.Registry.GetProposalAsync(active.Id, CancellationToken.None)).VotingEnd;
        await chainTime.AdvanceAsync(votingEnd - await governance.Registry.GetChainTimeAsync(CancellationToken.None) + TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(ProposalState.Succeeded, (await governance.FinalizeAsync(active.Id, ada, CancellationToken.None)).State);
        var queued = await governance.QueueAsync(active.Id, ada, CancellationToken.None);
        var executeUri = new Uri($"/api/proposals/{active.Id}/execute", UriKind.Relative);

        using var early = await client.PostAsJsonAsync(executeUri, new { });
        var earlyProblem = await SignIn.JsonAsync(early);
        await chainTime.AdvanceAsync(queued.Eta!.Value - time.GetUtcNow() + TimeSpan.FromMinutes(1), CancellationToken.None);
        using var due = await client.PostAsJsonAsync(executeUri, new { });
        var executed = await SignIn.JsonAsync(due);
        using var current = await client.GetAsync(new Uri("/api/parameters/current", UriKind.Relative));
        var parameters = await SignIn.JsonAsync(current);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.StartsWith("state: cannot execute a proposal in state Queued: the registry's timelock runs until", earlyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, due.StatusCode);
        Assert.Equal("Executed", executed.GetProperty("proposal").GetProperty("state").GetString());
        Assert.Equal(3, executed.GetProperty("executedVersion").GetInt64());
        Assert.StartsWith("0x", executed.GetProperty("executeTransactionHash").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, parameters.GetProperty("version").GetInt64());
        Assert.Equal(active.ParamsHash.ToString(), parameters.GetProperty("paramsHash").GetString());
        Assert.Equal(active.Id.ToString(), parameters.GetProperty("proposalId").GetString());
        Assert.True((await SignIn.MeAsync(client)).GetProperty("signedIn").GetBoolean());

        // The signed-in wallet is the actor of the execution, in the timeline and in the audit log (not "system").
        var holder = DevelopmentKeys.Key(7).Address.ToString();
        var executedEntry = executed.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("to").GetString() == "Executed");
        Assert.Equal(holder, executedEntry.GetProperty("actor").GetString(), ignoreCase: true);
        var audit = await portal.Services.GetRequiredService<IAuditLog>().ListAsync(active.Id.ToString(), CancellationToken.None);
        var executedEvent = Assert.Single(audit, e => e.Event.Action == "proposal.executed");
        Assert.Equal(holder, executedEvent.Event.Actor, ignoreCase: true);
        Assert.Equal(ada.ToString(), audit.Single(e => e.Event.Action == "proposal.queued").Event.Actor, ignoreCase: true);
        Assert.Equal(ada.ToString(), audit.Single(e => e.Event.Action == "proposal.succeeded").Event.Actor, ignoreCase: true);
        Assert.DoesNotContain(audit, e => e.Event.Actor == "system");
    }

    /// <summary>
    /// Two proposals drafted on version 2 both pass and are queued; the first is then executed on the
    /// registry behind the portal's back (no reconciliation runs in this portal). Executing the second
    /// through the API is refused with the registry's reason in plain words, nothing changes, and its
    /// detail says it is stale.
    /// </summary>
    [Fact]
    public async Task Execute_BaseVersionReplacedOnChain_409NamingTheRegistrysReasonAndTheDetailSaysStale()
    {
        await using var portal = new PortalFactory(node, services: PortalFactory.WithoutReconciliation);
        var client = portal.CreateClient();
        var steps = new GovernanceSteps(portal);
        var ada = GovernanceSteps.Member(0);
        var first = await steps.OpenAsync(await steps.DraftAsync("Raise the BTC haircut", ada, p => GovernanceSteps.Bump(p, "assets.BTC.haircut", 0.01)));
        var second = await steps.OpenAsync(await steps.DraftAsync("Raise the ETH haircut", ada, p => GovernanceSteps.Bump(p, "assets.ETH.haircut", 0.01)));
        await steps.VoteAsync(first, BallotSupport.For, 0, 1);
        await steps.VoteAsync(second, BallotSupport.For, 0, 1);
        var queuedFirst = await steps.FinalizeAndQueueAsync(first, ada);
        var queuedSecond = await steps.FinalizeAndQueueAsync(second, ada);
        await steps.AdvancePastAsync(new[] { queuedFirst.Eta!.Value, queuedSecond.Eta!.Value }.Max());
        var registry = portal.Services.GetRequiredService<IRegistryGateway>();
        var pushed = await registry.PushAsync(first.Id, first.Payload(), CancellationToken.None);
        Assert.Equal((PushOutcome.Executed, 3L), (pushed.Outcome, pushed.Version));
        using var login = await SignIn.WithKeyAsync(client, 7);

        using var refused = await client.PostAsJsonAsync(new Uri($"/api/proposals/{second.Id}/execute", UriKind.Relative), new { });
        var problem = await SignIn.JsonAsync(refused);
        using var detail = await client.GetAsync(new Uri($"/api/proposals/{second.Id}", UriKind.Relative));
        var json = await SignIn.JsonAsync(detail);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("The registry refuses", problem.GetProperty("title").GetString());
        Assert.Equal("the registry refuses to execute it: it was drafted from version 2, but version 3 is in force now; rebase it",
            problem.GetProperty("detail").GetString());
        Assert.Equal("StaleBase", problem.GetProperty("registryError").GetString());
        Assert.Equal("proposal", problem.GetProperty("field").GetString());
        Assert.Equal(ProposalState.Queued, (await portal.Services.GetRequiredService<IProposalRepository>().GetAsync(second.Id, CancellationToken.None))!.State);
        Assert.Equal(RegistryProposalState.Queued, (await registry.GetProposalAsync(second.Id, CancellationToken.None)).State);
        Assert.Equal(3, await registry.GetCurrentVersionAsync(CancellationToken.None));
        Assert.True(json.GetProperty("stale").GetBoolean());
        Assert.Equal(2, json.GetProperty("baseVersion").GetInt64());
        Assert.Equal(1, json.GetProperty("epoch").GetInt64());
        Assert.Equal("Queued", json.GetProperty("proposal").GetProperty("state").GetString());
        Assert.True(json.GetProperty("proposal").GetProperty("tally").GetProperty("passes").GetBoolean());
    }
}
