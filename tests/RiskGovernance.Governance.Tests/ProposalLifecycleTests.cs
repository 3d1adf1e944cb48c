using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;
using ChainState = RiskGovernance.Governance.Ports.RegistryProposalState;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The proposal aggregate's own rules: drafting, opening from the registry's registration, and
/// every state after Draft taken from what the registry reports (<see cref="Proposal.SyncWithChain"/>),
/// each step recorded with the actor who caused it.
/// </summary>
public sealed class ProposalLifecycleTests
{
    private const string Finalizer = "0x00000000000000000000000000000000000000f1";
    private const string Queuer = "0x00000000000000000000000000000000000000f2";
    private const string Executor = "0x00000000000000000000000000000000000000f3";
    private static readonly Hash32 QueueTx = Hash32.Keccak("queue tx");
    private static readonly Hash32 ExecuteTx = Hash32.Keccak("execute tx");
    private static readonly DateTimeOffset AfterVoting = Samples.VotingEnd.AddSeconds(1);
    private static readonly DateTimeOffset Eta = AfterVoting.AddDays(1);

    /// <summary>A proposal brought to <paramref name="state"/> through what the registry reported.</summary>
    private static Proposal InState(ProposalState state)
    {
        var p = Samples.Draft();
        switch (state)
        {
            case ProposalState.Draft:
                return p;
            case ProposalState.Canceled:
                p.Cancel(Samples.Member(1).ToString(), null, "withdrawn by the author", Samples.Start);
                return p;
        }

        p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(1), Samples.OpenTx(p), Samples.Start);
        switch (state)
        {
            case ProposalState.Active:
                return p;
            case ProposalState.Defeated:
                p.SyncWithChain(Samples.Chain(p, ChainState.Defeated), null, null, Finalizer, AfterVoting);
                return p;
        }

        p.SyncWithChain(Samples.Chain(p, ChainState.Succeeded), null, null, Finalizer, AfterVoting);
        if (state == ProposalState.Succeeded)
        {
            return p;
        }

