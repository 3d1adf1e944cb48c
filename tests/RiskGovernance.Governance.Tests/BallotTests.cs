using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// A ballot is checked before it is relayed (<see cref="Proposal.CheckBallot"/>, which changes
/// nothing) and recorded once the registry counted it (<see cref="Proposal.RecordVote"/>, or
/// <see cref="Proposal.RecordChainVote"/> for a ballot someone else relayed).
/// </summary>
public sealed class BallotTests
{
    private static readonly DateTimeOffset During = Samples.Start.AddHours(1);

    private static InputValidationException Rejected(Proposal p, SignedBallot ballot, DateTimeOffset? at = null)
    {
        var revision = p.Revision;
        var votes = p.Votes.Count;
        var audit = p.PendingAuditEvents.Count;
        var ex = Assert.Throws<InputValidationException>(() => p.CheckBallot(ballot, Samples.Ballots, Samples.Domain, 100, at ?? During));
        Assert.Equal((revision, votes, audit), (p.Revision, p.Votes.Count, p.PendingAuditEvents.Count));
        return ex;
    }

    [Fact]
    public void CheckBallot_ValidBallot_ReturnsTheVoteWithItsWeightAndChangesNothing()
    {
        var p = Samples.Active();
        var revision = p.Revision;

        var vote = p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.For, "looks right"), Samples.Ballots, Samples.Domain, 100, During);

        Assert.Equal(Samples.Member(2), vote.Voter);
        Assert.Equal(3, vote.Weight);
        Assert.Equal("looks right", vote.Reason);
        Assert.Equal(132, vote.Signature.Length);
        Assert.Null(vote.TransactionHash);
        Assert.True(vote.IsCanonicalSignature());
        Assert.True(vote.Verify(Samples.Ballots, Samples.Domain));
        Assert.Equal(Samples.Member(2), new BallotTypedData(Samples.Domain, vote.Ballot()).RecoverSigner(vote.SignatureValue()));
        Assert.Empty(p.Votes);
        Assert.Equal(revision, p.Revision);
    }

    [Fact]
    public void RecordVote_Counted_StoredWithItsTransactionAndAudited()
    {
        var p = Samples.Active();
        var tx = Hash32.Keccak("relay");
        var vote = p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.Against, "too fast"), Samples.Ballots, Samples.Domain, 100, During);

        p.RecordVote(vote, tx, Samples.VotingEnd, During);

        var stored = Assert.Single(p.Votes);
        Assert.Equal(tx, stored.TransactionHash);
        Assert.Equal((Samples.Member(2), BallotSupport.Against, 3L), (stored.Voter, stored.Support, stored.Weight));
        var audit = p.PendingAuditEvents[^1];
        Assert.Equal(("vote.cast", Samples.Member(2).ToString()), (audit.Action, audit.Actor));
        Assert.Contains(tx.ToString(), audit.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("\"deadlineExtendedTo\":null", audit.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(Samples.VotingEnd, p.VotingEndsAt);
    }

    /// <summary>Late quorum is the registry's: the voting end it reports after a vote is the one recorded, and the audit entry says so.</summary>
    [Fact]
    public void RecordVote_RegistryMovedTheVotingEnd_RecordsTheNewEndAndTheExtension()
    {
        var p = Samples.Active();
        var late = Samples.VotingEnd.AddHours(-2);
        var extended = late.AddHours(12);
        var vote = p.CheckBallot(Samples.Ballot(p, 3, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, late);

        p.RecordVote(vote, Hash32.Keccak("late vote"), extended, late);

        Assert.Equal(extended, p.VotingEndsAt);
        Assert.Contains("deadlineExtendedTo", p.PendingAuditEvents[^1].PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"deadlineExtendedTo\":null", p.PendingAuditEvents[^1].PayloadJson, StringComparison.Ordinal);
        p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, Samples.VotingEnd.AddHours(1)); // open until the new end
    }

    [Fact]
    public void RecordVote_SameVoterTwice_SecondIgnored()
    {
        var p = Samples.Active();
        Samples.Vote(p, 2, BallotSupport.For, During);
        var revision = p.Revision;
        var again = p.Votes[0];

        p.RecordVote(again, Hash32.Keccak("again"), Samples.VotingEnd.AddHours(5), During);

        Assert.Same(again, Assert.Single(p.Votes));
        Assert.Equal(revision, p.Revision);
        Assert.Equal(Samples.VotingEnd, p.VotingEndsAt);
    }

    [Fact]
    public void RecordVote_VoteOfAnotherProposal_Refused()
    {
        var p = Samples.Active();
        var other = Samples.Draft(label: "another proposal");
        other.Open(Samples.Chain(other), Samples.Rules, Samples.Committee(), Samples.Member(1), null, Samples.Start);
        var vote = other.CheckBallot(Samples.Ballot(other, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, During);

        Assert.Throws<ArgumentException>(() => p.RecordVote(vote, Hash32.Keccak("x"), Samples.VotingEnd, During));
        Assert.Empty(p.Votes);
    }

    [Fact]
    public void RecordChainVote_RelayedBySomeoneElse_RecordedWithItsTransactionAndBlockTimeOnce()
    {
        var p = Samples.Active();
        var signature = EcdsaSignature.Parse(Samples.Sign(p.Id, p.ParamsHash, BallotSupport.Abstain, 3));
        var counted = new RegistryVote(Samples.Member(3), BallotSupport.Abstain, 4, signature, Hash32.Keccak("third party relay"), During);

        p.RecordChainVote(counted, Samples.VotingEnd, During.AddMinutes(5));
        p.RecordChainVote(counted, Samples.VotingEnd, During.AddMinutes(6));

        var vote = Assert.Single(p.Votes);
        Assert.Equal((Samples.Member(3), BallotSupport.Abstain, 4L, During), (vote.Voter, vote.Support, vote.Weight, vote.CastAt));
        Assert.Equal(counted.TransactionHash, vote.TransactionHash);
        Assert.True(vote.Verify(Samples.Ballots, Samples.Domain));
        Assert.Null(vote.Reason);
    }

    [Fact]
    public void RecordChainVote_Draft_Ignored()
    {
        var p = Samples.Draft();
        var signature = EcdsaSignature.Parse(Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 3));

        p.RecordChainVote(new RegistryVote(Samples.Member(3), BallotSupport.For, 4, signature, Hash32.Keccak("tx"), During), Samples.VotingEnd, During);

        Assert.Empty(p.Votes);
    }

    [Fact]
    public void Verify_OtherDomain_False()
    {
        var p = Samples.Active();
        var vote = Samples.Vote(p, 2, BallotSupport.Against, During);
        Assert.False(vote.Verify(Samples.Ballots, Samples.Domain with { ChainId = 1 }));
        Assert.False(vote.Verify(Samples.Ballots, Samples.Domain with { Registry = Samples.Member(5) }));
    }

    [Fact]
    public void CheckBallot_SignedByAnotherKey_RejectedAsForged()
    {
        var p = Samples.Active();
        var forged = Samples.Ballot(p, 2, BallotSupport.For) with { Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 9) };
        var ex = Rejected(p, forged);
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Contains("forged", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Samples.Outsider.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBallot_SupportChangedAfterSigning_RejectedAsForged()
    {
        var p = Samples.Active();
        var ballot = Samples.Ballot(p, 2, BallotSupport.Against) with { Support = BallotSupport.For };
        Assert.Equal("ballot.signature", Rejected(p, ballot).Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_SignedInAnotherDomain_Rejected()
    {
        var p = Samples.Active();
        var ballot = Samples.Ballot(p, 2, BallotSupport.For) with
        {
            Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 2, Samples.Domain with { ChainId = 1 }),
        };
        Assert.Equal("ballot.signature", Rejected(p, ballot).Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_SignedForAnotherRegistry_Rejected()
    {
        var p = Samples.Active();
        var ballot = Samples.Ballot(p, 2, BallotSupport.For) with
        {
            Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 2, Samples.Domain with { Registry = Samples.Member(7) }),
        };
        Assert.Equal("ballot.signature", Rejected(p, ballot).Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_MalformedSignature_Rejected()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For) with { Signature = "0x1234" });
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Contains("65-byte", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An r at or above secp256k1's field prime names no curve point: a refusal naming the field, never a server error.</summary>
    [Fact]
    public void CheckBallot_SignatureRAtOrAboveFieldPrime_RejectedNamingSignature()
    {
        var p = Samples.Active();
        var valid = EcdsaSignature.Parse(Samples.Ballot(p, 2, BallotSupport.For).Signature).ToBytes();
        Convert.FromHexString("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f").CopyTo(valid, 0);

        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For) with { Signature = HexText.Encode(valid) });

        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_MalleatedHighSTwin_RejectedLikeTheRegistry()
    {
        var p = Samples.Active();
        var valid = Samples.Ballot(p, 2, BallotSupport.For);
        var sig = EcdsaSignature.Parse(valid.Signature);
        var n = System.Numerics.BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);
        var bytes = sig.ToBytes();
        (n - sig.S).TryWriteBytes(bytes.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        bytes[64] = (byte)(sig.V == 27 ? 28 : 27);
        var twin = EcdsaSignature.FromBytes(bytes);
        Assert.False(twin.IsLowS);
        Assert.NotEqual(valid.Signature, twin.ToString());
        var ex = Rejected(p, valid with { Signature = twin.ToString() });
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Contains("low s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBallot_BallotOfAnotherProposal_RejectedAsReplay()
    {
        var p = Samples.Active();
        var other = Hash32.Keccak("another proposal");
        var replay = new SignedBallot(other, p.ParamsHash, BallotSupport.For, Samples.Member(2), Samples.Sign(other, p.ParamsHash, BallotSupport.For, 2), null);
        var ex = Rejected(p, replay);
        Assert.Equal("ballot.proposalId", ex.Errors.Single().Field);
        Assert.Contains("replayed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBallot_SignatureOfAnotherProposalPresentedAsThisOne_RejectedAsForged()
    {
        var p = Samples.Active();
        var replay = Samples.Ballot(p, 2, BallotSupport.For) with { Signature = Samples.Sign(Hash32.Keccak("another"), p.ParamsHash, BallotSupport.For, 2) };
        Assert.Equal("ballot.signature", Rejected(p, replay).Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_BallotForAnotherParamsHash_RejectedAsReplay()
    {
        var p = Samples.Active();
        var otherHash = Hash32.Keccak("other params");
        var replay = new SignedBallot(p.Id, otherHash, BallotSupport.For, Samples.Member(2), Samples.Sign(p.Id, otherHash, BallotSupport.For, 2), null);
        Assert.Equal("ballot.paramsHash", Rejected(p, replay).Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_NonMember_RejectedNamingTheEpoch()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 9, BallotSupport.For));
        Assert.Equal("ballot.voter", ex.Errors.Single().Field);
        Assert.Contains("not in the committee of the proposal's epoch 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBallot_SecondVoteOfSameMember_RejectedAsDuplicate()
    {
        var p = Samples.Active();
        Samples.Vote(p, 2, BallotSupport.For, During);
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.Against));
        Assert.Equal("ballot.voter", ex.Errors.Single().Field);
        Assert.Contains("already voted", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BallotSupport.For, p.Votes.Single().Support);
    }

    /// <summary>The registry counts a ballot up to and including its voting end (block.timestamp &gt; votingEnd closes it); so does the check.</summary>
    [Fact]
    public void CheckBallot_AtTheVotingEnd_AcceptedAndJustAfterRejectedAsLate()
    {
        var p = Samples.Active();
        p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, p.VotingEndsAt!.Value);

        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For), p.VotingEndsAt.Value.AddTicks(1));

        Assert.Equal("ballot", ex.Errors.Single().Field);
        Assert.Contains("late", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBallot_ReasonTooLong_Rejected()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For, new string('x', 101)));
        Assert.Equal("ballot.reason", ex.Errors.Single().Field);
    }

    [Fact]
    public void CheckBallot_MemberOutsideTheRegisteredEpoch_Rejected()
    {
        var p = Samples.Draft();
        // The registry registered it with epoch 1's committee: members 0..3. Key 4 is not in it, whatever the committee becomes later.
        p.Open(Samples.Chain(p), Samples.Rules, Samples.Committee(), Samples.Member(1), null, Samples.Start);
        Assert.Equal("ballot.voter", Rejected(p, Samples.Ballot(p, 4, BallotSupport.For)).Errors.Single().Field);
    }
}
