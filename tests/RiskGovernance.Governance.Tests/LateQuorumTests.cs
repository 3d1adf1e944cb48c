using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Governance.Proposals;

namespace RiskGovernance.Governance.Tests;

/// <summary>Voting period 3 days, late-quorum extension 12 h, quorum 5 of 10: members 3 (4) + 1 (2) reach it.</summary>
public sealed class LateQuorumTests
{
    private static readonly DateTimeOffset Deadline = Samples.Start.AddDays(3);

    [Fact]
    public void CastVote_QuorumReachedEarly_DeadlineUnchanged()
    {
        var p = Samples.Active();
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(2));
        Assert.Equal(Deadline, p.VotingEndsAt);
        Assert.Equal(Samples.Start.AddHours(2), p.QuorumReachedAt);
    }

    [Fact]
    public void CastVote_QuorumFirstReachedInLastTwelveHours_DeadlineMovesToVotePlusTwelveHours()
    {
        var p = Samples.Active();
        var late = Deadline.AddHours(-4);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.Abstain), Samples.Ballots, Samples.Domain, 100, late);
        Assert.Equal(late.AddHours(12), p.VotingEndsAt);
        Assert.Contains("deadlineExtendedTo", p.PendingAuditEvents[^1].PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public void CastVote_QuorumReachedJustBeforeWindow_DeadlineUnchanged()
    {
        var p = Samples.Active();
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Deadline.AddHours(-13));
        Assert.Equal(Deadline, p.VotingEndsAt);
    }

    [Fact]
    public void CastVote_AfterQuorumInWindow_NoSecondExtension()
    {
        var p = Samples.Active();
        var late = Deadline.AddHours(-1);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, late);
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, late.AddHours(11));
        Assert.Equal(late.AddHours(12), p.VotingEndsAt);
        Assert.Equal(3, p.Votes.Count);
    }

    [Fact]
    public void CastVote_InExtendedPeriod_AcceptedAndFinalizeWaitsForNewDeadline()
    {
        var p = Samples.Active();
        var late = Deadline.AddHours(-1);
        p.CastVote(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, late.AddMinutes(-1));
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, late);
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Deadline.AddHours(2)); // after the original deadline
        Assert.Throws<IllegalTransitionException>(() => p.Finalize(Deadline.AddHours(2)));
        p.Finalize(late.AddHours(12));
        Assert.Equal(Proposals.ProposalState.Succeeded, p.State); // 6 For vs 3 Against
    }
}