        p.SyncWithChain(Samples.Chain(p, ChainState.Queued, eta: Eta), QueueTx, null, Queuer, AfterVoting);
        switch (state)
        {
            case ProposalState.Queued:
                return p;
            case ProposalState.Executed:
                p.SyncWithChain(Samples.Chain(p, ChainState.Executed, eta: Eta, executedVersion: 2), QueueTx, ExecuteTx, Executor, Eta);
                return p;
            case ProposalState.Vetoed:
                p.Veto(Samples.Member(0).ToString(), Hash32.Keccak("veto tx"), Eta);
                return p;
            case ProposalState.Expired:
                p.SyncWithChain(Samples.Chain(p, ChainState.Expired, eta: Eta), null, null, Proposal.ChainActor, Eta.AddDays(8));
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
    public void FullPath_DraftToExecuted_TimelineRecordsEachActorTimeAndTransaction()
    {
        var p = InState(ProposalState.Executed);

        Assert.Equal(
            [ProposalState.Draft, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed],
            p.Timeline.Select(t => t.To));
        Assert.Equal(
            [Samples.Member(1).ToString(), Samples.Member(1).ToString(), Finalizer, Queuer, Executor],
            p.Timeline.Select(t => t.Actor));
        Assert.Equal(["create", "open", "finalize", "queue", "execute"], p.Timeline.Select(t => t.Action));
        Assert.Null(p.Timeline[0].From);
        Assert.Equal(Samples.OpenTx(p), p.Timeline[1].TransactionHash);
        Assert.Equal(QueueTx, p.Timeline[3].TransactionHash);
        Assert.Equal(ExecuteTx, p.Timeline[4].TransactionHash);
        Assert.Equal(Eta, p.Timeline[4].At);
        Assert.Equal((QueueTx, ExecuteTx), (p.QueueTransactionHash, p.ExecuteTransactionHash));
        Assert.Equal(2, p.ExecutedVersion);
        Assert.Equal(Eta, p.Eta);
    }

    [Fact]
    public void Changes_RaiseAuditEventsWithTheActorOfEachStep()
    {
        var p = InState(ProposalState.Executed);

        Assert.Equal(
            ["proposal.created", "proposal.simulated", "proposal.active", "proposal.succeeded", "proposal.queued", "proposal.executed"],
            p.PendingAuditEvents.Select(e => e.Action));
        Assert.Equal(
            [Samples.Member(1).ToString(), Samples.Member(1).ToString(), Samples.Member(1).ToString(), Finalizer, Queuer, Executor],
            p.PendingAuditEvents.Select(e => e.Actor));
        Assert.All(p.PendingAuditEvents, e => Assert.Equal(p.Id.ToString(), e.Subject));
        Assert.Contains(QueueTx.ToString(), p.PendingAuditEvents[4].PayloadJson, StringComparison.Ordinal);
        p.ClearPendingAuditEvents();
        Assert.Empty(p.PendingAuditEvents);
    }

    public static TheoryData<ProposalState, ChainState, bool, ProposalState[]> SyncPaths() => new()
    {
        // From Active: the vote's outcome, and whatever happened after it on chain.
        { ProposalState.Active, ChainState.Succeeded, false, [ProposalState.Succeeded] },
        { ProposalState.Active, ChainState.Defeated, false, [ProposalState.Defeated] },
        { ProposalState.Active, ChainState.Expired, false, [ProposalState.Succeeded, ProposalState.Expired] },
        { ProposalState.Active, ChainState.Canceled, false, [ProposalState.Canceled] },
        { ProposalState.Active, ChainState.Canceled, true, [ProposalState.Succeeded, ProposalState.Queued, ProposalState.Canceled] },
        { ProposalState.Active, ChainState.Queued, true, [ProposalState.Succeeded, ProposalState.Queued] },
        { ProposalState.Active, ChainState.Executed, true, [ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed] },
        { ProposalState.Active, ChainState.Vetoed, true, [ProposalState.Succeeded, ProposalState.Queued, ProposalState.Vetoed] },
        { ProposalState.Active, ChainState.Active, false, [] },

        // From Succeeded.
        { ProposalState.Succeeded, ChainState.Succeeded, false, [] },
        { ProposalState.Succeeded, ChainState.Queued, true, [ProposalState.Queued] },
        { ProposalState.Succeeded, ChainState.Executed, true, [ProposalState.Queued, ProposalState.Executed] },
        { ProposalState.Succeeded, ChainState.Expired, false, [ProposalState.Expired] },
        { ProposalState.Succeeded, ChainState.Canceled, false, [ProposalState.Canceled] },

        // From Queued.
        { ProposalState.Queued, ChainState.Queued, true, [] },
        { ProposalState.Queued, ChainState.Executed, true, [ProposalState.Executed] },
        { ProposalState.Queued, ChainState.Vetoed, true, [ProposalState.Vetoed] },
        { ProposalState.Queued, ChainState.Expired, true, [ProposalState.Expired] },
        { ProposalState.Queued, ChainState.Canceled, true, [ProposalState.Canceled] },

        // An ended proposal stays as it ended.
        { ProposalState.Executed, ChainState.Canceled, true, [] },
        { ProposalState.Defeated, ChainState.Succeeded, false, [] },
        { ProposalState.Vetoed, ChainState.Executed, true, [] },
        { ProposalState.Canceled, ChainState.Executed, true, [] },
    };

    /// <summary>
    /// Every path from the local state to the registry's: the states in between are passed through,
    /// each recorded with the actor given, and the return value says whether anything changed.
    /// </summary>
    [Theory]
    [MemberData(nameof(SyncPaths))]
    public void SyncWithChain_EveryPath_WalksToTheRegistrysStateRecordingTheActor(ProposalState from, ChainState chain, bool queued, ProposalState[] expected)
    {
        var p = InState(from);
        var before = p.Timeline.Count;
        var audit = p.PendingAuditEvents.Count;
        const string actor = "0x00000000000000000000000000000000000000aa";

        var changed = p.SyncWithChain(
            Samples.Chain(p, chain, eta: queued ? Eta : null, executedVersion: chain == ChainState.Executed ? 7 : 0), QueueTx, ExecuteTx, actor, Eta);

        var added = p.Timeline.Skip(before).ToList();
        Assert.Equal(expected, added.Select(t => t.To));
        Assert.Equal(expected.Length > 0, changed);
        Assert.Equal(expected.Length > 0 ? expected[^1] : from, p.State);
        Assert.All(added, t => Assert.Equal(actor, t.Actor));
        Assert.All(p.PendingAuditEvents.Skip(audit), e => Assert.Equal(actor, e.Actor));
        Assert.Equal(expected.Length, p.PendingAuditEvents.Count - audit);
        if (expected.Contains(ProposalState.Queued))
        {
            Assert.Equal(QueueTx, added.Single(t => t.To == ProposalState.Queued).TransactionHash);
            Assert.Equal(Eta, p.Eta);
        }

        if (expected.Contains(ProposalState.Executed))
        {
            Assert.Equal(ExecuteTx, added.Single(t => t.To == ProposalState.Executed).TransactionHash);
            Assert.Equal(7, p.ExecutedVersion);
        }
    }

    /// <summary>Late quorum on the registry: the aggregate takes the registry's new voting end while it is Active, and only moves forward on its report.</summary>
    [Fact]
    public void SyncWithChain_ActiveWithLaterVotingEnd_TakesTheRegistrysVotingEndWithoutChangingState()
    {
        var p = InState(ProposalState.Active);
        var revision = p.Revision;
        var extended = Samples.VotingEnd.AddHours(10);

        var changed = p.SyncWithChain(Samples.Chain(p, votingEnd: extended), null, null, Proposal.ChainActor, Samples.Start.AddDays(2));

        Assert.False(changed);
        Assert.Equal(ProposalState.Active, p.State);
        Assert.Equal(extended, p.VotingEndsAt);
        Assert.True(p.Revision > revision);
    }

    [Fact]
    public void SyncWithChain_DetailsGiven_RecordedInTheAuditPayload()
    {
        var p = InState(ProposalState.Active);

        p.SyncWithChain(Samples.Chain(p, ChainState.Defeated), null, null, Finalizer, AfterVoting, new { For = 3, Against = 4 });

        Assert.Contains("\"For\":3", p.PendingAuditEvents[^1].PayloadJson, StringComparison.Ordinal);
        Assert.Equal("proposal.defeated", p.PendingAuditEvents[^1].Action);
    }

    [Fact]
    public void Open_Draft_RecordsTheRegistrationEpochCommitteeAndTheRulesOfTheRegistration()
    {
        var p = Samples.Draft();
        var registration = Samples.Chain(p, supermajority: true, quorumBps: 6_000, supermajorityBps: 7_500);

        p.Open(registration, Samples.Rules, Samples.Committee(), Samples.Member(1), Samples.OpenTx(p), Samples.Start.AddMinutes(1));

        Assert.Equal(ProposalState.Active, p.State);
        Assert.Equal(10, p.Snapshot!.TotalWeight);
        Assert.Equal(1, p.Epoch);
        Assert.Equal(Samples.Start, p.OpenedAt);
        Assert.Equal(Samples.VotingEnd, p.VotingEndsAt);
        Assert.Equal(Samples.OpenTx(p), p.OpenTransactionHash);
        Assert.True(p.RequiresSupermajority); // the registry's answer, not the draft's
        Assert.Equal(Samples.Rules with { QuorumBps = 6_000, SupermajorityBps = 7_500 }, p.Rules);
        Assert.Equal(Samples.Member(1).ToString(), p.Timeline[^1].Actor);
    }

    [Fact]
    public void Open_RegistrationOfOtherContent_RefusedAndUnchanged()
    {
        var p = Samples.Draft();
        var other = Samples.Chain(p) with { PayloadHash = Hash32.Keccak("another payload") };

        Assert.Throws<InvalidOperationException>(() => p.Open(other, Samples.Rules, Samples.Committee(), Samples.Member(1), null, Samples.Start));

        Assert.Equal(ProposalState.Draft, p.State);
        Assert.Empty(p.SnapshotMembers);
    }

    [Fact]
    public void Open_WithoutSimulation_IllegalAndUnchanged()
    {
        var p = Samples.Draft(withSimulation: false);
        var ex = Assert.Throws<IllegalTransitionException>(() => p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(1), null, Samples.Start));
        Assert.Contains("simulation", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ProposalState.Draft, p.State);
        Assert.Null(p.Rules);
    }

