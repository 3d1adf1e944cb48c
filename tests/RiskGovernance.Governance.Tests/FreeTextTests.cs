using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// Titles, rationales, ballot reasons, cancel reasons and member names refuse control characters and
/// bidirectional controls (the spoofing attack: "\u202Egnp.exe" shows reversed), naming the field, in
/// the domain, so that every entry refuses them; nothing changes on a refusal.
/// </summary>
public sealed class FreeTextTests
{
    public static TheoryData<string> Forbidden => new()
    {
        "Raise BTC \u202Ekcab\u202C scan range", // right-to-left override
        "Raise BTC \u202A scan range", "Raise \u202B BTC", "Raise \u202D BTC",
        "Raise \u2066BTC\u2069 scan range", "Raise \u2067BTC", "Raise \u2068BTC",
        "Raise \u200EBTC", "Raise \u200FBTC", "Raise \u061CBTC",
        "Raise\0 BTC", "Raise \u001B[31m BTC", "Raise \u007F BTC", "Raise \u0085 BTC",
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Title_ControlOrBidiCharacter_RefusedNamingTitle(string title)
    {
        var e = Assert.Throws<InputValidationException>(() => Proposal.DraftParameters(new ProposalIdentity(Hash32.Keccak("id"), Hash32.Keccak("b"), Hash32.Keccak("p")),
            Hash32.Keccak("s"), title, "Volatility rose.", Samples.Member(1), "{}", 1, Hash32.Keccak("b"), [], false, null, Samples.Start));

        var error = Assert.Single(e.Errors);
        Assert.Equal("title", error.Field);
        Assert.StartsWith("must not contain the ", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Line one\nline two\r\n\tindented", null)]
    [InlineData("Volatility \u202Erose", "must not contain the bidirectional control character U+202E (at position 11): it changes the order in which the text is shown")]
    [InlineData("Volatility\0rose", "must not contain the control character U+0000 (at position 10)")]
    public void Rationale_MultiLine_LineBreaksAllowedControlsAndBidiRefused(string rationale, string? expected)
    {
        Assert.Equal(expected, FreeText.Problem(rationale, multiline: true));
        if (expected is not null)
        {
            var e = Assert.Throws<InputValidationException>(() => Proposal.DraftParameters(new ProposalIdentity(Hash32.Keccak("id"), Hash32.Keccak("b"), Hash32.Keccak("p")),
                Hash32.Keccak("s"), "Raise BTC scan range", rationale, Samples.Member(1), "{}", 1, Hash32.Keccak("b"), [], false, null, Samples.Start));
            Assert.Equal(["rationale"], e.Errors.Select(x => x.Field));
        }
    }

    [Fact]
    public void Title_LineBreak_RefusedAsSingleLine()
    {
        Assert.Equal("must not contain the control character U+000A (at position 5); it is a single line of text", FreeText.Problem("Raise\nBTC", multiline: false));
    }

    [Fact]
    public void PlainUnicode_Accepted()
    {
        Assert.Null(FreeText.Problem("Relever la marge de l'ETH de 5 % — 東京 · Ωmega ✓", multiline: false));
        Assert.Null(FreeText.Problem(null, multiline: false));
    }

    [Theory]
    [InlineData("Ada\u202E ecalevoL")]
    [InlineData("Ada\0")]
    [InlineData("Ada\nLovelace")]
    public void MemberName_ControlOrBidi_RefusedNamingDisplayName(string name)
    {
        var e = Assert.Throws<InputValidationException>(() => new CommitteeMember(Samples.Member(1), name, 1, CommitteeRole.Member));

        Assert.Equal(["member.displayName"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void BallotReason_BidiOverride_RefusedNamingReasonNothingChanged()
    {
        var p = Samples.Active();
        var (revision, votes, audit) = (p.Revision, p.Votes.Count, p.PendingAuditEvents.Count);

        var e = Assert.Throws<InputValidationException>(() =>
            p.CheckBallot(Samples.Ballot(p, 2, BallotSupport.For, "fine \u202Eenif"), Samples.Ballots, Samples.Domain, 100, Samples.Start.AddHours(1)));

        Assert.Equal(["ballot.reason"], e.Errors.Select(x => x.Field));
        Assert.Equal((revision, votes, audit), (p.Revision, p.Votes.Count, p.PendingAuditEvents.Count));
    }

    [Fact]
    public void CancelReason_Nul_RefusedNamingReasonStateUnchanged()
    {
        var p = Samples.Draft();
        var state = p.State;

        var e = Assert.Throws<InputValidationException>(() => p.Cancel(Samples.Member(1).ToString(), null, "withdrawn\0", Samples.Start));

        Assert.Equal(["reason"], e.Errors.Select(x => x.Field));
        Assert.Equal(state, p.State);
    }
}
