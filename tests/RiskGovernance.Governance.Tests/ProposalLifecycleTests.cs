using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class ProposalLifecycleTests
{
    private static readonly Hash32 QueueTx = Hash32.Keccak("queue tx");
    private static readonly Hash32 ExecuteTx = Hash32.Keccak("execute tx");
    private static readonly DateTimeOffset AfterVoting = Samples.Start.AddDays(3);
    private static readonly DateTimeOffset Eta = AfterVoting.AddDays(1);

    /// <summary>A proposal brought to <paramref name="state"/> through legal transitions.</summary>
    private static Proposal InState(ProposalState state)
    {
        var p = Samples.Draft();
        var c = Samples.Committee();
        switch (state)
        {
            case ProposalState.Draft:
                return p;
            case ProposalState.Canceled:
                p.Cancel(Samples.Member(1), c, null, Samples.Start);
                return p;
        }

        p.Open(c, Samples.Rules(), Samples.Member(1), Samples.Start);
        if (state == ProposalState.Active)
        {
            return p;
        }

        if (state == ProposalState.Defeated)
        {
            p.CastVote(Samples.Ballot(p, 3, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
            p.Finalize(AfterVoting);
            return p;
        }

        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.Finalize(AfterVoting);
        if (state == ProposalState.Succeeded)
        {
            return p;
        }

        p.MarkQueued(QueueTx, Eta, "system", AfterVoting);
        switch (state)
        {
            case ProposalState.Queued:
                return p;
            case ProposalState.Executed:
                p.MarkExecuted(ExecuteTx, 2, "system", Eta);
                return p;
            case ProposalState.Vetoed:
                p.Veto(Samples.Member(0), c, null, Eta);
                return p;
            case ProposalState.Expired:
                p.Expire(Eta.AddDays(8));
                return p;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
    }

    public static TheoryData<ProposalState> AllStates() => [.. Enum.GetValues<ProposalState>()];

    [Theory]
    [MemberData(nameof(AllStates))]
    public void InState_EveryState_Reachable(ProposalState state) => Assert.Equal(state, InState(state).State);

    [Fact]
    public void FullPath_DraftToExecuted_TimelineWithTimesAndTransactions()
    {
        var p = InState(ProposalState.Executed);
        Assert.Equal(
            [ProposalState.Draft, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed],
            p.Timeline.Select(t => t.To));
        Assert.Null(p.Timeline[0].From);
        Assert.Equal(QueueTx, p.Timeline[3].TransactionHash);
        Assert.Equal(ExecuteTx, p.Timeline[4].TransactionHash);
        Assert.Equal(Eta, p.Timeline[4].At);
        Assert.Equal(2, p.ExecutedVersion);
        Assert.Equal(Eta, p.Eta);
    }

    [Fact]
    public void Open_Draft_FreezesSnapshotRulesAndDeadline()
    {
        var p = Samples.Draft();
        p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(1), Samples.Start);
        Assert.Equal(ProposalState.Active, p.State);
        Assert.Equal(10, p.Snapshot!.TotalWeight);
        Assert.Equal(Samples.Start.AddDays(3), p.VotingEndsAt);
        Assert.Equal(MajorityRule.Simple, p.Rules!.Majority);
    }

    [Fact]
    public void Open_StepBoundExceeded_RulesRequireSupermajority()
    {
        var p = Samples.Draft(requiresSupermajority: true);
        p.Open(Samples.Committee(), Samples.Rules(MajorityRule.Simple), Samples.Member(1), Samples.Start);
        Assert.Equal(MajorityRule.Supermajority, p.Rules!.Majority);
    }

    [Fact]
    public void Open_WithoutSimulation_IllegalAndUnchanged()
    {
        var p = Samples.Draft(withSimulation: false);
        var ex = Assert.Throws<IllegalTransitionException>(() => p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(1), Samples.Start));
        Assert.Contains("simulation", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ProposalState.Draft, p.State);
        Assert.Null(p.Rules);
    }

    [Fact]
    public void Open_ByAnotherMember_RejectedNamingActor()
    {
        var p = Samples.Draft();
        var ex = Assert.Throws<InputValidationException>(() => p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(2), Samples.Start));
        Assert.Equal("actor", ex.Errors.Single().Field);
        Assert.Equal(ProposalState.Draft, p.State);
    }

    [Fact]
    public void AttachSimulation_OfAnotherSet_RejectedNamingField()
    {
        var p = Samples.Draft(withSimulation: false);
        var ex = Assert.Throws<InputValidationException>(() =>
            p.AttachSimulation(Samples.FakeSimulation(p.BaseParamsHash, Hash32.Keccak("other")), Samples.Member(1), Samples.Start));
        Assert.Equal("simulation.proposedParamsHash", ex.Errors.Single().Field);
        Assert.Null(p.Simulation);
    }

    [Fact]
    public void Finalize_QuorumAndMajority_Succeeded()
        => Assert.Equal(ProposalState.Succeeded, InState(ProposalState.Succeeded).State);

    [Fact]
    public void Finalize_NoQuorum_Defeated()
    {
        var p = InState(ProposalState.Active);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // 4 of 10 < 5
        p.Finalize(AfterVoting);
        Assert.Equal(ProposalState.Defeated, p.State);
    }

    [Fact]
    public void Finalize_MoreAgainst_Defeated()
    {
        var p = InState(ProposalState.Active);
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.Finalize(AfterVoting);
        Assert.Equal(ProposalState.Defeated, p.State);
    }

    [Fact]
    public void Finalize_SupermajorityRequiredAndMissed_Defeated()
    {
        var p = Samples.Draft(requiresSupermajority: true);
        p.Open(Samples.Committee(), Samples.Rules(supermajority: 0.75m), Samples.Member(1), Samples.Start);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));     // 4
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // 3: 4/7 = 0.57
        p.Finalize(AfterVoting);
        Assert.Equal(ProposalState.Defeated, p.State);
    }

    [Fact]
    public void Finalize_SupermajorityReached_Succeeded()
    {
        var p = Samples.Draft(requiresSupermajority: true);
        p.Open(Samples.Committee(), Samples.Rules(supermajority: 0.75m), Samples.Member(1), Samples.Start);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));     // 4
        p.CastVote(Samples.Ballot(p, 0, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // 1: 4/5 = 0.8
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.Abstain), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // quorum 4 + 2 = 6
        p.Finalize(AfterVoting);
        Assert.Equal(ProposalState.Succeeded, p.State);
    }

    [Fact]
    public void Finalize_BeforeDeadline_Illegal()
    {
        var p = InState(ProposalState.Active);
        var ex = Assert.Throws<IllegalTransitionException>(() => p.Finalize(AfterVoting.AddTicks(-1)));
        Assert.Equal(ProposalState.Active, ex.State);
        Assert.Equal(ProposalState.Active, p.State);
    }

    [Fact]
    public void Cancel_AuthorWhileDraft_Canceled()
    {
        var p = Samples.Draft();
        p.Cancel(Samples.Member(1), Samples.Committee(), null, Samples.Start);
        Assert.Equal(ProposalState.Canceled, p.State);
    }

    [Theory]
    [InlineData(ProposalState.Draft)]
    [InlineData(ProposalState.Active)]
    [InlineData(ProposalState.Succeeded)]
    [InlineData(ProposalState.Queued)]
    public void Cancel_GuardianBeforeExecution_Canceled(ProposalState state)
    {
        var p = InState(state);
        p.Cancel(Samples.Member(0), Samples.Committee(), null, Eta);
        Assert.Equal(ProposalState.Canceled, p.State);
        Assert.Equal("cancel", p.Timeline[^1].Action);
    }

    [Theory]
    [InlineData(ProposalState.Active)]
    [InlineData(ProposalState.Succeeded)]
    [InlineData(ProposalState.Queued)]
    public void Cancel_AuthorAfterDraft_RejectedNamingActor(ProposalState state)
    {
        var p = InState(state);
        var ex = Assert.Throws<InputValidationException>(() => p.Cancel(Samples.Member(1), Samples.Committee(), null, Eta));
        Assert.Equal("actor", ex.Errors.Single().Field);
        Assert.Equal(state, p.State);
    }

    [Fact]
    public void Cancel_OtherMemberWhileDraft_RejectedNamingActor()
    {
        var p = Samples.Draft();
        Assert.Equal("actor", Assert.Throws<InputValidationException>(() => p.Cancel(Samples.Member(2), Samples.Committee(), null, Samples.Start)).Errors.Single().Field);
        Assert.Equal(ProposalState.Draft, p.State);
    }

    [Theory]
    [InlineData(ProposalState.Defeated)]
    [InlineData(ProposalState.Executed)]
    [InlineData(ProposalState.Canceled)]
    [InlineData(ProposalState.Vetoed)]
    [InlineData(ProposalState.Expired)]
    public void Cancel_AfterTheEnd_Illegal(ProposalState state)
    {
        var p = InState(state);
        var revision = p.Revision;
        var ex = Assert.Throws<IllegalTransitionException>(() => p.Cancel(Samples.Member(0), Samples.Committee(), null, Eta));
        Assert.Equal($"cannot cancel a proposal in state {state}.", ex.Message);
        Assert.Equal(revision, p.Revision);
    }

    [Fact]
    public void Veto_GuardianWhileQueued_Vetoed()
        => Assert.Equal(ProposalState.Vetoed, InState(ProposalState.Vetoed).State);

    [Fact]
    public void Veto_NonGuardian_RejectedNamingActor()
    {
        var p = InState(ProposalState.Queued);
        Assert.Equal("actor", Assert.Throws<InputValidationException>(() => p.Veto(Samples.Member(3), Samples.Committee(), null, Eta)).Errors.Single().Field);
        Assert.Equal(ProposalState.Queued, p.State);
    }

    [Theory]
    [InlineData(ProposalState.Draft)]
    [InlineData(ProposalState.Active)]
    [InlineData(ProposalState.Succeeded)]
    [InlineData(ProposalState.Executed)]
    public void Veto_NotQueued_Illegal(ProposalState state)
    {
        var p = InState(state);
        Assert.Throws<IllegalTransitionException>(() => p.Veto(Samples.Member(0), Samples.Committee(), null, Eta));
        Assert.Equal(state, p.State);
    }

    [Fact]
    public void Expire_WithinGrace_Illegal()
    {
        var p = InState(ProposalState.Queued);
        Assert.Throws<IllegalTransitionException>(() => p.Expire(Eta.AddDays(7)));
        Assert.Equal(ProposalState.Queued, p.State);
    }

    [Fact]
    public void Expire_AfterGrace_Expired()
    {
        var p = InState(ProposalState.Queued);
        p.Expire(Eta.AddDays(7).AddSeconds(1));
        Assert.Equal(ProposalState.Expired, p.State);
    }

    public static TheoryData<ProposalState, string> IllegalActions()
    {
        var data = new TheoryData<ProposalState, string>();
        foreach (var s in Enum.GetValues<ProposalState>())
        {
            if (s != ProposalState.Draft) { data.Add(s, "open"); }
            if (s != ProposalState.Active) { data.Add(s, "vote on"); data.Add(s, "finalize"); }
            if (s != ProposalState.Succeeded) { data.Add(s, "queue"); }
            if (s != ProposalState.Queued) { data.Add(s, "execute"); data.Add(s, "expire"); }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalActions))]
    public void Action_InWrongState_ThrowsNamingStateAndActionAndChangesNothing(ProposalState state, string action)
    {
        var p = InState(state);
        var revision = p.Revision;
        var timeline = p.Timeline.Count;
        var pending = p.PendingAuditEvents.Count;
        var late = Eta.AddDays(30);
        Action act = action switch
        {
            "open" => () => p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(1), late),
            "vote on" => () => p.CastVote(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)),
            "finalize" => () => p.Finalize(late),
            "queue" => () => p.MarkQueued(QueueTx, Eta, "system", late),
            "execute" => () => p.MarkExecuted(ExecuteTx, 3, "system", late),
            "expire" => () => p.Expire(late),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var ex = Assert.Throws<IllegalTransitionException>(act);
        Assert.Equal(state, ex.State);
        Assert.StartsWith($"cannot {action} a proposal in state {state}", ex.Message, StringComparison.Ordinal);
        Assert.Equal((revision, timeline, pending, state), (p.Revision, p.Timeline.Count, p.PendingAuditEvents.Count, p.State));
    }

    [Fact]
    public void Changes_RaiseAuditEvents_ForEveryStateChangeAndVote()
    {
        var p = InState(ProposalState.Executed);
        Assert.Equal(
            ["proposal.created", "proposal.simulated", "proposal.active", "vote.cast", "vote.cast", "proposal.succeeded", "proposal.queued", "proposal.executed"],
            p.PendingAuditEvents.Select(e => e.Action));
        Assert.All(p.PendingAuditEvents, e => Assert.Equal(p.Id.ToString(), e.Subject));
        Assert.Contains("\"signature\":\"0x", p.PendingAuditEvents[3].PayloadJson, StringComparison.Ordinal);
        p.ClearPendingAuditEvents();
        Assert.Empty(p.PendingAuditEvents);
    }

    [Fact]
    public void DraftParameters_BadTitleAndRationale_RejectedNamingFields()
    {
        var ex = Assert.Throws<InputValidationException>(() => Proposal.DraftParameters(Hash32.Keccak("x"), " ", "", Samples.Member(1), "{}",
            Hash32.Keccak("p"), 1, Hash32.Keccak("b"), [], false, Samples.Start));
        Assert.Equal(["title", "rationale"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void DraftMembership_DuplicateMemberAndBadThreshold_RejectedNamingFields()
    {
        var m = Samples.Committee().Members;
        var ex = Assert.Throws<InputValidationException>(() => Proposal.DraftMembership(Hash32.Keccak("m"), "New committee", "Rotation", Samples.Member(1),
            [m[0], m[1], m[1]], 0, Samples.Ballots.MembershipHash([m[0], m[1], m[1]], 0), Samples.Start));
        Assert.Contains(ex.Errors, e => e.Field == "membership.thresholdBps");
        Assert.Contains(ex.Errors, e => e.Field == "membership.committee.members[2].address");
    }

    [Fact]
    public void DraftMembership_Valid_HashIsRegistryMembershipHash()
    {
        var m = Samples.Committee().Members;
        var expected = BallotTypedData.MembershipHash([m[1].Address, m[2].Address], [m[1].Weight, m[2].Weight], 6000);
        var p = Proposal.DraftMembership(Hash32.Keccak("m"), "New committee", "Rotation", Samples.Member(1), [m[1], m[2]], 6000,
            Samples.Ballots.MembershipHash([m[1], m[2]], 6000), Samples.Start);
        Assert.Equal(expected, p.ParamsHash);
        p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(1), Samples.Start); // no simulation needed
        Assert.Equal(ProposalState.Active, p.State);
    }
}
