using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// What happens on the registry without the portal (ballots relayed by anyone, a queue, an
/// execution, a veto, a cancel, an expiry, a registration whose bookkeeping crashed) is recorded by
/// <see cref="GovernanceService.ReconcileAsync"/> from the chain, with actor "chain", and never sent twice.
/// </summary>
public sealed class ReconciliationTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string Json => GovernanceStack.Params(("assets.BTC.scanRange", 0.18));

    private static async Task<Proposal> SucceededAsync(GovernanceStack s, string title = "Raise BTC scan range")
    {
        var open = await s.OpenAsync(Json, title: title);
        await s.VoteAsync(open, BallotSupport.For, 0, 1);
        await s.EndVotingAsync(open.Id);
        var done = await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);
        Assert.Equal(ProposalState.Succeeded, done.State);
        return done;
    }

    private static Task<ChainReceipt> RelayAsync(GovernanceStack s, SignedBallot ballot)
        => s.Registry.CastVoteAsync(GovernanceStack.ThirdParty, ballot.ProposalId, ballot.Voter, ballot.Support, EcdsaSignature.Parse(ballot.Signature).ToBytes(), Ct);

    /// <summary>
    /// A member's signed ballot relayed by a third party straight to the registry: reconciliation records
    /// it from the registry's VoteCast log with the relaying transaction and the block time, and the
    /// portal then refuses the same ballot. Reconciliation never finalizes: that stays a member's action.
    /// </summary>
    [Fact]
    public async Task Reconcile_BallotRelayedByAThirdParty_RecordedWithItsTransactionAndNeverFinalized()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(Json);
        var ballot = s.Ballot(open, 1, BallotSupport.For);
        var receipt = await RelayAsync(s, ballot);
        var blockTime = (await s.Registry.Chain.GetBlockAsync(receipt.BlockNumber, Ct))!.Timestamp;

        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Empty(changed);
        var vote = Assert.Single((await s.GetAsync(open.Id)).Votes);
        Assert.Equal((s[1].Address, BallotSupport.For, 2L), (vote.Voter, vote.Support, vote.Weight));
        Assert.Equal((receipt.TransactionHash, blockTime), (vote.TransactionHash!.Value, vote.CastAt));
        Assert.Equal(ballot.Signature, vote.Signature);
        Assert.True(s.Service.VerifyVote(vote));
        var entry = (await s.Audit.ListAsync(open.Id.ToString(), Ct))[^1];
        Assert.Equal("vote.cast", entry.Event.Action);
        Assert.Equal(s[1].Address.ToString(), entry.Event.Actor); // the member who signed it; the relay is the transaction below
        Assert.Contains(receipt.TransactionHash.ToString(), entry.Event.PayloadJson, StringComparison.Ordinal);
        Assert.Equal("ballot.voter", (await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CastVoteAsync(ballot, Ct))).Errors.Single().Field);
        Assert.Empty(await s.Service.ReconcileAsync(Ct)); // recorded once

        await s.EndVotingAsync(open.Id);
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
        Assert.Equal(ProposalState.Active, (await s.GetAsync(open.Id)).State);
    }

    /// <summary>The portal relays a ballot that someone else relayed first: the registry refuses it, the portal records the registry's count and says so.</summary>
    [Fact]
    public async Task CastVote_AlreadyRelayedByAThirdParty_RecordsTheRegistrysVoteAndSaysItWasCounted()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(Json);
        var ballot = s.Ballot(open, 3, BallotSupport.Against, "too fast");
        var receipt = await RelayAsync(s, ballot);

        var ex = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CastVoteAsync(ballot, Ct));

        Assert.Equal("ballot.voter", ex.Errors.Single().Field);
        Assert.Contains("the registry counted the ballot", ex.Message, StringComparison.Ordinal);
        var vote = Assert.Single((await s.GetAsync(open.Id)).Votes);
        Assert.Equal((s[3].Address, receipt.TransactionHash), (vote.Voter, vote.TransactionHash!.Value));
        Assert.Single(await s.Registry.GetVotesAsync(open.Id, Ct));
    }

    [Fact]
    public async Task Reconcile_QueuedAndExecutedByAThirdParty_RecordedWithActorChainAndTheSetRatified()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p = await SucceededAsync(s);
        await s.Registry.QueueAsync(GovernanceStack.ThirdParty, p.Id, Ct);

        var queued = await s.Service.ReconcileAsync(Ct);

        Assert.Equal([new ReconciledProposal(p.Id, ProposalState.Succeeded, ProposalState.Queued)], queued);
        var stored = await s.GetAsync(p.Id);
        Assert.Equal((await s.Registry.GetProposalAsync(p.Id, Ct)).Eta, stored.Eta);
        Assert.Equal(("queue", Proposal.ChainActor, (Hash32?)null), (stored.Timeline[^1].Action, stored.Timeline[^1].Actor, stored.Timeline[^1].TransactionHash));
        Assert.Equal(("proposal.queued", Proposal.ChainActor), (await s.AuditOfAsync(p.Id))[^1]);

        await s.ReachEtaAsync(p.Id);
        await s.Registry.ExecuteAsync(GovernanceStack.ThirdParty, p.Id, p.Payload(), Ct);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        var executed = await s.Service.ReconcileAsync(Ct);

        Assert.Equal([new ReconciledProposal(p.Id, ProposalState.Queued, ProposalState.Executed)], executed);
        stored = await s.GetAsync(p.Id);
        Assert.Equal((ProposalState.Executed, 2L, Proposal.ChainActor), (stored.State, stored.ExecutedVersion!.Value, stored.Timeline[^1].Actor));
        Assert.Equal(new RatifiedParameterSet(2, stored.ParamsJson!, stored.ParamsHash), await s.Roster.GetRatifiedAsync(Ct));
        Assert.Equal(nonce + 1, await s.NonceAsync(GovernanceStack.Relayer.Address)); // only the audit anchor: nothing queued or executed again
        Assert.Equal((await s.Audit.ListAsync(null, Ct)).Count, (await s.Gateway.GetAuditAnchorAsync(Ct))!.Entries);
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
    }

    [Fact]
    public async Task Reconcile_VetoedAndCanceledByTheGuardianOnChain_RecordedWithActorChain()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var queued = await SucceededAsync(s, "to veto");
        await s.Service.QueueAsync(queued.Id, s[0].Address, Ct);
        var active = await s.OpenAsync(Json, title: "to cancel");
        await s.Registry.VetoAsync(s.GuardianKey, queued.Id, Ct);
        await s.Registry.CancelAsync(s.GuardianKey, active.Id, Ct);

        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Equal(2, changed.Count);
        Assert.Contains(new ReconciledProposal(queued.Id, ProposalState.Queued, ProposalState.Vetoed), changed);
        Assert.Contains(new ReconciledProposal(active.Id, ProposalState.Active, ProposalState.Canceled), changed);
        Assert.Equal(("veto", Proposal.ChainActor), ((await s.GetAsync(queued.Id)).Timeline[^1].Action, (await s.GetAsync(queued.Id)).Timeline[^1].Actor));
        Assert.Equal(("cancel", Proposal.ChainActor), ((await s.GetAsync(active.Id)).Timeline[^1].Action, (await s.GetAsync(active.Id)).Timeline[^1].Actor));
    }

    /// <summary>
    /// A proposal that can no longer reach the registry is not left dangling: after the grace period a
    /// member records the expiry (with their address), and reconciliation records the others (as "chain").
    /// </summary>
    [Fact]
    public async Task Expire_AfterTheGracePeriod_RecordedByTheMemberOrByReconciliation()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var notQueued = await SucceededAsync(s, "never queued");
        var queued = await SucceededAsync(s, "never executed");
        await s.Service.QueueAsync(queued.Id, s[0].Address, Ct);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.ExpireAsync(notQueued.Id, s[1].Address, Ct));

        await s.AdvanceAsync(s.Rules.TimelockDelay + s.Rules.GracePeriod + TimeSpan.FromHours(1));
        var expired = await s.Service.ExpireAsync(notQueued.Id, s[1].Address, Ct);
        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Equal(ProposalState.Expired, expired.State);
        Assert.Equal(("expire", s[1].Address.ToString()), (expired.Timeline[^1].Action, expired.Timeline[^1].Actor));
        Assert.Equal([new ReconciledProposal(queued.Id, ProposalState.Queued, ProposalState.Expired)], changed);
        Assert.Equal(Proposal.ChainActor, (await s.GetAsync(queued.Id)).Timeline[^1].Actor);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.ExecuteAsync(queued.Id, s[0].Address, Ct));
    }

    /// <summary>The registration reached the chain, then the process died before the proposal was saved as Active: opening again records it, nothing is proposed twice.</summary>
    [Fact]
    public async Task Open_CrashAfterTheProposeWasBroadcast_OpenAgainRecordsTheRegistrationWithoutASecondPropose()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.DraftAsync(Json);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.AfterBroadcast).OpenAsync(draft.Id, s[0].Address, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        Assert.Equal(ProposalState.Draft, (await s.GetAsync(draft.Id)).State);
        var chain = await s.Registry.GetProposalAsync(draft.Id, Ct);
        Assert.Equal(RegistryProposalState.Active, chain.State);

        var open = await s.Service.OpenAsync(draft.Id, s[0].Address, Ct);

        Assert.Equal(ProposalState.Active, open.State);
        Assert.Equal((chain.Epoch, chain.VotingStart, chain.VotingEnd), (open.Epoch!.Value, open.OpenedAt!.Value, open.VotingEndsAt!.Value));
        Assert.Equal(("open", s[0].Address.ToString()), (open.Timeline[^1].Action, open.Timeline[^1].Actor));
        Assert.Equal(nonce + 1, await s.NonceAsync(GovernanceStack.Relayer.Address));
        await s.VoteAsync(open, BallotSupport.For, 1);
        Assert.Equal(2, (await s.Gateway.GetTallyAsync(open.Id, Ct)).For);
    }

    [Fact]
    public async Task Reconcile_CrashAfterTheProposeWasBroadcast_OpensTheDraftWithoutASecondPropose()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.DraftAsync(Json);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.AfterBroadcast).OpenAsync(draft.Id, s[0].Address, Ct));

        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Equal([new ReconciledProposal(draft.Id, ProposalState.Draft, ProposalState.Active)], changed);
        var open = await s.GetAsync(draft.Id);
        Assert.Equal((await s.Registry.GetProposalAsync(draft.Id, Ct)).VotingEnd, open.VotingEndsAt);
        Assert.Equal(s[0].Address.ToString(), open.Timeline[^1].Actor);
        Assert.Equal(nonce + 1, await s.NonceAsync(GovernanceStack.Relayer.Address));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.OpenAsync(draft.Id, s[0].Address, Ct));
    }

    [Fact]
    public async Task Reconcile_CrashBeforeTheProposeWasBroadcast_LeavesTheDraftAndOpenProposesOnce()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.DraftAsync(Json);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.BeforeBroadcast).OpenAsync(draft.Id, s[0].Address, Ct));

        Assert.Empty(await s.Service.ReconcileAsync(Ct));
        Assert.Equal(ProposalState.Draft, (await s.GetAsync(draft.Id)).State);
        var open = await s.Service.OpenAsync(draft.Id, s[0].Address, Ct);

        Assert.Equal(ProposalState.Active, open.State);
        Assert.NotNull(open.OpenTransactionHash);
        Assert.Equal(nonce + 1, await s.NonceAsync(GovernanceStack.Relayer.Address));
    }

    /// <summary>The hosted service's first pass records an execution that happened on chain while the portal was down, and anchors the audit log.</summary>
    [Fact]
    public async Task ChainReconciliation_FirstPass_RecordsAChainSideExecutionAndAnchorsTheAuditLog()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p = await SucceededAsync(s);
        await s.Registry.QueueAsync(GovernanceStack.ThirdParty, p.Id, Ct);
        await s.ReachEtaAsync(p.Id);
        await s.Registry.ExecuteAsync(GovernanceStack.ThirdParty, p.Id, p.Payload(), Ct);
        var options = Options.Create(new GovernanceRulesOptions { ChainId = DevelopmentKeys.LocalChainId, RegistryAddress = s.Registry.Address.ToString() });
        using var reconciliation = new ChainReconciliation(s.Service, s.Anchoring, options, s.Time, NullLogger<ChainReconciliation>.Instance);

        await reconciliation.StartAsync(Ct);
        await reconciliation.FirstPass.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await reconciliation.StopAsync(Ct);

        Assert.Equal(0, reconciliation.FailedPasses);
        Assert.Equal(ProposalState.Executed, (await s.GetAsync(p.Id)).State);
        var entries = await s.Audit.ListAsync(null, Ct);
        var anchor = await s.Gateway.GetAuditAnchorAsync(Ct);
        Assert.Equal((entries.Count, entries[^1].Hash), (anchor!.Entries, anchor.Head));
    }
}
