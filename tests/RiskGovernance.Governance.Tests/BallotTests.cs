using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class BallotTests
{
    private static readonly DateTimeOffset During = Samples.Start.AddHours(1);

    private static InputValidationException Rejected(Proposal p, SignedBallot ballot, DateTimeOffset? at = null)
    {
        var revision = p.Revision;
        var votes = p.Votes.Count;
        var ex = Assert.Throws<InputValidationException>(() => p.CastVote(ballot, Samples.Ballots, Samples.Domain, 100, at ?? During));
        Assert.Equal(revision, p.Revision);
        Assert.Equal(votes, p.Votes.Count);
        return ex;
    }

    [Fact]
    public void CastVote_ValidBallot_StoredWithSignatureAndVerifiable()
    {
        var p = Samples.Active();
        var vote = p.CastVote(Samples.Ballot(p, 2, BallotSupport.For, "looks right"), Samples.Ballots, Samples.Domain, 100, During);
        Assert.Equal(Samples.Member(2), vote.Voter);
        Assert.Equal(3, vote.Weight);
        Assert.Equal("looks right", vote.Reason);
        Assert.Equal(132, vote.Signature.Length);
        Assert.True(vote.IsCanonicalSignature());
        Assert.True(vote.Verify(Samples.Ballots, Samples.Domain));
        Assert.Equal(Samples.Member(2), new BallotTypedData(Samples.Domain, vote.Ballot()).RecoverSigner(vote.SignatureValue()));
        Assert.Single(p.Votes);
    }

    [Fact]
    public void Verify_OtherDomain_False()
    {
        var p = Samples.Active();
        var vote = p.CastVote(Samples.Ballot(p, 2, BallotSupport.Against), Samples.Ballots, Samples.Domain, 100, During);
        Assert.False(vote.Verify(Samples.Ballots, Samples.Domain with { ChainId = 1 }));
        Assert.False(vote.Verify(Samples.Ballots, Samples.Domain with { Registry = Samples.Member(5) }));
    }

    [Fact]
    public void CastVote_SignedByAnotherKey_RejectedAsForged()
    {
        var p = Samples.Active();
        var forged = Samples.Ballot(p, 2, BallotSupport.For) with { Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 9) };
        var ex = Rejected(p, forged);
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Contains("forged", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Samples.Outsider.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CastVote_SupportChangedAfterSigning_RejectedAsForged()
    {
        var p = Samples.Active();
        var ballot = Samples.Ballot(p, 2, BallotSupport.Against) with { Support = BallotSupport.For };
        Assert.Equal("ballot.signature", Rejected(p, ballot).Errors.Single().Field);
    }

    [Fact]
    public void CastVote_SignedInAnotherDomain_Rejected()
    {
        var p = Samples.Active();
        var ballot = Samples.Ballot(p, 2, BallotSupport.For) with
        {
            Signature = Samples.Sign(p.Id, p.ParamsHash, BallotSupport.For, 2, Samples.Domain with { ChainId = 1 }),
        };
        Assert.Equal("ballot.signature", Rejected(p, ballot).Errors.Single().Field);
    }

    [Fact]
    public void CastVote_MalformedSignature_Rejected()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For) with { Signature = "0x1234" });
        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
        Assert.Contains("65-byte", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An r at or above secp256k1's field prime names no curve point: a refusal naming the field, never a server error.</summary>
    [Fact]
    public void CastVote_SignatureRAtOrAboveFieldPrime_RejectedNamingSignature()
    {
        var p = Samples.Active();
        var valid = EcdsaSignature.Parse(Samples.Ballot(p, 2, BallotSupport.For).Signature).ToBytes();
        Convert.FromHexString("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f").CopyTo(valid, 0);

        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For) with { Signature = HexText.Encode(valid) });

        Assert.Equal("ballot.signature", ex.Errors.Single().Field);
    }

    [Fact]
    public void CastVote_MalleatedHighSTwin_RejectedLikeTheRegistry()
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
    public void CastVote_BallotOfAnotherProposal_RejectedAsReplay()
    {
        var p = Samples.Active();
        var other = Hash32.Keccak("another proposal");
        var replay = new SignedBallot(other, p.ParamsHash, BallotSupport.For, Samples.Member(2), Samples.Sign(other, p.ParamsHash, BallotSupport.For, 2), null);
        var ex = Rejected(p, replay);
        Assert.Equal("ballot.proposalId", ex.Errors.Single().Field);
        Assert.Contains("replayed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CastVote_SignatureOfAnotherProposalPresentedAsThisOne_RejectedAsForged()
    {
        var p = Samples.Active();
        var replay = Samples.Ballot(p, 2, BallotSupport.For) with { Signature = Samples.Sign(Hash32.Keccak("another"), p.ParamsHash, BallotSupport.For, 2) };
        Assert.Equal("ballot.signature", Rejected(p, replay).Errors.Single().Field);
    }

    [Fact]
    public void CastVote_BallotForAnotherParamsHash_RejectedAsReplay()
    {
        var p = Samples.Active();
        var otherHash = Hash32.Keccak("other params");
        var replay = new SignedBallot(p.Id, otherHash, BallotSupport.For, Samples.Member(2), Samples.Sign(p.Id, otherHash, BallotSupport.For, 2), null);
        Assert.Equal("ballot.paramsHash", Rejected(p, replay).Errors.Single().Field);
    }

    [Fact]
    public void CastVote_NonMember_Rejected()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 9, BallotSupport.For));
        Assert.Equal("ballot.voter", ex.Errors.Single().Field);
        Assert.Contains("not in the proposal's committee snapshot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CastVote_SecondVoteOfSameMember_RejectedAsDuplicate()
    {
        var p = Samples.Active();
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, During);
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.Against));
        Assert.Equal("ballot.voter", ex.Errors.Single().Field);
        Assert.Contains("already voted", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BallotSupport.For, p.Votes.Single().Support);
    }

    [Fact]
    public void CastVote_AtDeadline_RejectedAsLate()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For), p.VotingEndsAt!.Value);
        Assert.Equal("ballot", ex.Errors.Single().Field);
        Assert.Contains("late", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CastVote_JustBeforeDeadline_Accepted()
    {
        var p = Samples.Active();
        p.CastVote(Samples.Ballot(p, 2, BallotSupport.For), Samples.Ballots, Samples.Domain, 100, p.VotingEndsAt!.Value.AddTicks(-1));
        Assert.Single(p.Votes);
    }

    [Fact]
    public void CastVote_ReasonTooLong_Rejected()
    {
        var p = Samples.Active();
        var ex = Rejected(p, Samples.Ballot(p, 2, BallotSupport.For, new string('x', 101)));
        Assert.Equal("ballot.reason", ex.Errors.Single().Field);
    }

    [Fact]
    public void CastVote_MemberJoinedAfterOpening_NotInSnapshot_Rejected()
    {
        var p = Samples.Draft();
        p.Open(Samples.Committee(), Samples.Rules(), Samples.Member(1), Samples.Start);
        // Key 4 is not in the snapshot, whatever the committee becomes later.
        Assert.Equal("ballot.voter", Rejected(p, Samples.Ballot(p, 4, BallotSupport.For)).Errors.Single().Field);
    }
}
