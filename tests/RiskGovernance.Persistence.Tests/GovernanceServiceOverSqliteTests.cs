using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The real governance service on the real registry (anvil, through the real adapter) and the real
/// SQLite repository, roster and audit log. The registry decides: these tests check that what the
/// portal records (state, voting end, tally, actors) is what the chain did.
/// </summary>
public sealed class GovernanceServiceOverSqliteTests(TemporaryDirectory directory, AnvilFixture node)
    : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>
    /// Draft -&gt; Executed with a different member at each step: the timeline and the audit log name
    /// each one; the registry holds the set as version 2; the audit log is anchored after the execution.
    /// </summary>
    [Fact]
    public async Task FullLifecycle_EachStepByAnotherMember_TimelineAndAuditRecordEveryActorAndTheChainHoldsTheSet()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var (ada, ben, cy, dana, eve) = (s[0].Address.ToString(), s[1].Address.ToString(), s[2].Address.ToString(), s[3].Address.ToString(), s[4].Address.ToString());
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await s.VoteAsync(open, BallotSupport.For, 0, 1);
        await s.EndVotingAsync(open.Id);

        var finalized = await s.Service.FinalizeAsync(open.Id, s[2].Address, Ct);
        var queued = await s.Service.QueueAsync(open.Id, s[3].Address, Ct);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.ExecuteAsync(open.Id, s[4].Address, Ct)); // timelock
        await s.ReachEtaAsync(open.Id);
        var executed = await s.Service.ExecuteAsync(open.Id, s[4].Address, Ct);

        Assert.Equal((ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed), (finalized.State, queued.State, executed.State));
        Assert.Equal(
            [("create", ada), ("open", ada), ("finalize", cy), ("queue", dana), ("execute", eve)],
            executed.Timeline.Select(t => (t.Action, t.Actor)));
        var journal = (await s.Journal.FindAsync(s.Registry.Address, open.Id, Ct))!;
        Assert.Equal(
            [open.OpenTransactionHash, null, journal.Queue!.Hash, journal.Execute!.Hash],
            executed.Timeline.Skip(1).Select(t => t.TransactionHash));
        Assert.NotNull(open.OpenTransactionHash);
        Assert.Equal(
            [
                ("proposal.created", ada), ("proposal.simulated", ada), ("proposal.active", ada), ("vote.cast", ada), ("vote.cast", ben),
                ("proposal.succeeded", cy), ("proposal.queued", dana), ("proposal.executed", eve),
            ],
            await s.AuditOfAsync(open.Id));

        var chain = await s.Registry.GetProposalAsync(open.Id, Ct);
        Assert.Equal((RegistryProposalState.Executed, 2L, chain.Eta), (chain.State, chain.ExecutedVersion, executed.Eta));
        Assert.Equal(2, executed.ExecutedVersion);
        Assert.Equal(open.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Equal(new RatifiedParameterSet(2, executed.ParamsJson!, executed.ParamsHash), await s.Service.GetInForceAsync(Ct));
        Assert.Equal(2, (await s.Roster.GetRatifiedAsync(Ct))!.Version);
        var counted = await s.Registry.GetVotesAsync(open.Id, Ct);
        Assert.Equal(counted.Select(v => (v.Voter, (Hash32?)v.TransactionHash)), executed.Votes.Select(v => (v.Voter, v.TransactionHash)));
        Assert.All(executed.Votes, v => Assert.True(s.Service.VerifyVote(v)));

        var entries = await s.Audit.ListAsync(null, Ct);
        var anchor = await s.Gateway.GetAuditAnchorAsync(Ct);
        Assert.Equal((entries.Count, entries[^1].Hash), (anchor!.Entries, anchor.Head));
        Assert.True((await s.Anchoring.VerifyAsync(Ct)).IsValid);
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
    }

    /// <summary>
    /// The case 1, the README's first clicks: committee 3, 2, 2, 2, 1; Ben For and Dana Against
    /// (2 / 2) does not pass on chain; Ada For makes it 5 / 2, quorum 5 of 10: it passes, the portal says
    /// Succeeded, the registry accepts the queue, and the set executes.
    /// </summary>
    [Fact]
    public async Task ReadmeFirstClicks_For2Against2ThenAdaFor_SucceededQueueAcceptedAndExecutes()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)), author: 1);
        await s.VoteAsync(open, BallotSupport.For, 1);
        await s.VoteAsync(open, BallotSupport.Against, 3);

        var before = await s.Gateway.GetTallyAsync(open.Id, Ct);
        await s.VoteAsync(open, BallotSupport.For, 0);
        var after = await s.Gateway.GetTallyAsync(open.Id, Ct);

        Assert.Equal((2L, 2L, 10L, 5L), (before.For, before.Against, before.TotalWeight, before.QuorumWeight));
        Assert.Equal("passes on chain: no: needs 3 more weight For", before.Verdict);
        Assert.Equal((5L, 2L, true, true), (after.For, after.Against, after.QuorumReached, after.Passes));
        Assert.Equal("passes on chain: yes", after.Verdict);

        await s.EndVotingAsync(open.Id);
        Assert.Equal(ProposalState.Succeeded, (await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct)).State);
        Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        Assert.Equal(ProposalState.Queued, (await s.Service.QueueAsync(open.Id, s[0].Address, Ct)).State);
        await s.ReachEtaAsync(open.Id);
        var executed = await s.Service.ExecuteAsync(open.Id, s[0].Address, Ct);

        Assert.Equal((ProposalState.Executed, 2L), (executed.State, executed.ExecutedVersion!.Value));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    public static TheoryData<double, int, ProposalState> TenMemberOutcomes() => new()
    {
        { 0.30, 6, ProposalState.Defeated },  // beyond the step bound: 6 / 10 = 60 % < 66.67 %
        { 0.30, 7, ProposalState.Succeeded }, // 7 / 10 = 70 %
        { 0.18, 6, ProposalState.Succeeded }, // within: For above Against
        { 0.18, 5, ProposalState.Defeated },  // a tie
    };

    /// <summary>
    /// Succeeded in the portal holds exactly when the registry accepts the queue: ten members of weight
    /// 1, all voting (For the given count, Against the rest, all at once).
    /// </summary>
    [Theory]
    [MemberData(nameof(TenMemberOutcomes))]
    public async Task TenEqualMembers_FinalizeSaysWhatTheRegistryWillDoWithTheQueue(double btcScanRange, int votesFor, ProposalState expected)
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node, GovernanceStack.TenEqualMembers);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", btcScanRange)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => s.Service.CastVoteAsync(s.Ballot(open, i, i < votesFor ? BallotSupport.For : BallotSupport.Against), Ct))));
        await s.EndVotingAsync(open.Id);

        var finalized = await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);

        Assert.Equal(expected, finalized.State);
        Assert.Equal(btcScanRange > 0.225, finalized.RequiresSupermajority);
        Assert.Equal(10, finalized.Votes.Count);
        if (expected == ProposalState.Succeeded)
        {
            Assert.Equal(ProposalState.Queued, (await s.Service.QueueAsync(open.Id, s[1].Address, Ct)).State);
        }
        else
        {
            await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.QueueAsync(open.Id, s[1].Address, Ct));
            await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(open.Id, open.Payload(), Ct));
            Assert.Equal(RegistryProposalState.Defeated, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        }
    }

    /// <summary>
    /// The case 2, replayed exactly: ten equal members, a change beyond the step bounds, 6 For /
    /// 4 Against cast concurrently. Before the end, finalize and queue are refused, and so is a queue sent
    /// to the registry directly; after it, the chain says Defeated, the portal records Defeated with the
    /// chain's tally, and the registry refuses the queue naming the missing supermajority.
    /// </summary>
    [Fact]
    public async Task TenEqualMembers_SixForFourAgainstBeyondTheStepBound_EarlyQueueRefusedThenDefeatedByTheChain()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node, GovernanceStack.TenEqualMembers);
        var draft = await s.DraftAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.30)));
        Assert.True(draft.RequiresSupermajority);
        Assert.True(Assert.Single(draft.Changes).ExceedsStepBound);
        var open = await s.Service.OpenAsync(draft.Id, s[0].Address, Ct);
        Assert.True(open.RequiresSupermajority);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => s.Service.CastVoteAsync(s.Ballot(open, i, i < 6 ? BallotSupport.For : BallotSupport.Against), Ct))));

        var stored = await s.GetAsync(open.Id);
        Assert.Equal(10, stored.Votes.Select(v => v.Voter).Distinct().Count());
        Assert.Equal((6L, 4L, 0L), GovernanceSamples.Weights(stored));
        Assert.Equal(10, (await s.Registry.GetVotesAsync(open.Id, Ct)).Count);
        Assert.Equal(10, (await s.AuditOfAsync(open.Id)).Count(e => e.Action == "vote.cast"));
        var tally = await s.Gateway.GetTallyAsync(open.Id, Ct);
        Assert.Equal((6L, 4L, false, false, 3L), (tally.For, tally.Against, tally.MajorityReached, tally.Passes, tally.ForNeeded));
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.Verdict);
        Assert.False(tally.CanStillPass);

        // Early: the portal refuses, and the registry refuses a queue sent to it directly, before anything is signed.
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        var early = await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.FinalizeAsync(open.Id, s[1].Address, Ct));
        Assert.Contains("voting on the registry ends at", early.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.QueueAsync(open.Id, s[1].Address, Ct));
        var direct = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(open.Id, open.Payload(), Ct));
        Assert.Equal(("VotingNotEnded", "proposal"), (direct.ErrorName, direct.Field));
        Assert.Contains("it cannot be queued before", direct.Message, StringComparison.Ordinal);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Null(await s.Journal.FindAsync(s.Registry.Address, open.Id, Ct));

        await s.EndVotingAsync(open.Id);
        var defeated = await s.Service.FinalizeAsync(open.Id, s[1].Address, Ct);

        Assert.Equal(ProposalState.Defeated, defeated.State);
        Assert.Equal(("finalize", s[1].Address.ToString()), (defeated.Timeline[^1].Action, defeated.Timeline[^1].Actor));
        var audit = (await s.Audit.ListAsync(open.Id.ToString(), Ct))[^1];
        Assert.Equal("proposal.defeated", audit.Event.Action);
        Assert.Contains("\"For\":6", audit.Event.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("\"Against\":4", audit.Event.PayloadJson, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.QueueAsync(open.Id, s[1].Address, Ct));
        var refused = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(open.Id, open.Payload(), Ct));
        Assert.Equal("SupermajorityNotReached", refused.ErrorName);
        Assert.Contains("needs 3 more weight For", refused.Message, StringComparison.Ordinal);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    /// <summary>
    /// Late quorum is the registry's: the vote that first reaches quorum in the last 12 hours moves the
    /// chain's voting end to its block time + 12 h, and the service records that end. Ballots are still
    /// counted after the original end; finalizing waits for the new one.
    /// </summary>
    [Fact]
    public async Task LateQuorum_VoteReachingQuorumNearTheEnd_ServiceRecordsTheChainsNewVotingEnd()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        var originalEnd = open.VotingEndsAt!.Value;
        await s.VoteAsync(open, BallotSupport.For, 1);
        await s.AdvanceAsync(originalEnd - await s.ChainTimeAsync() - TimeSpan.FromHours(2));

        await s.VoteAsync(open, BallotSupport.For, 0); // 2 + 3 = 5: quorum reached 2 hours before the end

        var stored = await s.GetAsync(open.Id);
        var chain = await s.Registry.GetProposalAsync(open.Id, Ct);
        var receipt = await s.Registry.Chain.GetReceiptAsync(stored.Votes[^1].TransactionHash!.Value, Ct);
        var voteTime = (await s.Registry.Chain.GetBlockAsync(receipt!.BlockNumber, Ct))!.Timestamp;
        Assert.Equal(voteTime + s.Rules.LateQuorumExtension, chain.VotingEnd);
        Assert.True(chain.VotingEnd > originalEnd);
        Assert.Equal(chain.VotingEnd, stored.VotingEndsAt);
        Assert.Contains("deadlineExtendedTo", (await s.Audit.ListAsync(open.Id.ToString(), Ct))[^1].Event.PayloadJson, StringComparison.Ordinal);

        await s.AdvanceAsync(originalEnd - await s.ChainTimeAsync() + TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.FinalizeAsync(open.Id, s[0].Address, Ct));
        await s.VoteAsync(open, BallotSupport.Against, 2); // after the original end, before the new one
        Assert.Equal(RegistryProposalState.Active, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);

        await s.EndVotingAsync(open.Id);
        var finalized = await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);
        Assert.Equal(ProposalState.Succeeded, finalized.State);
        Assert.Equal(3, finalized.Votes.Count);
        Assert.Equal(chain.VotingEnd, finalized.VotingEndsAt);
    }

    [Fact]
    public async Task Cancel_GuardianWhileActive_CanceledOnChainAndRecordedWithTheGuardianAsActor()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await s.VoteAsync(open, BallotSupport.For, 0);

        var refused = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CancelAsync(open.Id, s[1].Address, Ct));
        var canceled = await s.Service.CancelAsync(open.Id, s[4].Address, Ct);

        Assert.Equal("actor", refused.Errors.Single().Field);
        Assert.Equal(ProposalState.Canceled, canceled.State);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        var last = canceled.Timeline[^1];
        Assert.Equal(("cancel", s[4].Address.ToString()), (last.Action, last.Actor));
        var receipt = await s.Registry.Chain.GetReceiptAsync(last.TransactionHash!.Value, Ct);
        Assert.Equal(s.GuardianKey.Address, receipt!.From);
        Assert.Equal(("proposal.canceled", s[4].Address.ToString()), (await s.AuditOfAsync(open.Id))[^1]);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.CastVoteAsync(s.Ballot(open, 1, BallotSupport.For), Ct));
    }

    [Fact]
    public async Task Cancel_AuthorWhileDraft_CanceledWithoutTheChain()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.DraftAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);

        await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CancelAsync(draft.Id, s[2].Address, Ct));
        var canceled = await s.Service.CancelAsync(draft.Id, s[0].Address, Ct);

        Assert.Equal(ProposalState.Canceled, canceled.State);
        Assert.Equal((s[0].Address.ToString(), (Hash32?)null), (canceled.Timeline[^1].Actor, canceled.Timeline[^1].TransactionHash));
        Assert.Equal(RegistryProposalState.None, (await s.Registry.GetProposalAsync(draft.Id, Ct)).State);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
    }

    [Fact]
    public async Task Veto_GuardianWhileQueued_VetoedOnChainRecordedWithTheGuardianAndNeverExecuted()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await s.VoteAsync(open, BallotSupport.For, 0, 1);
        await s.EndVotingAsync(open.Id);
        await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);
        await s.Service.QueueAsync(open.Id, s[0].Address, Ct);

        var refused = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.VetoAsync(open.Id, s[0].Address, Ct));
        var vetoed = await s.Service.VetoAsync(open.Id, s[4].Address, Ct);

        Assert.Equal("actor", refused.Errors.Single().Field);
        Assert.Equal(ProposalState.Vetoed, vetoed.State);
        Assert.Equal(("veto", s[4].Address.ToString()), (vetoed.Timeline[^1].Action, vetoed.Timeline[^1].Actor));
        Assert.Equal(("proposal.vetoed", s[4].Address.ToString()), (await s.AuditOfAsync(open.Id))[^1]);
        var receipt = await s.Registry.Chain.GetReceiptAsync(vetoed.Timeline[^1].TransactionHash!.Value, Ct);
        Assert.True(receipt!.Succeeded);
        Assert.Equal(s.GuardianKey.Address, receipt.From);
        Assert.Equal(RegistryProposalState.Vetoed, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);

        await s.ReachEtaAsync(open.Id);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.ExecuteAsync(open.Id, s[0].Address, Ct));
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        Assert.Equal(PushOutcome.Vetoed, (await s.Gateway.PushAsync(open.Id, open.Payload(), Ct)).Outcome);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
    }

    /// <summary>The same ballot sent six times at once: the registry counts it once, the portal records it once, the others are told it was counted.</summary>
    [Fact]
    public async Task CastVote_SameBallotSixTimesConcurrently_CountedOnceOthersRejectedNamingTheVoter()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        var ballot = s.Ballot(open, 3, BallotSupport.Against, "too fast");

        var attempts = Enumerable.Range(0, 6).Select(_ => Task.Run(() => s.Service.CastVoteAsync(ballot, Ct))).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InputValidationException)
        {
            // Inspected per task below.
        }

        Assert.Equal(1, attempts.Count(t => t.IsCompletedSuccessfully));
        Assert.All(
            attempts.Where(t => !t.IsCompletedSuccessfully),
            t => Assert.Equal("ballot.voter", Assert.IsType<InputValidationException>(t.Exception!.InnerException).Errors[0].Field));
        var stored = await s.GetAsync(open.Id);
        Assert.Equal((s[3].Address, 2L), (Assert.Single(stored.Votes).Voter, stored.Votes[0].Weight));
        Assert.Single(await s.Registry.GetVotesAsync(open.Id, Ct));
        Assert.Equal(2, (await s.Gateway.GetTallyAsync(open.Id, Ct)).Against);
        Assert.Single(await s.AuditOfAsync(open.Id), e => e.Action == "vote.cast");
    }

    [Fact]
    public async Task CastVote_ForgedBallot_RejectedAndNothingRelayedOrSaved()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        var revision = (await s.GetAsync(open.Id)).Revision;
        var forged = s.Ballot(open, 2, BallotSupport.For) with { Signature = s.Ballot(open, 1, BallotSupport.For).Signature };

        var ex = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CastVoteAsync(forged, Ct));

        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal(revision, (await s.GetAsync(open.Id)).Revision);
        Assert.Empty(await s.Registry.GetVotesAsync(open.Id, Ct));
    }

    [Fact]
    public async Task DraftParameters_BadInput_RejectedNamingTheFieldAndNothingStored()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        DraftParametersCommand Command(string json, int author = 0) => new("t", "r", author < 0 ? GovernanceStack.ThirdParty.Address : s[author].Address, json);

        var outsider = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftParametersAsync(Command(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)), -1), Ct));
        var invalid = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftParametersAsync(Command(GovernanceStack.Params(("assets.BTC.scanRange", -0.1))), Ct));
        var hard = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftParametersAsync(Command(GovernanceStack.Params(("assets.BTC.haircut", 0.95))), Ct));
        var same = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftParametersAsync(Command(GovernanceStack.Params()), Ct));

        Assert.Equal("author", outsider.Errors.Single().Field);
        Assert.Contains(invalid.Errors, e => e.Field == "params.assets.BTC.scanRange");
        Assert.Equal("params.assets.BTC.haircut", hard.Errors.Single().Field);
        Assert.Contains("hard limits [0, 0.9]", hard.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal("params", same.Errors.Single().Field);
        Assert.Empty(await s.Proposals.ListAsync(null, Ct));
        Assert.Empty(await s.Audit.ListAsync(null, Ct));
    }

    [Fact]
    public async Task Open_BeforeSimulationOrByAnotherMember_RefusedAndNothingProposed()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.Service.DraftParametersAsync(
            new DraftParametersCommand("t", "r", s[0].Address, GovernanceStack.Params(("assets.BTC.scanRange", 0.18))), Ct);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);

        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.OpenAsync(draft.Id, s[0].Address, Ct));
        await s.Service.AttachSimulationAsync(draft.Id, s[0].Address, GovernanceStack.Market(), GovernanceStack.Book(), Ct);
        var other = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.OpenAsync(draft.Id, s[1].Address, Ct));

        Assert.Equal("actor", other.Errors.Single().Field);
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal(RegistryProposalState.None, (await s.Registry.GetProposalAsync(draft.Id, Ct)).State);
    }

    /// <summary>
    /// The step check the portal shows is the registry's: at exactly the 50 % step the chain's
    /// checkProposal says no supermajority and no change is flagged; just beyond it both say yes.
    /// </summary>
    [Theory]
    [InlineData(0.225, false)]
    [InlineData(0.2250001, true)]
    [InlineData(0.075, false)]
    [InlineData(0.0749999, true)]
    public async Task DraftParameters_AtAndBeyondTheStepBound_FlagsAgreeWithTheRegistrysAnswer(double btcScanRange, bool beyond)
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);

        var draft = await s.Service.DraftParametersAsync(
            new DraftParametersCommand("t", "r", s[0].Address, GovernanceStack.Params(("assets.BTC.scanRange", btcScanRange))), Ct);

        Assert.Equal(beyond, draft.RequiresSupermajority);
        Assert.Equal(beyond, Assert.Single(draft.Changes).ExceedsStepBound);
        Assert.Equal(beyond, await s.Gateway.CheckProposalAsync(draft.Payload(), draft.ParamsHash, 1, Ct));
    }

    [Fact]
    public async Task GetCommitteeRulesAndBounds_ReadFromTheRegistryWithTheRostersNames()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);

        var committee = await s.Service.GetCommitteeAsync(Ct);

        Assert.Equal(s.Members.Select(m => (m.Address, m.Name, m.Weight)), committee.Members.Select(m => (m.Address, m.DisplayName, m.Weight)));
        Assert.Equal([s[4].Address], committee.Members.Where(m => m.IsGuardian).Select(m => m.Address));
        Assert.Equal(Contracts.Registry.RegistryDefaults.Rules, await s.Service.GetRulesAsync(Ct));
        Assert.Equal(Contracts.Registry.RegistryDefaults.Bounds, await s.Service.GetBoundsAsync(Ct));
    }

    /// <summary>With a timelock of zero the registry lets the queue be followed at once by the execution: the push does both, each recorded with the member who queued.</summary>
    [Fact]
    public async Task Queue_ZeroTimelock_QueuedAndExecutedAtOnce()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node, rules: Contracts.Registry.RegistryDefaults.Rules with { TimelockDelay = TimeSpan.Zero });
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await s.VoteAsync(open, BallotSupport.For, 0, 1);
        await s.EndVotingAsync(open.Id);
        await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);

        var done = await s.Service.QueueAsync(open.Id, s[3].Address, Ct);

        Assert.Equal(ProposalState.Executed, done.State);
        Assert.Equal(
            [(ProposalState.Queued, s[3].Address.ToString()), (ProposalState.Executed, s[3].Address.ToString())],
            done.Timeline.TakeLast(2).Select(t => (t.To, t.Actor)));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task CastVote_UnknownProposal_NotFoundAndNothingRelayed()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var draft = await s.DraftAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        var ballot = s.Ballot(draft, 1, BallotSupport.For) with { ProposalId = Hash32.Keccak("no such proposal") };

        var ex = await Assert.ThrowsAsync<ProposalNotFoundException>(() => s.Service.CastVoteAsync(ballot, Ct));

        Assert.StartsWith("proposalId:", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.CastVoteAsync(s.Ballot(draft, 1, BallotSupport.For), Ct)); // a draft is not open for votes
    }
}
