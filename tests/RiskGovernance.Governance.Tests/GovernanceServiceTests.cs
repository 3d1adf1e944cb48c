using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;
using RegistryState = RiskGovernance.Governance.Ports.RegistryProposalState;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The governance service over in-memory stores and <see cref="FakeRegistryGateway"/>, which stands
/// for the registry: "on chain" in a scenario here is the fake's state. The service against the real
/// registry on anvil is <see cref="GovernanceChainTests"/>.
/// </summary>
public sealed class GovernanceServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static DraftParametersCommand Command(string? json = null, int author = 1)
        => new("Raise BTC scan range", "BTC realised volatility rose.", Samples.Member(author), json ?? Samples.ParamsWithBtcScanRange(0.18));

    private static async Task<Proposal> ActiveAsync(GovernanceWorld w, string? json = null)
    {
        var p = await w.Service.DraftParametersAsync(Command(json), Ct);
        await w.Service.AttachSimulationAsync(p.Id, Samples.Member(1), Samples.Market(), Samples.Book(), Ct);
        return await w.Service.OpenAsync(p.Id, Samples.Member(1), Ct);
    }

    internal static async Task<Proposal> SucceededAsync(GovernanceWorld w)
    {
        var p = await ActiveAsync(w);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 3, BallotSupport.For), Ct);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 1, BallotSupport.For, "agreed"), Ct);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 2, BallotSupport.Against), Ct);
        w.Time.Advance(TimeSpan.FromDays(3));
        return await w.Service.FinalizeAsync(p.Id, Ct);
    }

    [Fact]
    public async Task FullLifecycle_DraftToExecuted_RatifiesSetAndWritesVerifiableAudit()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        Assert.Equal(ProposalState.Succeeded, p.State);
        var change = Assert.Single(p.Changes);
        Assert.Equal("assets.BTC.scanRange", change.Field);
        Assert.False(change.ExceedsStepBound);

        var queued = await w.Service.QueueAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Queued, queued.State);
        Assert.Equal(Hash32.Keccak($"queue {p.Id}"), queued.QueueTransactionHash);
        Assert.Equal(w.Time.GetUtcNow().AddDays(1), queued.Eta);
        Assert.Equal(2, w.Registry.SubmittedSignatures.Single().Count); // the For ballots only

        await Assert.ThrowsAsync<IllegalTransitionException>(() => w.Service.ExecuteAsync(p.Id, Ct)); // timelock
        w.Time.Advance(TimeSpan.FromDays(1));
        var executed = await w.Service.ExecuteAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Executed, executed.State);
        Assert.Equal(2, executed.ExecutedVersion);
        Assert.Equal(new Ports.RatifiedParameterSet(2, executed.ParamsJson!, executed.ParamsHash), w.Committee.Ratified);
        Assert.Equal((1, 1), (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions));

        await Assert.ThrowsAsync<IllegalTransitionException>(() => w.Service.QueueAsync(p.Id, Ct));
        Assert.Equal(1, w.Registry.QueueTransactions);

        Assert.True((await w.Audit.VerifyAsync(Ct)).IsValid);
        Assert.Equal(
            ["proposal.created", "proposal.simulated", "proposal.active", "vote.cast", "vote.cast", "vote.cast", "proposal.succeeded", "proposal.queued", "proposal.executed"],
            w.Audit.Entries.Select(e => e.Event.Action));
        Assert.All(executed.Votes, v => Assert.True(w.Service.VerifyVote(v)));
    }

    [Fact]
    public async Task DraftParameters_TwoChanges_DiffListsFieldOldAndNewAgainstRatifiedVersion()
    {
        var w = new GovernanceWorld();
        var json = Samples.ParamsWithBtcScanRange(0.18)
            .Replace("[[1.0, 0.85, 0.70], [0.85, 1.0, 0.75]", "[[1.0, 0.80, 0.70], [0.80, 1.0, 0.75]", StringComparison.Ordinal);
        var p = await w.Service.DraftParametersAsync(Command(json), Ct);
        Assert.Equal(
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.18", false), new ParameterChange("correlation.BTC.ETH", "0.85", "0.8", false)],
            p.Changes);
        Assert.Equal(1, p.BaseVersion);
        Assert.Equal(Samples.Ratified().ParamsHash, p.BaseParamsHash);
        Assert.Equal(Registry.OnChainParameterCodec.ParamsHash(Engine.Json.ParameterSetJson.Read(json)), p.ParamsHash);
        Assert.Equal(ProposalState.Draft, p.State);
        Assert.Equal("proposal.created", Assert.Single(w.Audit.Entries).Event.Action);
    }

    [Fact]
    public async Task Open_BeforeSimulation_Illegal()
    {
        var w = new GovernanceWorld();
        var p = await w.Service.DraftParametersAsync(Command(), Ct);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => w.Service.OpenAsync(p.Id, Samples.Member(1), Ct));
        Assert.Equal(ProposalState.Draft, (await w.Proposals.GetAsync(p.Id, Ct))!.State);
    }

    [Fact]
    public async Task DraftParameters_NonMemberAuthor_RejectedNamingAuthorAndNothingStored()
    {
        var w = new GovernanceWorld();
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.DraftParametersAsync(Command(author: 9), Ct));
        Assert.Equal("author", ex.Errors.Single().Field);
        Assert.Empty(await w.Proposals.ListAsync(null, Ct));
        Assert.Empty(w.Audit.Entries);
    }

    [Fact]
    public async Task DraftParameters_InvalidSet_RejectedNamingParamsField()
    {
        var w = new GovernanceWorld();
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.DraftParametersAsync(Command(Samples.ParamsWithBtcScanRange(-0.1)), Ct));
        Assert.Contains(ex.Errors, e => e.Field == "params.assets.BTC.scanRange");
        Assert.Empty(await w.Proposals.ListAsync(null, Ct));
    }

    [Fact]
    public async Task DraftParameters_OutsideHardLimit_RejectedNamingField()
    {
        var w = new GovernanceWorld();
        var json = Samples.ParamsJson().Replace("\"haircut\": 0.05", "\"haircut\": 0.95", StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.DraftParametersAsync(Command(json), Ct));
        Assert.Equal("params.assets.BTC.haircut", ex.Errors.Single().Field);
        Assert.Empty(await w.Proposals.ListAsync(null, Ct));
    }

    [Fact]
    public async Task DraftParameters_IdenticalToRatified_RejectedNamingParams()
    {
        var w = new GovernanceWorld();
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.DraftParametersAsync(Command(Samples.ParamsJson()), Ct));
        Assert.Equal("params", ex.Errors.Single().Field);
    }

    [Fact]
    public async Task DraftParameters_StepBoundExceeded_NeedsSupermajority()
    {
        var w = new GovernanceWorld();
        var p = await ActiveAsync(w, Samples.ParamsWithBtcScanRange(0.3));
        Assert.True(p.RequiresSupermajority);
        Assert.True(p.Changes.Single().ExceedsStepBound);
        Assert.Equal(MajorityRule.Supermajority, p.Rules!.Majority);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 3, BallotSupport.For), Ct);     // 4
        await w.Service.CastVoteAsync(Samples.Ballot(p, 2, BallotSupport.Against), Ct); // 3: 4/7 < 0.75
        w.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(ProposalState.Defeated, (await w.Service.FinalizeAsync(p.Id, Ct)).State); // a simple majority would have passed
    }

    [Fact]
    public async Task AttachSimulation_RatifiedSetChangedSinceDraft_RejectedNamingRatified()
    {
        var w = new GovernanceWorld();
        var p = await w.Service.DraftParametersAsync(Command(), Ct);
        await w.Committee.SetRatifiedAsync(new Ports.RatifiedParameterSet(5, p.ParamsJson!, p.ParamsHash), Ct);
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.AttachSimulationAsync(p.Id, Samples.Member(1), Samples.Market(), Samples.Book(), Ct));
        Assert.Equal("ratified", ex.Errors.Single().Field);
    }

    [Fact]
    public async Task CastVote_ForgedBallot_RejectedAndNothingSaved()
    {
        var w = new GovernanceWorld();
        var p = await ActiveAsync(w);
        var saves = w.Proposals.Saves;
        var audit = w.Audit.Entries.Count;
        var forged = Samples.Ballot(p, 3, BallotSupport.For) with { Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 9) };
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.CastVoteAsync(forged, Ct));
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Equal((saves, audit), (w.Proposals.Saves, w.Audit.Entries.Count));
        Assert.Empty((await w.Proposals.GetAsync(p.Id, Ct))!.Votes);
    }

    [Fact]
    public async Task CastVote_UnknownProposal_NotFound()
    {
        var w = new GovernanceWorld();
        var p = Samples.Active();
        var ex = await Assert.ThrowsAsync<ProposalNotFoundException>(() => w.Service.CastVoteAsync(Samples.Ballot(p, 1, BallotSupport.For), Ct));
        Assert.StartsWith("proposalId:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CastVote_ConcurrencyConflicts_RetriedAndCountedOnce()
    {
        var w = new GovernanceWorld();
        var p = await ActiveAsync(w);
        w.Proposals.InjectConflicts = 3;
        await w.Service.CastVoteAsync(Samples.Ballot(p, 3, BallotSupport.For), Ct);
        var stored = (await w.Proposals.GetAsync(p.Id, Ct))!;
        Assert.Single(stored.Votes);
        Assert.Equal(3, w.Proposals.Conflicts);
        Assert.Single(w.Audit.Entries, e => e.Event.Action == "vote.cast");
    }

    [Fact]
    public async Task CastVote_TenMembersConcurrently_NoneLostNoneDoubled()
    {
        var w = new GovernanceWorld(GovernanceWorld.TenMembers());
        var p = await ActiveAsync(w);
        var ballots = Enumerable.Range(0, 10).Select(i => Samples.Ballot(p, i, i % 3 == 0 ? BallotSupport.Against : BallotSupport.For)).ToList();
        await Task.WhenAll(ballots.Select(b => Task.Run(() => w.Service.CastVoteAsync(b, Ct))));
        var stored = (await w.Proposals.GetAsync(p.Id, Ct))!;
        Assert.Equal(10, stored.Votes.Count);
        Assert.Equal(10, stored.Votes.Select(v => v.Voter).Distinct().Count());
        Assert.Equal((6L, 4L), (stored.Tally!.For, stored.Tally.Against));
        Assert.Equal(10, w.Audit.Entries.Count(e => e.Event.Action == "vote.cast"));
        Assert.True((await w.Audit.VerifyAsync(Ct)).IsValid);
    }

    /// <summary>With the fake gateway standing for the registry; the veto on the real registry is
    /// GovernanceChainTests.Veto_GuardianWhileQueued_VetoedOnTheRealRegistryAndLocallyAndNeverExecuted.</summary>
    [Fact]
    public async Task Veto_GuardianWhileQueued_VetoSentToTheFakeGatewayAndRecordedLocally()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        await w.Service.QueueAsync(p.Id, Ct);
        var vetoed = await w.Service.VetoAsync(p.Id, Samples.Member(0), Ct);
        Assert.Equal(ProposalState.Vetoed, vetoed.State);
        Assert.Equal(1, w.Registry.Vetoes);
        Assert.Equal(Hash32.Keccak($"veto {p.Id}"), vetoed.Timeline[^1].TransactionHash);
        Assert.Equal(RegistryState.Vetoed, (await w.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Veto_NonGuardian_RejectedNamingActorAndNothingSent()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        await w.Service.QueueAsync(p.Id, Ct);
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => w.Service.VetoAsync(p.Id, Samples.Member(3), Ct));
        Assert.Equal("actor", ex.Errors.Single().Field);
        Assert.Equal(0, w.Registry.Vetoes);
        Assert.Equal(ProposalState.Queued, (await w.Proposals.GetAsync(p.Id, Ct))!.State);
    }

    [Fact]
    public async Task Cancel_GuardianWhileQueued_VetoSentToTheFakeGatewayThenCanceled()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        await w.Service.QueueAsync(p.Id, Ct);
        var canceled = await w.Service.CancelAsync(p.Id, Samples.Member(0), Ct);
        Assert.Equal(ProposalState.Canceled, canceled.State);
        Assert.Equal(1, w.Registry.Vetoes);
    }

    [Fact]
    public async Task Cancel_AuthorWhileDraft_CanceledWithoutChain()
    {
        var w = new GovernanceWorld();
        var p = await w.Service.DraftParametersAsync(Command(), Ct);
        Assert.Equal(ProposalState.Canceled, (await w.Service.CancelAsync(p.Id, Samples.Member(1), Ct)).State);
        Assert.Equal(0, w.Registry.Vetoes);
    }

    [Fact]
    public async Task Queue_ZeroTimelock_ExecutedAtOnce()
    {
        var w = new GovernanceWorld(timelock: TimeSpan.Zero);
        var p = await SucceededAsync(w);
        var done = await w.Service.QueueAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Executed, done.State);
        Assert.Equal([ProposalState.Queued, ProposalState.Executed], done.Timeline.Skip(3).Select(t => t.To));
    }

    [Fact]
    public async Task Expire_AfterGrace_Expired()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        await w.Service.QueueAsync(p.Id, Ct);
        w.Time.Advance(TimeSpan.FromDays(8).Add(TimeSpan.FromSeconds(1)));
        Assert.Equal(ProposalState.Expired, (await w.Service.ExpireAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Reconcile_ExecutedOnChainButNotRecorded_RecordsExecutionWithoutPushing()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        // A push that crashed after the chain executed it: the chain and the journal know, the proposal does not.
        await w.Registry.PushParametersAsync(p.Id,
            Registry.OnChainParameterCodec.ToOnChain(Engine.Json.ParameterSetJson.Read(p.ParamsJson!)), [], Ct);
        w.Time.Advance(TimeSpan.FromDays(1));
        await w.Registry.PushParametersAsync(p.Id,
            Registry.OnChainParameterCodec.ToOnChain(Engine.Json.ParameterSetJson.Read(p.ParamsJson!)), [], Ct);
        var pushes = (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions);

        var changed = await w.Service.ReconcileAsync(Ct);

        Assert.Equal(new ReconciledProposal(p.Id, ProposalState.Succeeded, ProposalState.Executed), Assert.Single(changed));
        var stored = (await w.Proposals.GetAsync(p.Id, Ct))!;
        Assert.Equal(Hash32.Keccak($"queue {p.Id}"), stored.QueueTransactionHash);
        Assert.Equal(Hash32.Keccak($"execute {p.Id}"), stored.ExecuteTransactionHash);
        Assert.Equal(2, w.Committee.Ratified!.Version);
        Assert.Equal(pushes, (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions));
        Assert.Empty(await w.Service.ReconcileAsync(Ct));
    }

    [Fact]
    public async Task Reconcile_CrashAfterExecutionSavedBeforeRatifiedWritten_AppliesRatifiedSet()
    {
        var w = new GovernanceWorld(timelock: TimeSpan.Zero);
        var p = await SucceededAsync(w);
        var before = w.Committee.Ratified!.Version;
        w.Committee.FailNextRatifiedWrite = true;

        await Assert.ThrowsAsync<IOException>(() => w.Service.QueueAsync(p.Id, Ct));
        Assert.Equal(ProposalState.Executed, (await w.Proposals.GetAsync(p.Id, Ct))!.State);
        Assert.Equal(before, w.Committee.Ratified!.Version);
        var pushes = (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions);

        Assert.Empty(await w.Service.ReconcileAsync(Ct));

        Assert.Equal(before + 1, w.Committee.Ratified!.Version);
        Assert.Equal(p.ParamsHash, w.Committee.Ratified.ParamsHash);
        Assert.Equal(pushes, (w.Registry.QueueTransactions, w.Registry.ExecuteTransactions));
    }

    [Fact]
    public async Task Reconcile_QueuedOnChain_RecordsQueuedWithChainEta()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        var eta = w.Time.GetUtcNow().AddDays(1).ToUnixTimeSeconds();
        w.Registry.SetChainState(p.Id, RegistryState.Queued, eta, p.ParamsHash, 0);
        await w.Service.ReconcileAsync(Ct);
        var stored = (await w.Proposals.GetAsync(p.Id, Ct))!;
        Assert.Equal(ProposalState.Queued, stored.State);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(eta), stored.Eta);
        Assert.Equal(0, w.Registry.QueueTransactions);
    }

    [Fact]
    public async Task Reconcile_VetoedOnChain_RecordsVeto()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        await w.Service.QueueAsync(p.Id, Ct);
        w.Registry.SetChainState(p.Id, RegistryState.Vetoed, 0, p.ParamsHash, 0);
        var changed = await w.Service.ReconcileAsync(Ct);
        Assert.Equal(ProposalState.Vetoed, changed.Single().To);
    }

    [Fact]
    public async Task Reconcile_UnknownOnChain_Unchanged()
    {
        var w = new GovernanceWorld();
        var p = await SucceededAsync(w);
        Assert.Empty(await w.Service.ReconcileAsync(Ct));
        Assert.Equal(ProposalState.Succeeded, (await w.Proposals.GetAsync(p.Id, Ct))!.State);
    }

    [Fact]
    public async Task Membership_Executed_ReplacesCommittee()
    {
        var w = new GovernanceWorld(timelock: TimeSpan.Zero);
        var members = new List<CommitteeMember>
        {
            new(Samples.Member(0), "guardian", 1, CommitteeRole.Guardian),
            new(Samples.Member(5), "newcomer", 5, CommitteeRole.Member),
        };
        var p = await w.Service.DraftMembershipAsync(new DraftMembershipCommand("Rotate", "Member 5 joins", Samples.Member(1), members, 6000), Ct);
        await w.Service.OpenAsync(p.Id, Samples.Member(1), Ct);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 3, BallotSupport.For), Ct);
        await w.Service.CastVoteAsync(Samples.Ballot(p, 2, BallotSupport.For), Ct);
        w.Time.Advance(TimeSpan.FromDays(3));
        await w.Service.FinalizeAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Executed, (await w.Service.QueueAsync(p.Id, Ct)).State);
        Assert.Equal([Samples.Member(0), Samples.Member(5)], w.Committee.Committee.Members.Select(m => m.Address));
    }

    [Fact]
    public void Constructor_InvalidOptions_RejectedNamingFields()
    {
        var w = new GovernanceWorld();
        var ex = Assert.Throws<InputValidationException>(() => new GovernanceService(w.Proposals, w.Committee, w.Registry, Samples.Ballots, w.Time,
            new GovernanceRulesOptions { ChainId = Samples.ChainId, RegistryAddress = "" }, new Bounds.ParameterBoundsOptions()));
        Assert.Equal("Governance:RegistryAddress", ex.Errors.Single().Field);
    }
}
