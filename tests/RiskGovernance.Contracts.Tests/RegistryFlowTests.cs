using System.Globalization;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// The registry's whole flow through <see cref="RiskParameterRegistryService"/> on anvil: propose,
/// relay ballots, queue after the vote, execute after the timelock with the payload; and each
/// refusal the issue lists, decoded from the revert data by name and arguments.
/// </summary>
public sealed class RegistryFlowTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryFlowTests(AnvilFixture node) => _node = node;

    public enum BadBallot
    {
        NonMemberSigner,
        ForgedForMember,
        SignedForOtherBallotHash,
        SignedWithOtherSupport,
        SignedForOtherProposal,
        OtherChainId,
        OtherVerifyingContract,
        HighS,
        ShortSignature,
        InvalidV,
        ZeroR,
        DuplicateSameBallot,
        DuplicateOtherSupport,
        UnknownSupport,
        AfterVotingEnd,
    }

    private static SigningKey Operator => RegistryScenario.Operator;

    [Fact]
    public async Task ProposeVoteQueueExecute_PassingSet_StoresVersion2AndKeepsVersion1()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var revised = TestParameters.Revised();
        var payload = new ParametersPayload(revised);
        var btc = FixedPoint18.FromDouble(-2, "q");
        var price = FixedPoint18.FromDouble(18547.23, "S");
        var marginV1 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);

        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 1, 4, 5);
        var early = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(Operator, p.Id, Ct));
        await s.EndVotingAsync(_node, p.Id, Ct);
        var succeeded = await s.Registry.GetProposalAsync(p.Id, Ct);
        var queueReceipt = await s.Registry.QueueAsync(Operator, p.Id, Ct);
        var beforeEta = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct));
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var receipt = await s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct);
        var second = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct));

        Assert.Equal("VotingNotEnded", early.ErrorName);
        Assert.Equal(p.Id.ToString(), early.Arguments[0]);
        Assert.Equal(RegistryProposalState.Succeeded, succeeded.State);
        Assert.Equal("TimelockNotElapsed", beforeEta.ErrorName);
        Assert.Equal("ProposalAlreadyExecuted", second.ErrorName);
        Assert.Equal([p.Id.ToString(), "2"], second.Arguments);

        var queued = Assert.Single(await DecodeEventsAsync<ProposalQueuedEventDto>(s.Chain, queueReceipt)).Event;
        var queuedBlock = (await s.Chain.GetBlockAsync(queueReceipt.BlockNumber, Ct))!;
        Assert.Equal(p.Id, Hash32.FromBytes(queued.ProposalId));
        Assert.Equal(queuedBlock.Timestamp + RegistryScenario.Delay, DateTimeOffset.FromUnixTimeSeconds((long)queued.Eta));
        var executed = Assert.Single(await DecodeEventsAsync<ParametersExecutedEventDto>(s.Chain, receipt)).Event;
        Assert.Equal(new BigInteger(2), executed.Version);
        Assert.Equal(p.Id, Hash32.FromBytes(executed.ProposalId));
        Assert.Equal(revised.ParamsHash, Hash32.FromBytes(executed.ParamsHash));
        var proposalExecuted = Assert.Single(await DecodeEventsAsync<ProposalExecutedEventDto>(s.Chain, receipt)).Event;
        Assert.Equal((0, new BigInteger(2)), (proposalExecuted.Kind, proposalExecuted.Version));

        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(revised, await s.Registry.GetCurrentParametersAsync(Ct));
        Assert.Equal(TestParameters.Example(), await s.Registry.GetParametersAsync(1, Ct));
        Assert.Equal(revised.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Equal("0.8", (await s.Registry.GetCorrelationAsync("ETH", "BTC", null, Ct)).ToString());
        Assert.Equal("0.85", (await s.Registry.GetCorrelationAsync("BTC", "ETH", 1, Ct)).ToString());
        Assert.Equal(FixedPoint18.One, await s.Registry.GetCorrelationAsync("SOL", "SOL", null, Ct));
        Assert.Equal("0.2", (await s.Registry.GetAssetParametersAsync("BTC", null, Ct)).ScanRange.ToString());
        Assert.Equal("0.15", (await s.Registry.GetAssetParametersAsync("BTC", 1, Ct)).ScanRange.ToString());
        var proposal = await s.Registry.GetProposalAsync(p.Id, Ct);
        Assert.Equal(RegistryProposalState.Executed, proposal.State);
        Assert.Equal(ProposalKind.Parameters, proposal.Kind);
        Assert.False(proposal.Supermajority);
        Assert.Equal(2, proposal.ExecutedVersion);
        Assert.Equal((revised.ParamsHash, p.PayloadHash, 1L, 1L), (proposal.BallotHash, proposal.PayloadHash, proposal.BaseVersion, proposal.Epoch));
        Assert.Equal(Hash32.Keccak(ProposalPayloadAbi.Encode(payload)), proposal.PayloadHash);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)queued.Eta), proposal.Eta);
        Assert.Equal((5_000, 6_667), (proposal.QuorumBps, proposal.SupermajorityBps));
        var tally = await s.Registry.GetTallyAsync(p.Id, Ct);
        Assert.Equal(new RegistryTally(5, 0, 0, 7, 4, true, true, true, 0, 2), tally);
        Assert.Equal("passes on chain: yes", tally.Verdict);
        var info = await s.Registry.GetVersionInfoAsync(2, Ct);
        Assert.Equal(new RegistryVersionInfo(revised.ParamsHash, p.Id, (await s.Chain.GetBlockAsync(receipt.BlockNumber, Ct))!.Timestamp), info);

        // |q| S scanRange max(1, extremeMultiple * extremeCoverage) imMultiplier, computed independently in decimal.
        Assert.Equal(2m * 18547.23m * 0.15m * Math.Max(1m, 3m * 0.33m) * 1.0m, marginV1.ToDecimal());
        var marginV2 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);
        Assert.Equal(2m * 18547.23m * 0.20m * Math.Max(1m, 3m * 0.5m) * 1.2m, marginV2.ToDecimal());
        Assert.Equal(2, await s.Consumer.GetParameterVersionAsync(Ct));
    }

    [Fact]
    public async Task Deploy_ExampleGenesis_ReadsBackFieldByFieldWithRulesBoundsAndCommittee()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var example = TestParameters.Example();

        var onChain = await s.Registry.GetParametersAsync(1, Ct);
        // parameters(1) returns the struct, ABI-encoded exactly as abi.encode(RiskParameters): read the raw bytes.
        var raw = await s.Chain.Web3.Eth.Transactions.Call.SendRequestAsync(new CallInput(
            HexText.Encode(new ParametersFunction { Version = 1 }.GetCallData()), s.Registry.Address.ToString())).WaitAsync(Ct);
        var committee = await s.Registry.GetCommitteeAsync(null, Ct);

        ParameterSetAssert.FieldByField(example, onChain);
        Assert.Equal(HexText.Encode(RiskParametersAbi.Encode(example)), raw);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(RegistryScenario.Rules, await s.Registry.GetRulesAsync(Ct));
        Assert.Equal(RegistryScenario.Bounds, await s.Registry.GetBoundsAsync(Ct));
        Assert.Equal(1, committee.Epoch);
        Assert.Equal(RegistryScenario.InitialCommittee, committee.Members);
        Assert.Equal(7, committee.TotalWeight);
        Assert.Equal(RegistryScenario.Guardian.Address, committee.Guardian);
        Assert.Equal(RegistryScenario.Guardian.Address, await s.Registry.GetGuardianAsync(Ct));
        Assert.Equal(1, await s.Registry.GetCommitteeEpochAsync(Ct));
        Assert.Equal(Hash32.Zero, (await s.Registry.GetVersionInfoAsync(1, Ct)).ProposalId);
        Assert.Equal(example.ParamsHash, (await s.Registry.GetVersionInfoAsync(1, Ct)).ParamsHash);
        Assert.Empty((await s.Registry.GetCommitteeAsync(2, Ct)).Members);
    }

    /// <summary>An indexer follows everything from the logs alone: the deployment emits the committee, the guardian, the rules and the genesis version.</summary>
    [Fact]
    public async Task Deploy_Events_AnnounceCommitteeGuardianRulesAndGenesis()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);

        var committee = Assert.Single(await AllEventsAsync<CommitteeChangedEventDto>(s.Registry)).Event;
        var guardian = Assert.Single(await AllEventsAsync<GuardianChangedEventDto>(s.Registry)).Event;
        var rules = Assert.Single(await AllEventsAsync<RulesChangedEventDto>(s.Registry)).Event;
        var genesis = Assert.Single(await AllEventsAsync<ParametersExecutedEventDto>(s.Registry)).Event;

        Assert.Equal(BigInteger.One, committee.Epoch);
        Assert.Equal(RegistryScenario.InitialCommittee.Select(m => m.Address), committee.Members.Select(m => Address.Parse(m.ToLowerInvariant())));
        Assert.Equal(RegistryScenario.InitialCommittee.Select(m => new BigInteger(m.Weight)), committee.Weights);
        Assert.Equal(Address.Zero, Address.Parse(guardian.PreviousGuardian.ToLowerInvariant()));
        Assert.Equal(RegistryScenario.Guardian.Address, Address.Parse(guardian.Guardian.ToLowerInvariant()));
        Assert.Equal(RegistryScenario.Rules, ProposalPayloadAbi.FromDto(rules.Rules));
        Assert.Equal(RegistryScenario.Bounds, ProposalPayloadAbi.FromDto(rules.Bounds));
        Assert.Equal((BigInteger.One, Hash32.Zero, TestParameters.Example().ParamsHash),
            (genesis.Version, Hash32.FromBytes(genesis.ProposalId), Hash32.FromBytes(genesis.ParamsHash)));
    }

    [Fact]
    public async Task Propose_Registered_ProposalCreatedEventCarriesTheRegistration()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var salt = Hash32.Keccak("created");
        var identity = ProposalPayloadAbi.Identify(payload, 1, salt);

        var receipt = await s.Registry.ProposeAsync(Operator, payload, identity.BallotHash, 1, salt, Ct);

        var created = Assert.Single(await DecodeEventsAsync<ProposalCreatedEventDto>(s.Chain, receipt)).Event;
        var block = (await s.Chain.GetBlockAsync(receipt.BlockNumber, Ct))!;
        Assert.Equal(identity.Id, Hash32.FromBytes(created.ProposalId));
        Assert.Equal(0, created.Kind);
        Assert.Equal(identity.BallotHash, Hash32.FromBytes(created.BallotHash));
        Assert.Equal(identity.PayloadHash, Hash32.FromBytes(created.PayloadHash));
        Assert.Equal((BigInteger.One, BigInteger.One), (created.BaseVersion, created.Epoch));
        Assert.Equal(block.Timestamp.ToUnixTimeSeconds(), (long)created.VotingStart);
        Assert.Equal((block.Timestamp + RegistryScenario.Rules.VotingPeriod).ToUnixTimeSeconds(), (long)created.VotingEnd);
        Assert.False(created.Supermajority);
        Assert.Equal(Operator.Address, Address.Parse(created.Proposer.ToLowerInvariant()));
        var registered = await s.Registry.GetProposalAsync(identity.Id, Ct);
        Assert.Equal(RegistryProposalState.Active, registered.State);
        Assert.Equal(block.Timestamp, registered.VotingStart);
        Assert.Null(registered.Eta);
    }

    [Theory]
    [InlineData(BadBallot.NonMemberSigner, "NotInCommittee")]
    [InlineData(BadBallot.ForgedForMember, "SignatureMismatch")]
    [InlineData(BadBallot.SignedForOtherBallotHash, "SignatureMismatch")]
    [InlineData(BadBallot.SignedWithOtherSupport, "SignatureMismatch")]
    [InlineData(BadBallot.SignedForOtherProposal, "SignatureMismatch")]
    [InlineData(BadBallot.OtherChainId, "SignatureMismatch")]
    [InlineData(BadBallot.OtherVerifyingContract, "SignatureMismatch")]
    [InlineData(BadBallot.HighS, "SignatureHighS")]
    [InlineData(BadBallot.ShortSignature, "InvalidSignatureLength")]
    [InlineData(BadBallot.InvalidV, "InvalidSignature")]
    [InlineData(BadBallot.ZeroR, "InvalidSignature")]
    [InlineData(BadBallot.DuplicateSameBallot, "AlreadyVoted")]
    [InlineData(BadBallot.DuplicateOtherSupport, "AlreadyVoted")]
    [InlineData(BadBallot.UnknownSupport, "InvalidSupport")]
    [InlineData(BadBallot.AfterVotingEnd, "VotingClosed")]
    public async Task CastVote_BadBallot_RefusedWithDecodedErrorAndNothingCounted(BadBallot kind, string expectedError)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var other = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 1);
        var member = RegistryScenario.Key(4);
        var voter = member.Address;
        var support = BallotSupport.For;
        byte[] Good() => s.Ballot(p.Id, p.BallotHash).Sign(member).ToBytes();
        if (kind is BadBallot.DuplicateSameBallot or BadBallot.DuplicateOtherSupport)
        {
            await s.VoteAsync(p, BallotSupport.For, Ct, 4);
        }

        if (kind == BadBallot.AfterVotingEnd)
        {
            await s.EndVotingAsync(_node, p.Id, Ct);
        }

        var signature = kind switch
        {
            BadBallot.NonMemberSigner => s.Ballot(p.Id, p.BallotHash).Sign(RegistryScenario.NonMember).ToBytes(),
            BadBallot.ForgedForMember => s.Ballot(p.Id, p.BallotHash).Sign(RegistryScenario.NonMember).ToBytes(),
            BadBallot.SignedForOtherBallotHash => s.Ballot(p.Id, Hash32.Keccak("other")).Sign(member).ToBytes(),
            BadBallot.SignedWithOtherSupport => s.Ballot(p.Id, p.BallotHash, BallotSupport.Against).Sign(member).ToBytes(),
            BadBallot.SignedForOtherProposal => s.Ballot(other.Id, other.BallotHash).Sign(member).ToBytes(),
            BadBallot.OtherChainId => new BallotTypedData(new BallotDomain(1, s.Registry.Address), new Ballot(p.Id, p.BallotHash, BallotSupport.For)).Sign(member).ToBytes(),
            BadBallot.OtherVerifyingContract => new BallotTypedData(new BallotDomain(DevelopmentKeys.LocalChainId, s.Consumer.Address), new Ballot(p.Id, p.BallotHash, BallotSupport.For)).Sign(member).ToBytes(),
            BadBallot.HighS => HighS(Good()),
            BadBallot.ShortSignature => Good()[..64],
            BadBallot.InvalidV => [.. Good()[..64], 29],
            BadBallot.ZeroR => [.. new byte[32], .. Good()[32..]],
            BadBallot.DuplicateSameBallot => Good(),
            BadBallot.DuplicateOtherSupport => s.Ballot(p.Id, p.BallotHash, BallotSupport.Against).Sign(member).ToBytes(),
            BadBallot.UnknownSupport => Good(),
            BadBallot.AfterVotingEnd => Good(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (kind == BadBallot.NonMemberSigner)
        {
            voter = RegistryScenario.NonMember.Address;
        }

        if (kind == BadBallot.DuplicateOtherSupport)
        {
            support = BallotSupport.Against;
        }

        if (kind == BadBallot.UnknownSupport)
        {
            support = (BallotSupport)3;
        }

        var tallyBefore = await s.Registry.GetTallyAsync(p.Id, Ct);
        var nonceBefore = await s.NonceAsync(Operator.Address, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.CastVoteAsync(Operator, p.Id, voter, support, signature, Ct));

        Assert.Equal(expectedError, error.ErrorName);
        Assert.StartsWith("0x", error.EncodedData, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator.Address, Ct));
        Assert.Equal(tallyBefore, await s.Registry.GetTallyAsync(p.Id, Ct));
        switch (kind)
        {
            case BadBallot.NonMemberSigner:
                Assert.Equal([p.Id.ToString(), "1", RegistryScenario.NonMember.Address.ToString()], error.Arguments);
                break;
            case BadBallot.ForgedForMember:
                Assert.Equal([member.Address.ToString(), RegistryScenario.NonMember.Address.ToString()], error.Arguments);
                break;
            case BadBallot.SignedForOtherBallotHash or BadBallot.SignedWithOtherSupport or BadBallot.SignedForOtherProposal
                or BadBallot.OtherChainId or BadBallot.OtherVerifyingContract:
                Assert.Equal(member.Address.ToString(), error.Arguments[0]);
                Assert.NotEqual(member.Address.ToString(), error.Arguments[1]);
                break;
            case BadBallot.ShortSignature:
                Assert.Equal(["64"], error.Arguments);
                break;
            case BadBallot.HighS or BadBallot.InvalidV or BadBallot.ZeroR:
                Assert.Empty(error.Arguments);
                break;
            case BadBallot.DuplicateSameBallot or BadBallot.DuplicateOtherSupport:
                Assert.Equal([p.Id.ToString(), member.Address.ToString()], error.Arguments);
                break;
            case BadBallot.UnknownSupport:
                Assert.Equal(["3"], error.Arguments);
                break;
            case BadBallot.AfterVotingEnd:
                var registered = await s.Registry.GetProposalAsync(p.Id, Ct);
                Assert.Equal(p.Id.ToString(), error.Arguments[0]);
                Assert.Equal(registered.VotingEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), error.Arguments[2]);
                break;
        }
    }

    /// <summary>Proposal ids do not name the registry: the same payload and salt give the same id on two registries, and the domain keeps their ballots apart.</summary>
    [Fact]
    public async Task CastVote_BallotCountedOnAnotherRegistry_ReplayRefused()
    {
        var a = await RegistryScenario.DeployAsync(_node, Ct);
        var b = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var salt = Hash32.Keccak("same on both");
        var onA = await a.ProposeAsync(payload, Ct, salt: salt);
        var onB = await b.ProposeAsync(payload, Ct, salt: salt);
        await b.VoteAsync(onB, BallotSupport.For, Ct, 4);
        var relayed = Assert.Single(await b.Registry.GetVotesAsync(onB.Id, Ct));

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => a.Registry.CastVoteAsync(Operator, onA.Id, relayed.Voter, BallotSupport.For, relayed.Signature.ToBytes(), Ct));

        Assert.Equal(onA.Id, onB.Id);
        Assert.Equal("SignatureMismatch", error.ErrorName);
        Assert.Equal(RegistryScenario.Key(4).Address.ToString(), error.Arguments[0]);
        Assert.Equal(0, (await a.Registry.GetTallyAsync(onA.Id, Ct)).For);
    }

    [Fact]
    public async Task Queue_QuorumNotReached_RefusedAndReportedDefeated()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 1);
        await s.EndVotingAsync(_node, p.Id, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(Operator, p.Id, Ct));
        var tally = await s.Registry.GetTallyAsync(p.Id, Ct);

        Assert.Equal("QuorumNotReached", error.ErrorName);
        Assert.Equal([p.Id.ToString(), "1", "4"], error.Arguments);
        Assert.Equal(RegistryProposalState.Defeated, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
        Assert.Equal(new RegistryTally(1, 0, 0, 7, 4, false, true, false, 3, 6), tally);
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.Verdict);
    }

    [Fact]
    public async Task Queue_ForNotAboveAgainst_MajorityNotReached()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4);
        await s.VoteAsync(p, BallotSupport.Abstain, Ct, 1, 2);
        await s.VoteAsync(p, BallotSupport.Against, Ct, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(Operator, p.Id, Ct));
        var tally = await s.Registry.GetTallyAsync(p.Id, Ct);

        Assert.Equal("MajorityNotReached", error.ErrorName);
        Assert.Equal([p.Id.ToString(), "2", "2"], error.Arguments);
        Assert.Equal(new RegistryTally(2, 2, 2, 7, 4, true, false, false, 1, 1), tally);
        Assert.Equal(RegistryProposalState.Defeated, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    /// <summary>
    /// The case replayed exactly: a committee of total weight 10, For 6 / Against 4 on a change
    /// beyond the step bounds (BTC scan range +100 %), queued first before the vote ends and then after.
    /// The old registry queued it; this one needs 2/3 of For + Against: 9 For, so 3 more.
    /// </summary>
    [Fact]
    public async Task Queue_SixForFourAgainstBeyondStepBounds_EarlyAndLateQueueRefused()
    {
        var r = await CustomRegistry.DeployAsync(_node, TestParameters.Example(), [2, 2, 2, 2, 2], Ct);
        var beyond = new SetBuilder(TestParameters.Example());
        beyond.SetAsset("BTC", scanRange: FixedPoint18.Parse("0.30", "t"));
        var p = await r.ProposeAsync(new ParametersPayload(beyond.Build("btc scan range doubled")), Ct);
        await r.VoteAsync(p, BallotSupport.For, Ct, 1, 2, 3);
        await r.VoteAsync(p, BallotSupport.Against, Ct, 4, 5);

        var early = await Assert.ThrowsAsync<ContractRevertException>(() => r.Registry.QueueAsync(Operator, p.Id, Ct));
        await r.EndVotingAsync(_node, p.Id, Ct);
        var late = await Assert.ThrowsAsync<ContractRevertException>(() => r.Registry.QueueAsync(Operator, p.Id, Ct));
        var tally = await r.Registry.GetTallyAsync(p.Id, Ct);
        var proposal = await r.Registry.GetProposalAsync(p.Id, Ct);

        Assert.Equal("VotingNotEnded", early.ErrorName);
        Assert.Equal("SupermajorityNotReached", late.ErrorName);
        Assert.Equal([p.Id.ToString(), "6", "9"], late.Arguments);
        Assert.True(proposal.Supermajority);
        Assert.Equal(RegistryProposalState.Defeated, proposal.State);
        Assert.Equal(new RegistryTally(6, 4, 0, 10, 5, true, false, false, 3, 0), tally);
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.Verdict);
        Assert.Equal(1, await r.Registry.GetCurrentVersionAsync(Ct));
    }

    /// <summary>The same 6 / 4 on a change within the step bounds passes: For above Against is the majority.</summary>
    [Fact]
    public async Task Queue_SixForFourAgainstWithinStepBounds_Queued()
    {
        var r = await CustomRegistry.DeployAsync(_node, TestParameters.Example(), [2, 2, 2, 2, 2], Ct);
        var p = await r.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await r.VoteAsync(p, BallotSupport.For, Ct, 1, 2, 3);
        await r.VoteAsync(p, BallotSupport.Against, Ct, 4, 5);
        await r.EndVotingAsync(_node, p.Id, Ct);

        await r.Registry.QueueAsync(Operator, p.Id, Ct);

        Assert.False((await r.Registry.GetProposalAsync(p.Id, Ct)).Supermajority);
        Assert.Equal(RegistryProposalState.Queued, (await r.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    /// <summary>GovernorPreventLateQuorum: the ballot that first reaches quorum keeps voting open for the extension.</summary>
    [Fact]
    public async Task CastVote_QuorumReachedLate_VotingExtendedAndQueueWaits()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        var registered = await s.Registry.GetProposalAsync(p.Id, Ct);
        var now = (await s.Chain.GetLatestBlockAsync(Ct)).Timestamp;
        await _node.IncreaseTimeAsync(registered.VotingEnd - now - TimeSpan.FromMinutes(5), Ct);

        await s.VoteAsync(p, BallotSupport.For, Ct, 4);
        var beforeQuorum = await s.Registry.GetProposalAsync(p.Id, Ct);
        var quorumBallot = s.Ballot(p.Id, p.BallotHash).Sign(RegistryScenario.Key(5));
        var receipt = await s.Registry.CastVoteAsync(Operator, p.Id, RegistryScenario.Key(5).Address, BallotSupport.For, quorumBallot.ToBytes(), Ct);
        var extended = Assert.Single(await DecodeEventsAsync<VotingExtendedEventDto>(s.Chain, receipt)).Event;
        var block = (await s.Chain.GetBlockAsync(receipt.BlockNumber, Ct))!;
        var after = await s.Registry.GetProposalAsync(p.Id, Ct);
        now = (await s.Chain.GetLatestBlockAsync(Ct)).Timestamp;
        await _node.IncreaseTimeAsync(registered.VotingEnd - now + TimeSpan.FromSeconds(1), Ct);
        var pastOriginalEnd = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(Operator, p.Id, Ct));
        var stillActive = (await s.Registry.GetProposalAsync(p.Id, Ct)).State;
        await s.EndVotingAsync(_node, p.Id, Ct);
        await s.Registry.QueueAsync(Operator, p.Id, Ct);

        Assert.Equal(registered.VotingEnd, beforeQuorum.VotingEnd);
        Assert.Equal(block.Timestamp + RegistryScenario.Rules.LateQuorumExtension, after.VotingEnd);
        Assert.Equal(after.VotingEnd.ToUnixTimeSeconds(), (long)extended.VotingEnd);
        Assert.Equal("VotingNotEnded", pastOriginalEnd.ErrorName);
        Assert.Equal(after.VotingEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), pastOriginalEnd.Arguments[1]);
        Assert.Equal(RegistryProposalState.Active, stillActive);
        Assert.Equal(RegistryProposalState.Queued, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    /// <summary>The third case: two proposals drafted from version 1 both pass; the first executes; the second can never execute (it would undo the first).</summary>
    [Fact]
    public async Task Execute_BaseReplacedByAnotherExecution_StaleBaseAndCancellableByAnyone()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var first = new ParametersPayload(TestParameters.Revised());
        var ethOnly = new SetBuilder(TestParameters.Example());
        ethOnly.SetAsset("ETH", haircut: FixedPoint18.Parse("0.12", "t"));
        var second = new ParametersPayload(ethOnly.Build("eth haircut"));
        var p1 = await s.ProposeAsync(first, Ct);
        var p2 = await s.ProposeAsync(second, Ct);
        var late = await s.ProposeAsync(second, Ct);
        await s.VoteAsync(p1, BallotSupport.For, Ct, 4, 5);
        await s.VoteAsync(p2, BallotSupport.For, Ct, 4, 5);
        await s.VoteAsync(late, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, late.Id, Ct);
        await s.Registry.QueueAsync(Operator, p1.Id, Ct);
        await s.Registry.QueueAsync(Operator, p2.Id, Ct);
        await s.ReachEtaAsync(_node, p2.Id, Ct);
        await s.Registry.ExecuteAsync(Operator, p1.Id, first, Ct);

        var execute = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(Operator, p2.Id, second, Ct));
        var queue = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(Operator, late.Id, Ct));
        var rebased = await Assert.ThrowsAsync<ContractRevertException>(() => s.ProposeAsync(second, Ct, baseVersion: 1));
        var cancelledBy = RegistryScenario.Key(7);
        await s.Registry.CancelAsync(cancelledBy, p2.Id, Ct);

        Assert.Equal("StaleBase", execute.ErrorName);
        Assert.Equal([p2.Id.ToString(), "1", "2"], execute.Arguments);
        Assert.Equal("StaleBase", queue.ErrorName);
        Assert.Equal([late.Id.ToString(), "1", "2"], queue.Arguments);
        Assert.Equal("InvalidBaseVersion", rebased.ErrorName);
        Assert.Equal(["1", "2"], rebased.Arguments);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(p2.Id, Ct)).State);
        var canceled = Assert.Single(await AllEventsAsync<ProposalCanceledEventDto>(s.Registry)).Event;
        Assert.Equal(cancelledBy.Address, Address.Parse(canceled.By.ToLowerInvariant()));
        Assert.Equal(TestParameters.Revised(), await s.Registry.GetCurrentParametersAsync(Ct));
    }

    [Fact]
    public async Task Cancel_NotGuardianOnFreshBase_RefusedButGuardianCancelsAndVotingCloses()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var p = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);

        var notGuardian = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.CancelAsync(Operator, p.Id, Ct));
        await s.Registry.CancelAsync(RegistryScenario.Guardian, p.Id, Ct);
        var vote = await Assert.ThrowsAsync<ContractRevertException>(() => s.VoteAsync(p, BallotSupport.For, Ct, 4));
        var again = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.CancelAsync(RegistryScenario.Guardian, p.Id, Ct));

        Assert.Equal("NotGuardian", notGuardian.ErrorName);
        Assert.Equal([Operator.Address.ToString()], notGuardian.Arguments);
        Assert.Equal("VotingClosed", vote.ErrorName);
        Assert.Equal("CannotCancel", again.ErrorName);
        Assert.Equal(((int)RegistryProposalState.Canceled).ToString(CultureInfo.InvariantCulture), again.Arguments[1]);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Propose_SamePayloadAndSaltTwice_ProposalAlreadyExists()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var salt = Hash32.Keccak("once");
        var p = await s.ProposeAsync(payload, Ct, salt: salt);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.ProposeAsync(payload, Ct, salt: salt));

        Assert.Equal("ProposalAlreadyExists", error.ErrorName);
        Assert.Equal([p.Id.ToString()], error.Arguments);
    }

    [Fact]
    public async Task Propose_NonPositiveScanRange_RejectedNamingAssetAndField()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue("assets.ETH.scanRange", 0.0);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.ProposeAsync(new ParametersPayload(set), Ct));

        Assert.Equal("InvalidAssetParameter", error.ErrorName);
        Assert.Equal("ETH", Bytes32Field.Decode(HexText.Decode(error.Arguments[0]), "symbol"));
        Assert.Equal("scanRange", Bytes32Field.Decode(HexText.Decode(error.Arguments[1]), "field"));
    }

    [Theory]
    [InlineData("mmRatio", 1.5)]
    [InlineData("grid.steps", 2.5)]
    [InlineData("grid.volFloor", 0.0)]
    [InlineData("simulation.confidence", 1.0)]
    [InlineData("simulation.scenarios", 99.0)]
    [InlineData("correlationStress", -0.1)]
    public async Task Propose_GlobalValueOutOfRange_RejectedNamingTheField(string path, double value)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue(path, value);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.ProposeAsync(new ParametersPayload(set), Ct));
        var check = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.CheckProposalAsync(new ParametersPayload(set), set.ParamsHash, 1, Ct));

        Assert.Equal("InvalidParameter", error.ErrorName);
        Assert.Equal(path, Bytes32Field.Decode(HexText.Decode(Assert.Single(error.Arguments)), "field"));
        Assert.Equal(error.ErrorName, check.ErrorName);
        Assert.Equal(error.Arguments, check.Arguments);
    }

    [Fact]
    public async Task Propose_BelowHardLimit_HardBoundExceededWithValueAndLimits()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var b = new SetBuilder(TestParameters.Example());
        b.SetAsset("BTC", scanRange: FixedPoint18.Parse("0.005", "t"));

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.ProposeAsync(new ParametersPayload(b.Build("below the hard limit")), Ct));

        Assert.Equal("HardBoundExceeded", error.ErrorName);
        Assert.Equal("scanRange", Bytes32Field.Decode(HexText.Decode(error.Arguments[0]), "field"));
        Assert.Equal("BTC", Bytes32Field.Decode(HexText.Decode(error.Arguments[1]), "symbol"));
        Assert.Equal(["5000000000000000", "10000000000000000", "1000000000000000000"], error.Arguments.Skip(2));
    }

    [Fact]
    public async Task Propose_MalformedRegistration_RefusedByName()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var membership = new MembershipPayload(RegistryScenario.InitialCommittee, RegistryScenario.Guardian.Address);
        var encoded = ProposalPayloadAbi.Encode(membership);
        var parameters = new ParametersPayload(TestParameters.Revised());

        var mismatch = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.ProposeAsync(Operator, membership, Hash32.Keccak("not the payload"), 0, Hash32.Keccak("s"), Ct));
        var zero = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.ProposeAsync(Operator, parameters, Hash32.Zero, 1, Hash32.Keccak("s"), Ct));
        var membershipWithBase = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.ProposeAsync(Operator, membership, Hash32.Keccak(encoded), 1, Hash32.Keccak("s"), Ct));
        var parametersOnVersion0 = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.ProposeAsync(Operator, parameters, parameters.Set.ParamsHash, 0, Hash32.Keccak("s"), Ct));

        Assert.Equal(("BallotHashMismatch", Hash32.Keccak(encoded).ToString()), (mismatch.ErrorName, mismatch.Arguments[1]));
        Assert.Equal("ZeroBallotHash", zero.ErrorName);
        Assert.Equal(("InvalidBaseVersion", "1", "0"), (membershipWithBase.ErrorName, membershipWithBase.Arguments[0], membershipWithBase.Arguments[1]));
        Assert.Equal(("InvalidBaseVersion", "0", "1"), (parametersOnVersion0.ErrorName, parametersOnVersion0.Arguments[0], parametersOnVersion0.Arguments[1]));
    }

    [Fact]
    public async Task Execute_AfterGracePeriod_RejectedAndReportedExpired()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);
        await s.Registry.QueueAsync(Operator, p.Id, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay + RegistryScenario.Grace + TimeSpan.FromSeconds(1), Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct));

        Assert.Equal("ProposalExpired", error.ErrorName);
        Assert.Equal(p.Id.ToString(), error.Arguments[0]);
        Assert.Equal(RegistryProposalState.Expired, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Execute_OtherPayloadThanRegistered_PayloadMismatch()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);
        await s.Registry.QueueAsync(Operator, p.Id, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.ExecuteAsync(Operator, p.Id, new ParametersPayload(TestParameters.Example()), Ct));

        Assert.Equal("PayloadMismatch", error.ErrorName);
        Assert.Equal([p.Id.ToString(), p.PayloadHash.ToString()], error.Arguments);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Veto_NonGuardianRejected_GuardianVetoBlocksExecution()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        var active = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.VetoAsync(RegistryScenario.Guardian, p.Id, Ct));
        await s.VoteAsync(p, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);
        await s.Registry.QueueAsync(Operator, p.Id, Ct);

        var notGuardian = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.VetoAsync(RegistryScenario.Key(1), p.Id, Ct));
        var veto = await s.Registry.VetoAsync(RegistryScenario.Guardian, p.Id, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var execute = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct));

        Assert.Equal("ProposalNotQueued", active.ErrorName);
        Assert.Equal([p.Id.ToString(), ((int)RegistryProposalState.Active).ToString(CultureInfo.InvariantCulture)], active.Arguments);
        Assert.Equal("NotGuardian", notGuardian.ErrorName);
        Assert.Equal([RegistryScenario.Key(1).Address.ToString()], notGuardian.Arguments);
        var vetoed = Assert.Single(await DecodeEventsAsync<ProposalVetoedEventDto>(s.Chain, veto)).Event;
        Assert.Equal(p.Id, Hash32.FromBytes(vetoed.ProposalId));
        Assert.Equal(RegistryScenario.Guardian.Address, Address.Parse(vetoed.Guardian.ToLowerInvariant()));
        Assert.Equal("ProposalNotQueued", execute.ErrorName);
        Assert.Equal([p.Id.ToString(), ((int)RegistryProposalState.Vetoed).ToString(CultureInfo.InvariantCulture)], execute.Arguments);
        Assert.Equal(RegistryProposalState.Vetoed, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    /// <summary>
    /// A committee change needs the supermajority, opens epoch 2 and changes the guardian; a proposal
    /// keeps the committee of the epoch it was registered in: the member who left still votes on it,
    /// the one who joined does not, and the other way round on a proposal registered afterwards.
    /// </summary>
    [Fact]
    public async Task Membership_Executed_NewEpochAndGuardianWhileOlderProposalsKeepTheirEpoch()
    {
        // A timelock shorter than the voting period, so that a proposal registered after the queue still votes after the execution.
        var s = await RegistryScenario.DeployAsync(_node, Ct, RegistryScenario.Rules with { TimelockDelay = TimeSpan.FromMinutes(10) });
        IReadOnlyList<WeightedMember> members =
        [
            new(RegistryScenario.Key(1).Address, 1), new(RegistryScenario.Key(2).Address, 1), new(RegistryScenario.Key(3).Address, 1),
            new(RegistryScenario.Key(4).Address, 2), new(RegistryScenario.Key(6).Address, 2),
        ];
        var newGuardian = RegistryScenario.Key(8);
        var payload = new MembershipPayload(members, newGuardian.Address);
        var m = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(m, BallotSupport.For, Ct, 1, 2, 3, 4);
        await s.VoteAsync(m, BallotSupport.Against, Ct, 5);
        await s.EndVotingAsync(_node, m.Id, Ct);
        await s.Registry.QueueAsync(Operator, m.Id, Ct);
        var before = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await s.ReachEtaAsync(_node, m.Id, Ct);
        var receipt = await s.Registry.ExecuteAsync(Operator, m.Id, payload, Ct);
        var after = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);

        var leftOnAfter = await Assert.ThrowsAsync<ContractRevertException>(() => s.VoteAsync(after, BallotSupport.For, Ct, 5));
        await s.VoteAsync(after, BallotSupport.For, Ct, 6);
        var joinedOnBefore = await Assert.ThrowsAsync<ContractRevertException>(() => s.VoteAsync(before, BallotSupport.For, Ct, 6));
        await s.VoteAsync(before, BallotSupport.For, Ct, 5);
        var oldGuardian = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.CancelAsync(RegistryScenario.Guardian, after.Id, Ct));
        await s.Registry.CancelAsync(newGuardian, after.Id, Ct);

        var registered = await s.Registry.GetProposalAsync(m.Id, Ct);
        Assert.Equal((ProposalKind.Membership, true, 0L, 1L), (registered.Kind, registered.Supermajority, registered.BaseVersion, registered.Epoch));
        Assert.Equal(Hash32.Keccak(ProposalPayloadAbi.Encode(payload)), registered.BallotHash);
        Assert.Equal(RegistryProposalState.Executed, registered.State);
        var committee = await s.Registry.GetCommitteeAsync(null, Ct);
        Assert.Equal(2, committee.Epoch);
        Assert.Equal(members, committee.Members);
        Assert.Equal(newGuardian.Address, committee.Guardian);
        Assert.Equal(RegistryScenario.InitialCommittee, (await s.Registry.GetCommitteeAsync(1, Ct)).Members);
        var changed = Assert.Single(await DecodeEventsAsync<CommitteeChangedEventDto>(s.Chain, receipt)).Event;
        Assert.Equal(new BigInteger(2), changed.Epoch);
        var guardianChanged = Assert.Single(await DecodeEventsAsync<GuardianChangedEventDto>(s.Chain, receipt)).Event;
        Assert.Equal(newGuardian.Address, Address.Parse(guardianChanged.Guardian.ToLowerInvariant()));
        Assert.Equal(0, (await s.Registry.GetProposalAsync(m.Id, Ct)).ExecutedVersion);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));

        Assert.Equal("NotInCommittee", leftOnAfter.ErrorName);
        Assert.Equal([after.Id.ToString(), "2", RegistryScenario.Key(5).Address.ToString()], leftOnAfter.Arguments);
        Assert.Equal("NotInCommittee", joinedOnBefore.ErrorName);
        Assert.Equal([before.Id.ToString(), "1", RegistryScenario.Key(6).Address.ToString()], joinedOnBefore.Arguments);
        Assert.Equal(2, (await s.Registry.GetTallyAsync(before.Id, Ct)).For);
        Assert.Equal(7, (await s.Registry.GetTallyAsync(before.Id, Ct)).TotalWeight);
        Assert.Equal("NotGuardian", oldGuardian.ErrorName);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(after.Id, Ct)).State);
    }

    /// <summary>A rules change executes through the registry; a proposal keeps the quorum of its registration.</summary>
    [Fact]
    public async Task Rules_Executed_RulesChangeAndEarlierProposalsKeepTheirSnapshot()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var rules = RegistryScenario.Rules with { QuorumBps = 8_000, SupermajorityBps = 7_500, VotingPeriod = TimeSpan.FromHours(2) };
        var bounds = RegistryScenario.Bounds with { ScanRangeStep = FixedPoint18.Parse("0.25", "t") };
        var payload = new RulesPayload(rules, bounds);
        var change = await s.ProposeAsync(payload, Ct);
        var before = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);
        await s.VoteAsync(change, BallotSupport.For, Ct, 1, 2, 4, 5);
        await s.EndVotingAsync(_node, change.Id, Ct);
        await s.Registry.QueueAsync(Operator, change.Id, Ct);
        await s.ReachEtaAsync(_node, change.Id, Ct);
        var receipt = await s.Registry.ExecuteAsync(Operator, change.Id, payload, Ct);
        var after = await s.ProposeAsync(new ParametersPayload(TestParameters.Revised()), Ct);

        Assert.Equal(rules, await s.Registry.GetRulesAsync(Ct));
        Assert.Equal(bounds, await s.Registry.GetBoundsAsync(Ct));
        var changed = Assert.Single(await DecodeEventsAsync<RulesChangedEventDto>(s.Chain, receipt)).Event;
        Assert.Equal((rules, bounds), (ProposalPayloadAbi.FromDto(changed.Rules), ProposalPayloadAbi.FromDto(changed.Bounds)));
        Assert.Equal((ProposalKind.Rules, true), ((await s.Registry.GetProposalAsync(change.Id, Ct)).Kind, (await s.Registry.GetProposalAsync(change.Id, Ct)).Supermajority));
        Assert.Equal((5_000, 6_667, 4L), ((await s.Registry.GetProposalAsync(before.Id, Ct)).QuorumBps, (await s.Registry.GetProposalAsync(before.Id, Ct)).SupermajorityBps,
            (await s.Registry.GetTallyAsync(before.Id, Ct)).QuorumWeight));
        var registeredAfter = await s.Registry.GetProposalAsync(after.Id, Ct);
        Assert.Equal((8_000, 7_500, 6L), (registeredAfter.QuorumBps, registeredAfter.SupermajorityBps, (await s.Registry.GetTallyAsync(after.Id, Ct)).QuorumWeight));
        Assert.Equal(TimeSpan.FromHours(2), registeredAfter.VotingEnd - registeredAfter.VotingStart);
        // Revised moves the BTC scan range by 33 %: within the old step (50 %), beyond the new one (25 %).
        Assert.False((await s.Registry.GetProposalAsync(before.Id, Ct)).Supermajority);
        Assert.True(registeredAfter.Supermajority);
    }

    [Fact]
    public async Task InitialMargin_AssetNotInCurrentVersion_RegistryErrorDecoded()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Consumer.InitialMarginAsync("DOGE", FixedPoint18.One, FixedPoint18.One, Ct));

        Assert.Equal("UnknownAsset", error.ErrorName);
        Assert.Equal("1", error.Arguments[0]);
        Assert.Equal("DOGE", Bytes32Field.Decode(HexText.Decode(error.Arguments[1]), "symbol"));
    }

    [Fact]
    public async Task Events_GetAllChanges_ListsEveryExecutedVersionOfTheRegistry()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 4, 5);
        await s.EndVotingAsync(_node, p.Id, Ct);
        await s.Registry.QueueAsync(Operator, p.Id, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        await s.Registry.ExecuteAsync(Operator, p.Id, payload, Ct);

        var changes = await AllEventsAsync<ParametersExecutedEventDto>(s.Registry);

        Assert.Equal([BigInteger.One, new BigInteger(2)], changes.Select(c => c.Event.Version));
        Assert.Equal([TestParameters.Example().ParamsHash, payload.Set.ParamsHash], changes.Select(c => Hash32.FromBytes(c.Event.ParamsHash)));
        Assert.Equal([Hash32.Zero, p.Id], changes.Select(c => Hash32.FromBytes(c.Event.ProposalId)));
    }

    [Theory]
    [InlineData(BallotSupport.For)]
    [InlineData(BallotSupport.Against)]
    [InlineData(BallotSupport.Abstain)]
    public async Task BallotDigest_TypedDataInCSharp_EqualsRegistryDigest(BallotSupport support)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var ballot = new Ballot(Hash32.Keccak("digest"), Hash32.Keccak("params"), support);

        var onChain = await s.Registry.GetBallotDigestAsync(ballot, Ct);

        Assert.Equal(new BallotTypedData(s.Domain, ballot).Digest(), onChain);
    }

    [Fact]
    public async Task DomainSeparator_Registry_IsTheEip712DomainOfTheTypedData()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var typeHash = Hash32.Keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        var encoded = new Nethereum.ABI.ABIEncode().GetABIEncoded(
            new Nethereum.ABI.ABIValue("bytes32", typeHash.ToBytes()),
            new Nethereum.ABI.ABIValue("bytes32", Hash32.Keccak(BallotTypedData.DomainName).ToBytes()),
            new Nethereum.ABI.ABIValue("bytes32", Hash32.Keccak(BallotTypedData.DomainVersion).ToBytes()),
            new Nethereum.ABI.ABIValue("uint256", new BigInteger(DevelopmentKeys.LocalChainId)),
            new Nethereum.ABI.ABIValue("address", s.Registry.Address.ToString()));

        Assert.Equal(Hash32.Keccak(encoded), await s.Registry.GetDomainSeparatorAsync(Ct));
    }

    internal static async Task<List<EventLog<TEvent>>> DecodeEventsAsync<TEvent>(ChainClient chain, ChainReceipt receipt)
        where TEvent : IEventDTO, new()
    {
        var full = await chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash.ToString()).WaitAsync(Ct);
        return full.DecodeAllEvents<TEvent>();
    }

    internal static async Task<List<EventLog<TEvent>>> AllEventsAsync<TEvent>(RiskParameterRegistryService registry)
        where TEvent : IEventDTO, new()
    {
        var handler = registry.Chain.Web3.Eth.GetEvent<TEvent>(registry.Address.ToString());
        return await handler.GetAllChangesAsync(handler.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(Ct);
    }

    /// <summary>The malleated twin (r, n - s, flipped v): a valid secp256k1 signature that EIP-2 forbids.</summary>
    internal static byte[] HighS(byte[] signature)
    {
        var n = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", CultureInfo.InvariantCulture);
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        high.CopyTo(result, 64 - high.Length);
        result[64] = (byte)(signature[64] == 27 ? 28 : 27);
        return result;
    }
}
