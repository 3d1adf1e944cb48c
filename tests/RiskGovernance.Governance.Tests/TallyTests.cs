using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;

namespace RiskGovernance.Governance.Tests;

/// <summary>Quorum and majority arithmetic on the committee of weights 1, 2, 3, 4 (total 10), quorum 50% (5).</summary>
public sealed class TallyTests
{
    [Theory]
    [InlineData(3, 0, 2, true)]   // For + Abstain = 5 = 50% of 10
    [InlineData(4, 0, 0, false)]  // 4 < 5
    [InlineData(1, 4, 0, false)]  // Against does not count toward quorum
    [InlineData(0, 0, 5, true)]   // Abstain alone counts
    [InlineData(2, 3, 2, false)]  // 4 < 5
    public void Of_QuorumCountsForAndAbstain_Expected(long f, long a, long s, bool quorum)
        => Assert.Equal(quorum, Tally.Of(f, a, s, 10, Samples.Rules()).QuorumReached);

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, false)] // a tie fails
    [InlineData(2, 3, false)]
    [InlineData(0, 0, false)]
    public void Of_SimpleMajority_ForMustExceedAgainst(long f, long a, bool majority)
        => Assert.Equal(majority, Tally.Of(f, a, 0, 10, Samples.Rules()).MajorityReached);

    [Theory]
    [InlineData(3, 1, true)]   // 3 / 4 = 0.75, exactly the supermajority
    [InlineData(6, 3, false)]  // 6 / 9 = 0.667 < 0.75
    [InlineData(7, 2, true)]   // 7 / 9 = 0.778
    [InlineData(0, 0, false)]  // no For at all
    [InlineData(4, 0, true)]
    public void Of_Supermajority_ForShareOfForAndAgainst(long f, long a, bool majority)
        => Assert.Equal(majority, Tally.Of(f, a, 0, 10, Samples.Rules(MajorityRule.Supermajority, supermajority: 0.75m)).MajorityReached);

    [Fact]
    public void Count_WeightedVotes_SumsSnapshotWeights()
    {
        var p = Samples.Active();
        p.CastVote(Samples.Ballot(p, 1, BallotSupport.Abstain), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // 2
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1));     // 3
        p.CastVote(Samples.Ballot(p, 0, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)); // 1
        var t = p.Tally!;
        Assert.Equal((3L, 1L, 2L, 10L), (t.For, t.Against, t.Abstain, t.TotalWeight));
        Assert.True(t.QuorumReached);
        Assert.True(t.Passes);
    }

    [Fact]
    public void Count_SixtyPercentQuorum_FiveOfTenIsNotEnough()
    {
        var rules = Samples.Rules(quorum: 0.6m);
        Assert.False(Tally.Of(5, 0, 0, 10, rules).QuorumReached);
        Assert.True(Tally.Of(5, 0, 1, 10, rules).QuorumReached);
    }
}