    [Fact]
    public void Open_ByAnotherMember_RejectedNamingActor()
    {
        var p = Samples.Draft();
        var ex = Assert.Throws<InputValidationException>(() => p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(2), null, Samples.Start));
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

    [Theory]
    [InlineData(ProposalState.Draft)]
    [InlineData(ProposalState.Active)]
    [InlineData(ProposalState.Succeeded)]
    [InlineData(ProposalState.Queued)]
    public void Cancel_BeforeTheEnd_CanceledWithActorTransactionAndReason(ProposalState state)
    {
        var p = InState(state);
        var tx = Hash32.Keccak("cancel tx");

        p.Cancel(Samples.Member(0).ToString(), tx, "canceled by the guardian", Eta);

        Assert.Equal(ProposalState.Canceled, p.State);
        Assert.Equal(new ProposalTransition(state, ProposalState.Canceled, Eta, Samples.Member(0).ToString(), "cancel", tx), p.Timeline[^1]);
        Assert.Contains("canceled by the guardian", p.PendingAuditEvents[^1].PayloadJson, StringComparison.Ordinal);
        Assert.Equal(Samples.Member(0).ToString(), p.PendingAuditEvents[^1].Actor);
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
        var ex = Assert.Throws<IllegalTransitionException>(() => p.Cancel(Samples.Member(0).ToString(), null, "late", Eta));
        Assert.Equal($"cannot cancel a proposal in state {state}.", ex.Message);
        Assert.Equal(revision, p.Revision);
    }

