using RiskGovernance.Primitives;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Proposals;
using RiskGovernance.Web.Tests.Support;
using ProposalState = RiskGovernance.Governance.Proposals.ProposalState;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The proposal page services on the real portal (anvil, SQLite): the whole flow and refused actions.</summary>
public sealed class ProposalFlowTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Flow_VoteFinalizeQueueTimeTravelExecute_RegistryHoldsTheNewVersion()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var services = portal.Services;
        var active = (await services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, None)).Single();
        var ada = DemoCommittee.Members[0];
        var chen = DemoCommittee.Members[2];
        var holder = DevelopmentKeys.Key(8).Address;

        // Ada votes For with the development wallet (the server signs).
        await using (var scope = Viewers.Scope(services, ada.Address))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            var before = await pages.GetAsync(active.Id, None);
            Assert.True(before!.Actions.Vote);
            Assert.False(before.Actions.Finalize);
            Assert.Equal("passes on chain: no: needs 3 more weight For", before.Chain.Tally!.Verdict);
            Assert.False(before.Chain.IsStale(before.Proposal));
            var vote = await pages.VoteAsync(active.Id, BallotSupport.For, "  Agreed after the review.  ", null, None);
            Assert.Equal("Agreed after the review.", vote.Reason);
        }

        // Chen votes For with a browser wallet: the typed-data JSON signed as a wallet would sign it.
        await using (var scope = Viewers.Scope(services, chen.Address, PortalClaims.BrowserWallet))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            var json = await pages.BallotJsonAsync(active.Id, BallotSupport.For, None);
            var signature = DevelopmentKeys.Key(chen.KeyIndex).SignTypedData(json).ToString();
            await pages.VoteAsync(active.Id, BallotSupport.For, null, signature, None);
            var view = await pages.GetAsync(active.Id, None);
            Assert.Equal(4, view!.Votes.Count);
            Assert.All(view.Votes, v => Assert.True(v.Verified));
            Assert.Equal(chen.DisplayName, view.ViewerVote!.VoterName);
            Assert.False(view.Actions.Vote);
            Assert.Equal((7L, 2L, true), (view.Chain.Tally!.For, view.Chain.Tally.Against, view.Chain.Tally.Passes));
            Assert.Equal("passes on chain: yes", view.Chain.Tally.Verdict);
        }

        // A token holder (signed in, not a member) finalizes after the time travel, queues and executes.
        await using (var scope = Viewers.Scope(services, holder))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            Assert.True(pages.TimeTravelAvailable);
            var early = await Assert.ThrowsAsync<IllegalTransitionException>(() => pages.FinalizeAsync(active.Id, None));
            Assert.StartsWith("Not possible now: cannot finalize", ActionErrors.Describe(early), StringComparison.Ordinal);

            // Time travel is for committee members: the holder is refused, and Ada moves the clocks.
            Assert.False(await pages.CanTimeTravelAsync(None));
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.TimeTravelAsync(TimeTravelStep.ToEta, active.Id, None));
            await TimeTravelAsync(services, ada.Address, active.Id);
            Assert.True((await pages.GetAsync(active.Id, None))!.Actions.Finalize);
            var finalized = await pages.FinalizeAsync(active.Id, None);
            Assert.Equal(ProposalState.Succeeded, finalized.State);

            var queued = await pages.QueueAsync(active.Id, None);
            Assert.Equal(ProposalState.Queued, queued.State);
            Assert.Equal(queued.QueueTransactionHash, await pages.JournaledTransactionAsync(active.Id, execute: false, None));
            Assert.Null(await pages.JournaledTransactionAsync(active.Id, execute: true, None));
            var queueTx = await pages.TransactionStatusAsync(queued.QueueTransactionHash!.Value, None);
            Assert.True(queueTx.Mined);
            Assert.True(queueTx.Succeeded);
            Assert.True(queueTx.Confirmations >= 1);
            var tooEarly = await Assert.ThrowsAsync<IllegalTransitionException>(() => pages.ExecuteAsync(active.Id, None));
            Assert.Contains("timelock", ActionErrors.Describe(tooEarly), StringComparison.Ordinal);
            Assert.False((await pages.GetAsync(active.Id, None))!.Actions.Execute);

            await TimeTravelAsync(services, ada.Address, active.Id);
            Assert.True((await pages.GetAsync(active.Id, None))!.Actions.Execute);
            var executed = await pages.ExecuteAsync(active.Id, None);
            Assert.Equal(ProposalState.Executed, executed.State);
            Assert.Equal(3, executed.ExecutedVersion);
            var executeTx = await pages.TransactionStatusAsync(executed.ExecuteTransactionHash!.Value, None);
            Assert.True(executeTx.Mined && executeTx.Succeeded);
            var view = await pages.GetAsync(active.Id, None);
            Assert.Equal(
                [ProposalState.Draft, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed],
                view!.Proposal.Timeline.Select(t => t.To));
            Assert.Equal(executed.ExecuteTransactionHash, view.Proposal.Timeline[^1].TransactionHash);

            // The holder who clicked is the actor of each step, not "system".
            Assert.Equal(
                [("create", active.Author.ToString()), ("open", active.Author.ToString()), ("finalize", holder.ToString()), ("queue", holder.ToString()), ("execute", holder.ToString())],
                view.Proposal.Timeline.Select(t => (t.Action, t.Actor)));
        }

        var registry = services.GetRequiredService<RiskParameterRegistryService>();
        Assert.Equal(3, (int)await registry.GetCurrentVersionAsync(None));
        Assert.Equal(active.ParamsHash, await registry.GetParamsHashAsync(3, None));
        Assert.Equal(3, (await services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(None))!.Version);
    }

    [Fact]
    public async Task Vote_AnonymousOrHolder_RefusedServerSideNothingChanges()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var services = portal.Services;
        var repository = services.GetRequiredService<IProposalRepository>();
        var active = (await repository.ListAsync(ProposalState.Active, None)).Single();
        var audit = (await services.GetRequiredService<IAuditLog>().ListAsync(null, None)).Count;

        foreach (Address? viewer in new Address?[] { null, DevelopmentKeys.Key(8).Address })
        {
            await using var scope = Viewers.Scope(services, viewer);
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            var view = await pages.GetAsync(active.Id, None);
            Assert.False(view!.Actions.Vote);
            Assert.False(view.Actions.Cancel);

            var vote = await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.VoteAsync(active.Id, BallotSupport.For, null, null, None));
            var forged = await Assert.ThrowsAsync<UnauthorizedActionException>(
                () => pages.VoteAsync(active.Id, BallotSupport.For, null, "0x" + new string('1', 130), None));
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.CancelAsync(active.Id, None));
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.OpenAsync(active.Id, None));
            Assert.StartsWith("Vote: only committee members may do this", vote.Message, StringComparison.Ordinal);
            Assert.Equal(vote.Message, ActionErrors.Describe(forged));
        }

        await using (var anonymous = Viewers.Scope(services, null))
        {
            var pages = anonymous.ServiceProvider.GetRequiredService<ProposalPageService>();
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.FinalizeAsync(active.Id, None));
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.QueueAsync(active.Id, None));
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.ExecuteAsync(active.Id, None));
        }

        var after = await repository.GetAsync(active.Id, None);
        Assert.Equal(active.Votes.Count, after!.Votes.Count);
        Assert.Equal(active.Revision, after.Revision);
        Assert.Equal(ProposalState.Active, after.State);
        Assert.Equal(audit, (await services.GetRequiredService<IAuditLog>().ListAsync(null, None)).Count);
    }

    [Fact]
    public async Task Vote_MemberTwiceOrBrowserWithoutSignature_RefusedNamingTheField()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var services = portal.Services;
        var repository = services.GetRequiredService<IProposalRepository>();
        var active = (await repository.ListAsync(ProposalState.Active, None)).Single();
        var ben = DemoCommittee.Members[1];
        var dana = DemoCommittee.Members[3];
        var eve = DemoCommittee.Guardian;

        await using (var scope = Viewers.Scope(services, ben.Address))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            var twice = await Assert.ThrowsAsync<InputValidationException>(() => pages.VoteAsync(active.Id, BallotSupport.Against, null, null, None));
            Assert.Equal("ballot.voter", twice.Errors.Single().Field);
            await Assert.ThrowsAsync<UnauthorizedActionException>(() => pages.VetoAsync(active.Id, None));
        }

        await using (var scope = Viewers.Scope(services, eve.Address, PortalClaims.BrowserWallet))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            var unsigned = await Assert.ThrowsAsync<InputValidationException>(() => pages.VoteAsync(active.Id, BallotSupport.For, null, " ", None));
            Assert.Equal("ballot.signature", unsigned.Errors.Single().Field);

            // A signature by someone else (Dana's key) for Eve's vote.
            var json = await pages.BallotJsonAsync(active.Id, BallotSupport.For, None);
            var foreign = DevelopmentKeys.Key(dana.KeyIndex).SignTypedData(json).ToString();
            var forged = await Assert.ThrowsAsync<InputValidationException>(() => pages.VoteAsync(active.Id, BallotSupport.For, null, foreign, None));
            Assert.Equal("ballot.signature", forged.Errors.Single().Field);
            Assert.StartsWith("ballot.signature: recovers to", ActionErrors.Describe(forged), StringComparison.Ordinal);

            // The guardian may cancel an active proposal; veto needs Queued.
            var view = await pages.GetAsync(active.Id, None);
            Assert.True(view!.Actions.Cancel);
            Assert.False(view.Actions.Veto);
            await Assert.ThrowsAsync<IllegalTransitionException>(() => pages.VetoAsync(active.Id, None));
        }

        var after = await repository.GetAsync(active.Id, None);
        Assert.Equal(active.Revision, after!.Revision);
    }

    [Fact]
    public async Task Open_DraftByAuthor_AttachesTheSimulationThenOpens_OthersRefused()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var services = portal.Services;
        var ratified = (await services.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(None))!;
        var node2 = System.Text.Json.Nodes.JsonNode.Parse(ratified.ParamsJson)!;
        node2["imMultiplier"] = Math.Round(node2["imMultiplier"]!.GetValue<double>() + 0.05, 6);
        var ada = DemoCommittee.Members[0];
        var draft = await services.GetRequiredService<Governance.Application.GovernanceService>().DraftParametersAsync(
            new Governance.Application.DraftParametersCommand("Raise the IM multiplier", "More buffer.", ada.Address, node2.ToJsonString()), None);

        await using (var scope = Viewers.Scope(services, DemoCommittee.Members[1].Address))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            Assert.False((await pages.GetAsync(draft.Id, None))!.Actions.Open);
            var notAuthor = await Assert.ThrowsAsync<InputValidationException>(() => pages.OpenAsync(draft.Id, None));
            Assert.Equal("actor", notAuthor.Errors.Single().Field);
        }

        await using (var scope = Viewers.Scope(services, ada.Address))
        {
            var pages = scope.ServiceProvider.GetRequiredService<ProposalPageService>();
            Assert.True((await pages.GetAsync(draft.Id, None))!.Actions.Open);
            var opened = await pages.OpenAsync(draft.Id, None);
            Assert.Equal(ProposalState.Active, opened.State);
            Assert.NotNull(opened.Simulation);

            // The page's impact for the opened proposal reproduces the attached record.
            var simulations = services.GetRequiredService<Web.Simulation.ImpactSimulations>();
            var outcome = await simulations.GetOrRunAsync(await simulations.ResolveInputsAsync(opened, None), opened.Simulation, "ada", None);
            Assert.Equal(Web.Simulation.Reproduction.Reproduced, outcome.Reproduction);
        }
    }

    private static async Task TimeTravelAsync(IServiceProvider services, Address member, Hash32 proposal)
    {
        await using var scope = Viewers.Scope(services, member);
        await scope.ServiceProvider.GetRequiredService<ProposalPageService>().TimeTravelAsync(TimeTravelStep.ToEta, proposal, None);
    }
}
