using System.Globalization;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// <see cref="RegistryGateway"/>, the domain's port on the registry, on anvil: every refusal of the
/// contract comes back as a <see cref="RegistryRefusedException"/> naming the field in plain words;
/// the ballots it reports come from the registry's logs; the audit anchor round-trips. The push
/// journal is an in-memory <see cref="IPushJournal"/> (this project does not reference the
/// persistence layer; SqlitePushJournal is tested there).
/// </summary>
public sealed class RegistryGatewayTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryGatewayTests(AnvilFixture node) => _node = node;

    private static SigningKey Operator => RegistryScenario.Operator;

    [Fact]
    public async Task Push_BeforeVotingEnds_RefusedNamingTheVotingEnd()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4, 5);
        var votingEnd = (await s.Registry.GetProposalAsync(p.Id, Ct)).VotingEnd;

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => Gateway(s).PushAsync(p.Id, payload, Ct));

        Assert.Equal(("VotingNotEnded", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal($"proposal: voting on the registry ends at {votingEnd.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; it cannot be queued before", error.Message);
    }

    [Fact]
    public async Task Push_NoQuorum_RefusedWithTheWeights()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload, 1);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => Gateway(s).PushAsync(p.Id, payload, Ct));

        Assert.Equal(("QuorumNotReached", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal("proposal: quorum not reached: 1 weight voted For or Abstain, 4 needed", error.Message);
    }

    [Fact]
    public async Task Push_ForNotAboveAgainst_RefusedWithBothWeights()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4);
        await s.VoteAsync(p, BallotSupport.Abstain, Ct, 1, 2);
        await s.VoteAsync(p, BallotSupport.Against, Ct, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => Gateway(s).PushAsync(p.Id, payload, Ct));

        Assert.Equal(("MajorityNotReached", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal("proposal: the majority is not reached: For 2 is not above Against 2", error.Message);
    }

    /// <summary>The refusal and the tally panel's verdict say the same: 3 more weight For.</summary>
    [Fact]
    public async Task Push_SupermajorityMissing_RefusedSayingHowMuchMoreForItNeeds()
    {
        var r = await CustomRegistry.DeployAsync(_node, TestParameters.Example(), [2, 2, 2, 2, 2], Ct);
        var beyond = new SetBuilder(TestParameters.Example());
        beyond.SetAsset("BTC", scanRange: FixedPoint18.Parse("0.30", "t"));
        var payload = new ParametersPayload(beyond.Build("btc scan range doubled"));
        var p = await r.ProposeAsync(payload, Ct);
        await r.VoteAsync(p, BallotSupport.For, Ct, 1, 2, 3);
        await r.VoteAsync(p, BallotSupport.Against, Ct, 4, 5);
        await r.EndVotingAsync(_node, p.Id, Ct);
        var gateway = new RegistryGateway(r.Registry, new RegistrySigners(Operator, RegistryScenario.Guardian), new RecordingPushJournal());

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.PushAsync(p.Id, payload, Ct));
        var tally = await gateway.GetTallyAsync(p.Id, Ct);

        Assert.Equal(("SupermajorityNotReached", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal("proposal: the supermajority is not reached: For 6, 9 needed (needs 3 more weight For)", error.Message);
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.Verdict);
        Assert.False(tally.CanStillPass);
    }

    [Fact]
    public async Task Push_BaseReplacedBeforeExecution_RefusedAsStaleWithBothVersions()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var first = new ParametersPayload(TestParameters.Revised());
        var ethOnly = new SetBuilder(TestParameters.Example());
        ethOnly.SetAsset("ETH", haircut: FixedPoint18.Parse("0.12", "t"));
        var second = new ParametersPayload(ethOnly.Build("eth haircut"));
        var p1 = await s.ProposeAsync(first, Ct);
        var p2 = await s.ProposeAsync(second, Ct);
        await s.VoteAsync(p1, BallotSupport.For, Ct, 4, 5);
        await s.VoteAsync(p2, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, p2.Id, Ct);
        var journal = new RecordingPushJournal();
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(Operator, RegistryScenario.Guardian), journal);
        await gateway.PushAsync(p1.Id, first, Ct);
        await gateway.PushAsync(p2.Id, second, Ct);
        await s.ReachEtaAsync(_node, p2.Id, Ct);
        var executed = await gateway.PushAsync(p1.Id, first, Ct);
        var nonceBefore = await s.NonceAsync(Operator.Address, Ct);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.PushAsync(p2.Id, second, Ct));

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(("StaleBase", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal("proposal: it was drafted from version 1, but version 2 is in force: the registry will never queue or execute it; rebase it", error.Message);
        Assert.Null((await gateway.FindPushAsync(p2.Id, Ct))!.Execute);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator.Address, Ct));
    }

    [Fact]
    public async Task CastVote_NonMember_RefusedNamingTheVoterAndEpoch()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var outsider = RegistryScenario.NonMember;

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(
            () => Gateway(s).CastVoteAsync(p.Id, outsider.Address, BallotSupport.For, s.Ballot(p.Id, p.BallotHash).Sign(outsider), Ct));

        Assert.Equal(("NotInCommittee", "ballot.voter"), (error.ErrorName, error.Field));
        Assert.Equal($"ballot.voter: {outsider.Address} is not in the committee of the proposal's epoch 1", error.Message);
    }

    [Fact]
    public async Task CastVote_SignedBySomeoneElse_RefusedNamingTheSignature()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var member = RegistryScenario.Key(4).Address;

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(
            () => Gateway(s).CastVoteAsync(p.Id, member, BallotSupport.For, s.Ballot(p.Id, p.BallotHash).Sign(RegistryScenario.NonMember), Ct));

        Assert.Equal(("SignatureMismatch", "ballot.signature"), (error.ErrorName, error.Field));
        Assert.Equal(
            $"ballot.signature: recovers to {RegistryScenario.NonMember.Address}, not the voter {member} (forged, or signed for another proposal, chain or registry)",
            error.Message);
    }

    [Fact]
    public async Task CastVote_HighS_RefusedNamingTheSignature()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var member = RegistryScenario.Key(4);
        var high = EcdsaSignature.FromBytes(RegistryFlowTests.HighS(s.Ballot(p.Id, p.BallotHash).Sign(member).ToBytes()));

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(() => Gateway(s).CastVoteAsync(p.Id, member.Address, BallotSupport.For, high, Ct));

        Assert.False(high.IsLowS);
        Assert.Equal(("SignatureHighS", "ballot.signature"), (error.ErrorName, error.Field));
        Assert.Equal("ballot.signature: has a high s; the registry accepts only the low-s form (EIP-2)", error.Message);
    }

    [Fact]
    public async Task CastVote_Twice_RefusedNamingTheVoter()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var member = RegistryScenario.Key(4);
        var gateway = Gateway(s);
        await gateway.CastVoteAsync(p.Id, member.Address, BallotSupport.For, s.Ballot(p.Id, p.BallotHash).Sign(member), Ct);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(
            () => gateway.CastVoteAsync(p.Id, member.Address, BallotSupport.Against, s.Ballot(p.Id, p.BallotHash, BallotSupport.Against).Sign(member), Ct));

        Assert.Equal(("AlreadyVoted", "ballot.voter"), (error.ErrorName, error.Field));
        Assert.Equal($"ballot.voter: {member.Address} has already voted on this proposal", error.Message);
        Assert.Equal((2L, 0L), ((await gateway.GetTallyAsync(p.Id, Ct)).For, (await gateway.GetTallyAsync(p.Id, Ct)).Against));
    }

    /// <summary>The chain's words and the domain's own hard-limit check agree on the field and the text.</summary>
    [Fact]
    public async Task CheckAndPropose_BelowHardLimit_RefusedNamingTheAssetField()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var b = new SetBuilder(TestParameters.Example());
        b.SetAsset("BTC", scanRange: FixedPoint18.Parse("0.005", "t"));
        var set = b.Build("below the hard limit");
        var payload = new ParametersPayload(set);
        var gateway = Gateway(s);
        var nonceBefore = await s.NonceAsync(Operator.Address, Ct);

        var check = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.CheckProposalAsync(payload, set.ParamsHash, 1, Ct));
        var propose = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.ProposeAsync(payload, set.ParamsHash, 1, Hash32.Keccak("s"), Ct));

        Assert.Equal(("HardBoundExceeded", "params.assets.BTC.scanRange"), (check.ErrorName, check.Field));
        Assert.Equal("params.assets.BTC.scanRange: 0.005 is outside the registry's hard limits [0.01, 1]", check.Message);
        Assert.Equal(check.Message, propose.Message);
        Assert.Equal(check.Message, Assert.Single(RegistryScenario.Bounds.HardLimitErrors(set)).ToString());
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator.Address, Ct));
    }

    [Fact]
    public async Task CheckProposal_RulesWithZeroQuorum_RefusedNamingTheRule()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new RulesPayload(RegistryScenario.Rules with { QuorumBps = 0 }, RegistryScenario.Bounds);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(
            () => Gateway(s).CheckProposalAsync(payload, Hash32.Keccak(ProposalPayloadAbi.Encode(payload)), 0, Ct));

        Assert.Equal(("InvalidRule", "rules.quorumBps"), (error.ErrorName, error.Field));
        Assert.Equal("rules.quorumBps: must be in 1..10000 basis points", error.Message);
    }

    [Fact]
    public async Task CheckProposal_ValidProposals_SayWhetherTheSupermajorityApplies()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var gateway = Gateway(s);
        var within = new ParametersPayload(TestParameters.Revised());
        var membership = new MembershipPayload(RegistryScenario.InitialCommittee, RegistryScenario.Guardian.Address);

        Assert.False(await gateway.CheckProposalAsync(within, within.Set.ParamsHash, 1, Ct));
        Assert.True(await gateway.CheckProposalAsync(membership, Hash32.Keccak(ProposalPayloadAbi.Encode(membership)), 0, Ct));
    }

    /// <summary>The gateway's push does not try an execute before the eta (it reports Queued); the registry's refusal of an early execute still reads in plain words.</summary>
    [Fact]
    public async Task Execute_BeforeEta_GatewayReportsQueuedAndTheRefusalNamesTheEta()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var gateway = Gateway(s);
        var queued = await gateway.PushAsync(p.Id, payload, Ct);
        var again = await gateway.PushAsync(p.Id, payload, Ct);

        var error = await Assert.ThrowsAsync<RegistryRefusedException>(
            () => RegistryRefusals.Translate(() => s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct)));

        Assert.Equal((PushOutcome.Queued, PushOutcome.Queued), (queued.Outcome, again.Outcome));
        Assert.Equal(("TimelockNotElapsed", "proposal"), (error.ErrorName, error.Field));
        Assert.Equal($"proposal: the registry's timelock runs until {queued.Eta!.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC", error.Message);
    }

    [Fact]
    public async Task CancelAndVeto_WithoutTheGuardiansKey_RefusedNamingTheActor()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var impostor = RegistryScenario.Key(1);
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(Operator, impostor), new RecordingPushJournal());
        await gateway.PushAsync(p.Id, payload, Ct);

        var cancel = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.CancelAsync(p.Id, asGuardian: false, Ct));
        var veto = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.VetoAsync(p.Id, Ct));

        Assert.Equal(("NotGuardian", "actor"), (cancel.ErrorName, cancel.Field));
        Assert.Equal($"actor: {Operator.Address} is not the registry's guardian", cancel.Message);
        Assert.Equal($"actor: {impostor.Address} is not the registry's guardian", veto.Message);
        Assert.Equal(RegistryProposalState.Queued, (await gateway.GetProposalAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Propose_AlreadyRegistered_ReturnsNullWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var salt = Hash32.Keccak("idempotent");
        var identity = ProposalPayloadAbi.Identify(payload, 1, salt);
        var gateway = Gateway(s);

        var first = await gateway.ProposeAsync(payload, identity.BallotHash, 1, salt, Ct);
        var nonceBefore = await s.NonceAsync(Operator.Address, Ct);
        var second = await gateway.ProposeAsync(payload, identity.BallotHash, 1, salt, Ct);

        Assert.NotNull(first);
        Assert.True((await s.Chain.GetReceiptAsync(first.Value, Ct))!.Succeeded);
        Assert.Null(second);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator.Address, Ct));
        Assert.Equal(RegistryProposalState.Active, (await gateway.GetProposalAsync(identity.Id, Ct)).State);
    }

    /// <summary>
    /// The ballots the gateway reports are the registry's VoteCast logs: two relayed by the portal and
    /// one relayed by a third party with Foundry's cast (v written as 0/1, which the registry accepts).
    /// </summary>
    [Fact]
    public async Task GetVotes_RelayedByPortalAndByAThirdParty_ReadFromTheLogs()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var gateway = Gateway(s);
        var ada = RegistryScenario.Key(1);
        var dana = RegistryScenario.Key(4);
        var eve = RegistryScenario.Key(5);
        var adaBallot = s.Ballot(p.Id, p.BallotHash).Sign(ada);
        var danaBallot = s.Ballot(p.Id, p.BallotHash, BallotSupport.Against).Sign(dana);
        var eveBallot = s.Ballot(p.Id, p.BallotHash, BallotSupport.Abstain).Sign(eve).ToBytes();
        eveBallot[64] -= 27;

        var adaTx = await gateway.CastVoteAsync(p.Id, ada.Address, BallotSupport.For, adaBallot, Ct);
        var danaTx = await gateway.CastVoteAsync(p.Id, dana.Address, BallotSupport.Against, danaBallot, Ct);
        var sent = await CastTool.RunAsync(
            Ct, "send", "--json", "--rpc-url", _node.RpcUrl.ToString(), "--private-key", DevelopmentKeys.PrivateKeyHex(7), s.Registry.Address.ToString(),
            "castVote(bytes32,address,uint8,bytes)", p.Id.ToString(), eve.Address.ToString(), "2", HexText.Encode(eveBallot));
        using var receipt = JsonDocument.Parse(sent);
        var eveTx = Hash32.Parse(receipt.RootElement.GetProperty("transactionHash").GetString()!);
        var votes = await gateway.GetVotesAsync(p.Id, Ct);

        Assert.Equal("0x1", receipt.RootElement.GetProperty("status").GetString());
        Assert.Equal([ada.Address, dana.Address, eve.Address], votes.Select(v => v.Voter));
        Assert.Equal([BallotSupport.For, BallotSupport.Against, BallotSupport.Abstain], votes.Select(v => v.Support));
        Assert.Equal([1L, 2L, 2L], votes.Select(v => v.Weight));
        Assert.Equal([adaBallot, danaBallot, EcdsaSignature.FromBytes(eveBallot)], votes.Select(v => v.Signature));
        Assert.Equal([adaTx, danaTx, eveTx], votes.Select(v => v.TransactionHash));
        foreach (var vote in votes)
        {
            var mined = (await s.Chain.GetReceiptAsync(vote.TransactionHash, Ct))!;
            Assert.Equal((await s.Chain.GetBlockAsync(mined.BlockNumber, Ct))!.Timestamp, vote.At);
        }

        Assert.Equal(RegistryScenario.Key(7).Address, (await s.Chain.GetReceiptAsync(eveTx, Ct))!.From);
        Assert.Equal(new RegistryTally(1, 2, 2, 7, 4, false, false, false, 2, 2), await gateway.GetTallyAsync(p.Id, Ct));
        Assert.Empty(await gateway.GetVotesAsync(Hash32.Keccak("no such proposal"), Ct));
    }

    [Fact]
    public async Task AuditAnchor_RoundTripsPerAccountAndALowerCountOrAnotherHeadIsRefused()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var gateway = Gateway(s);
        var head = Hash32.Keccak("entry 5");
        var later = Hash32.Keccak("entry 9");

        var before = await gateway.GetAuditAnchorAsync(Ct);
        var tx = await gateway.AnchorAuditAsync(head, 5, Ct);
        var first = await gateway.GetAuditAnchorAsync(Ct);
        await gateway.AnchorAuditAsync(later, 9, Ct);
        var regressed = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.AnchorAuditAsync(Hash32.Keccak("rewritten"), 8, Ct));
        var rewritten = await Assert.ThrowsAsync<RegistryRefusedException>(() => gateway.AnchorAuditAsync(Hash32.Keccak("rewritten"), 9, Ct));
        await gateway.AnchorAuditAsync(later, 9, Ct);
        await s.Registry.AnchorAuditAsync(RegistryScenario.Key(7), Hash32.Keccak("someone else's log"), 1, Ct);

        Assert.Null(before);
        var block = (await s.Chain.GetBlockAsync((await s.Chain.GetReceiptAsync(tx, Ct))!.BlockNumber, Ct))!;
        Assert.Equal(new AuditAnchor(Operator.Address, head, 5, block.Timestamp), first);
        Assert.Equal(("AnchorRegressed", "audit"), (regressed.ErrorName, regressed.Field));
        Assert.Equal("audit: the registry already anchors 9 entries; 8 entries, or the same count with another head, would rewrite them", regressed.Message);
        Assert.Equal(("AnchorRegressed", "audit"), (rewritten.ErrorName, rewritten.Field));
        var current = (await gateway.GetAuditAnchorAsync(Ct))!;
        Assert.Equal((later, 9L), (current.Head, current.Entries));
        Assert.Equal(1, (await s.Registry.GetAuditAnchorAsync(RegistryScenario.Key(7).Address, Ct))!.Entries);
        var anchored = await RegistryFlowTests.AllEventsAsync<AuditAnchoredEventDto>(s.Registry);
        Assert.Equal([5, 9, 9, 1], anchored.Select(e => (int)e.Event.Entries));
    }

    private static RegistryGateway Gateway(RegistryScenario s)
        => new(s.Registry, new RegistrySigners(Operator, RegistryScenario.Guardian), new RecordingPushJournal());

    private async Task<ProposalIdentity> PassAsync(RegistryScenario s, ProposalPayload payload, params int[] accounts)
    {
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, accounts.Length == 0 ? [4, 5] : accounts);
        await s.EndVotingAsync(_node, p.Id, Ct);
        return p;
    }
}