    [Fact]
    public void Veto_Queued_VetoedWithTheGuardianAsActor()
    {
        var p = InState(ProposalState.Vetoed);
        Assert.Equal(ProposalState.Vetoed, p.State);
        Assert.Equal((Samples.Member(0).ToString(), "veto", Hash32.Keccak("veto tx")), (p.Timeline[^1].Actor, p.Timeline[^1].Action, p.Timeline[^1].TransactionHash));
    }

    public static TheoryData<ProposalState, string> IllegalActions()
    {
        var data = new TheoryData<ProposalState, string>();
        foreach (var s in Enum.GetValues<ProposalState>())
        {
            if (s != ProposalState.Draft)
            {
                data.Add(s, "open");
                data.Add(s, "attach a simulation to");
            }

            if (s != ProposalState.Active)
            {
                data.Add(s, "vote on");
            }

            if (s != ProposalState.Queued)
            {
                data.Add(s, "veto");
            }
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
        Action act = action switch
        {
            "open" => () => p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(1), null, Eta),
            "attach a simulation to" => () => p.AttachSimulation(Samples.FakeSimulation(p.BaseParamsHash, p.ParamsHash), Samples.Member(1), Eta),
            "vote on" => () => p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)),
            "veto" => () => p.Veto(Samples.Member(0).ToString(), null, Eta),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var ex = Assert.Throws<IllegalTransitionException>(act);
        Assert.Equal(state, ex.State);
        Assert.StartsWith($"cannot {action} a proposal in state {state}", ex.Message, StringComparison.Ordinal);
        Assert.Equal((revision, timeline, pending, state), (p.Revision, p.Timeline.Count, p.PendingAuditEvents.Count, p.State));
    }

    [Theory]
    [InlineData(ProposalState.Draft, 1, false)]
    [InlineData(ProposalState.Draft, 2, true)]
    [InlineData(ProposalState.Active, 2, true)]
    [InlineData(ProposalState.Succeeded, 2, true)]
    [InlineData(ProposalState.Queued, 2, true)]
    [InlineData(ProposalState.Queued, 1, false)]
    [InlineData(ProposalState.Executed, 2, false)]
    [InlineData(ProposalState.Defeated, 2, false)]
    [InlineData(ProposalState.Canceled, 2, false)]
    [InlineData(ProposalState.Vetoed, 2, false)]
    [InlineData(ProposalState.Expired, 2, false)]
    public void IsStale_OpenParameterProposalOnAnOlderVersion_True(ProposalState state, long currentVersion, bool stale)
        => Assert.Equal(stale, InState(state).IsStale(currentVersion));

    [Fact]
    public void IsStale_MembershipProposal_NeverStale()
    {
        var p = Membership(Samples.Committee().Members);
        Assert.False(p.IsStale(1));
        Assert.False(p.IsStale(5));
    }

    [Fact]
    public void DraftParameters_BadTitleRationaleAndZeroId_RejectedNamingFields()
    {
        var ex = Assert.Throws<InputValidationException>(() => Proposal.DraftParameters(new ProposalIdentity(Hash32.Zero, Hash32.Keccak("b"), Hash32.Keccak("p")),
            Hash32.Keccak("s"), " ", "", Samples.Member(1), "{}", 1, Hash32.Keccak("b"), [], false, null, Samples.Start));
        Assert.Equal(["id", "title", "rationale"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void DraftParameters_IdentityFromThePayload_PayloadRoundTripsAndIdIsReproducible()
    {
        var p = Samples.Draft();

        var payload = Assert.IsType<ParametersPayload>(p.Payload());

        Assert.Equal(OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(p.ParamsJson!)), payload.Set);
        Assert.Equal(new ProposalIdentity(p.Id, p.ParamsHash, p.PayloadHash), Samples.Ballots.Identify(payload, p.BaseVersion, p.Salt));
        Assert.NotEqual(p.Id, Samples.Ballots.Identify(payload, p.BaseVersion + 1, p.Salt).Id);
        Assert.Equal("assets.BTC.scanRange", Assert.Single(p.Changes).Field);
    }

    private static Proposal Membership(IReadOnlyList<CommitteeMember> members)
    {
        var guardian = members.FirstOrDefault(m => m.IsGuardian)?.Address ?? Samples.Member(0);
        var payload = new MembershipPayload([.. members.Select(m => new WeightedMember(m.Address, m.Weight))], guardian);
        var salt = Hash32.Keccak("membership salt");
        return Proposal.DraftMembership(Samples.Ballots.Identify(payload, 0, salt), salt, "New committee", "Rotation", Samples.Member(1), members, Samples.Start);
    }

    [Fact]
    public void DraftMembership_Valid_PayloadCarriesTheMembersAndTheGuardianAndNeedsTheSupermajority()
    {
        var m = Samples.Committee().Members;
        var p = Membership([m[0], m[2]]);

        Assert.Equal(new MembershipPayload([new WeightedMember(m[0].Address, 1), new WeightedMember(m[2].Address, 3)], m[0].Address), p.Payload());
        Assert.Equal(m[0].Address, p.MembershipGuardian);
        Assert.True(p.RequiresSupermajority);
        Assert.Equal(0, p.BaseVersion);
        Assert.Equal(p.PayloadHash, p.ParamsHash); // ballots approve the payload itself
        p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(1), null, Samples.Start); // no simulation needed
        Assert.Equal(ProposalState.Active, p.State);
    }

    public static TheoryData<int[], int> GuardianCounts() => new()
    {
        { [], 0 },
        { [0, 1], 2 },
        { [0, 1, 2, 3], 4 },
    };

    /// <summary>Exactly one member of a proposed committee is the guardian: none, or more than one, is refused naming membership.members.</summary>
    [Theory]
    [MemberData(nameof(GuardianCounts))]
    public void ValidateMembership_NotExactlyOneGuardian_RejectedNamingMembers(int[] guardians, int count)
    {
        var members = Enumerable.Range(0, 4)
            .Select(i => new CommitteeMember(Samples.Member(i), $"member {i}", i + 1, guardians.Contains(i) ? CommitteeRole.Guardian : CommitteeRole.Member))
            .ToList();
        var e = new ValidationErrors();

        Proposal.ValidateMembership(e, members);

        var error = Assert.Single(e.Errors);
        Assert.Equal("membership.members", error.Field);
        Assert.Contains($"exactly one member must be the guardian (found {count})", error.Message, StringComparison.Ordinal);
        Assert.Throws<InputValidationException>(() => Membership(members));
    }

    [Fact]
    public void ValidateMembership_ExactlyOneGuardian_Valid()
    {
        var e = new ValidationErrors();
        Proposal.ValidateMembership(e, Samples.Committee().Members);
        Assert.Empty(e.Errors);
    }

    [Fact]
    public void ValidateMembership_RepeatedMember_RejectedNamingTheMember()
    {
        var m = Samples.Committee().Members;
        var e = new ValidationErrors();

        Proposal.ValidateMembership(e, [m[0], m[1], m[1]]);

        Assert.Equal("membership.committee.members[2].address", Assert.Single(e.Errors).Field);
    }
}
