using RiskGovernance.Contracts.Tests.Support;
using System.Globalization;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class RegistryFlowTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryFlowTests(AnvilFixture node) => _node = node;

    public enum BadBallot
    {
        NonMemberSigner,
        SignedForOtherParamsHash,
        AgainstVote,
        HighS,
        ShortSignature,
        OtherChainId,
        OtherVerifyingContract,
        DuplicateSigner,
        BelowThreshold,
        InvalidV,
        ZeroR,
    }

    private static SigningKey RegistrySender => RegistryScenario.Operator;

    [Fact]
    public async Task QueueExecute_EnoughBallotsAfterDelay_StoresVersion2AndKeepsVersion1()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var revised = TestParameters.Revised();
        var proposalId = Hash32.Keccak("proposal-2");
        var btc = FixedPoint18.FromDouble(-2, "q");
        var price = FixedPoint18.FromDouble(18547.23, "S");
        var marginV1 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);

        var queueReceipt = await s.Registry.QueueAsync(RegistrySender, proposalId, revised, s.SignBytes(proposalId, revised.ParamsHash, 1, 4, 5), Ct);
        var early = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct));
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var receipt = await s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct);
        var second = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct));

        Assert.Equal("TimelockNotElapsed", early.ErrorName);
        Assert.Equal(proposalId.ToString(), early.Arguments[0]);
        Assert.Equal("ProposalAlreadyExecuted", second.ErrorName);
        Assert.Equal([proposalId.ToString(), "2"], second.Arguments);

        var queued = Assert.Single(await DecodeEventsAsync<ProposalQueuedEventDto>(s, queueReceipt)).Event;
        var queuedBlock = (await s.Chain.GetBlockAsync(queueReceipt.BlockNumber, Ct))!;
        Assert.Equal(proposalId, Hash32.FromBytes(queued.ProposalId));
        Assert.Equal(0, queued.Kind);
        Assert.Equal(revised.ParamsHash, Hash32.FromBytes(queued.ParamsHash));
        Assert.Equal(new BigInteger(5), queued.ForWeight);
        Assert.Equal(queuedBlock.Timestamp + RegistryScenario.Delay, DateTimeOffset.FromUnixTimeSeconds((long)queued.Eta));
        var executed = Assert.Single(await DecodeEventsAsync<ParametersExecutedEventDto>(s, receipt)).Event;
        Assert.Equal(new BigInteger(2), executed.Version);
        Assert.Equal(proposalId, Hash32.FromBytes(executed.ProposalId));
        Assert.Equal(revised.ParamsHash, Hash32.FromBytes(executed.ParamsHash));

        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(revised, await s.Registry.GetCurrentParametersAsync(Ct));
        Assert.Equal(TestParameters.Example(), await s.Registry.GetParametersAsync(1, Ct));
        Assert.Equal(revised.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Equal("0.8", (await s.Registry.GetCorrelationAsync("ETH", "BTC", null, Ct)).ToString());
        Assert.Equal("0.85", (await s.Registry.GetCorrelationAsync("BTC", "ETH", 1, Ct)).ToString());
        Assert.Equal(FixedPoint18.One, await s.Registry.GetCorrelationAsync("SOL", "SOL", null, Ct));
        Assert.Equal("0.2", (await s.Registry.GetAssetParametersAsync("BTC", null, Ct)).ScanRange.ToString());
        Assert.Equal("0.15", (await s.Registry.GetAssetParametersAsync("BTC", 1, Ct)).ScanRange.ToString());
        var proposal = await s.Registry.GetProposalAsync(proposalId, Ct);
        Assert.Equal(RegistryProposalState.Executed, proposal.State);
        Assert.Equal(ProposalKind.Parameters, proposal.Kind);
        Assert.Equal(2, proposal.ExecutedVersion);
        Assert.Equal(revised.ParamsHash, proposal.ParamsHash);
        var info = await s.Registry.GetVersionInfoAsync(2, Ct);
        Assert.Equal(new RegistryVersionInfo(revised.ParamsHash, proposalId, (await s.Chain.GetBlockAsync(receipt.BlockNumber, Ct))!.Timestamp), info);

        // |q| S scanRange max(1, extremeMultiple * extremeCoverage) imMultiplier, computed independently in decimal.
        Assert.Equal(2m * 18547.23m * 0.15m * Math.Max(1m, 3m * 0.33m) * 1.0m, marginV1.ToDecimal());
        var marginV2 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);
        Assert.Equal(2m * 18547.23m * 0.20m * Math.Max(1m, 3m * 0.5m) * 1.2m, marginV2.ToDecimal());
        Assert.Equal(2, await s.Consumer.GetParameterVersionAsync(Ct));
    }

    [Fact]
    public async Task Deploy_ExampleGenesis_ReadsBackFieldByFieldAndConfiguration()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var example = TestParameters.Example();

        var onChain = await s.Registry.GetParametersAsync(1, Ct);
        var encoded = await s.Chain.Web3.Eth.GetContractHandler(s.Registry.Address.ToString())
            .QueryAsync<EncodedParametersFunction, byte[]>(new EncodedParametersFunction { Version = 1 }).WaitAsync(Ct);

        ParameterSetAssert.FieldByField(example, onChain);
        Assert.Equal(RiskParametersAbi.Encode(example), encoded);
        Assert.Equal(example, RiskParametersAbi.Decode(encoded, example.ParamsHash));
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(RegistryScenario.InitialCommittee, await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(RegistryScenario.ThresholdBps, await s.Registry.GetThresholdBpsAsync(Ct));
        Assert.Equal(RegistryScenario.Guardian.Address, await s.Registry.GetGuardianAsync(Ct));
        Assert.Equal(RegistryScenario.Delay, await s.Registry.GetTimelockDelayAsync(Ct));
        Assert.Equal(RegistryScenario.Grace, await s.Registry.GetGracePeriodAsync(Ct));
        Assert.Equal(Hash32.Zero, (await s.Registry.GetVersionInfoAsync(1, Ct)).ProposalId);
    }

    [Theory]
    [InlineData(BadBallot.NonMemberSigner, "NotCommitteeMember")]
    [InlineData(BadBallot.SignedForOtherParamsHash, "NotCommitteeMember")]
    [InlineData(BadBallot.AgainstVote, "NotCommitteeMember")]
    [InlineData(BadBallot.HighS, "SignatureHighS")]
    [InlineData(BadBallot.ShortSignature, "InvalidSignatureLength")]
    [InlineData(BadBallot.OtherChainId, "NotCommitteeMember")]
    [InlineData(BadBallot.OtherVerifyingContract, "NotCommitteeMember")]
    [InlineData(BadBallot.DuplicateSigner, "DuplicateSigner")]
    [InlineData(BadBallot.BelowThreshold, "ThresholdNotMet")]
    [InlineData(BadBallot.InvalidV, "InvalidSignature")]
    [InlineData(BadBallot.ZeroR, "InvalidSignature")]
    public async Task Queue_BadBallot_RejectedWithDecodedCustomError(BadBallot kind, string expectedError)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak($"bad-{kind}");
        var good = s.SignBytes(id, set.ParamsHash, 1, 2, 3).ToList();
        var member = RegistryScenario.Key(4);
        byte[] For() => s.Ballot(id, set.ParamsHash).Sign(member).ToBytes();
        byte[] bad = kind switch
        {
            BadBallot.NonMemberSigner => s.Ballot(id, set.ParamsHash).Sign(RegistryScenario.NonMember).ToBytes(),
            BadBallot.SignedForOtherParamsHash => s.Ballot(id, Hash32.Keccak("other")).Sign(member).ToBytes(),
            BadBallot.AgainstVote => s.Ballot(id, set.ParamsHash, BallotSupport.Against).Sign(member).ToBytes(),
            BadBallot.HighS => HighS(For()),
            BadBallot.ShortSignature => For()[..64],
            BadBallot.OtherChainId => new BallotTypedData(new BallotDomain(1, s.Registry.Address), new Ballot(id, set.ParamsHash, BallotSupport.For)).Sign(member).ToBytes(),
            BadBallot.OtherVerifyingContract => new BallotTypedData(new BallotDomain(DevelopmentKeys.LocalChainId, s.Consumer.Address), new Ballot(id, set.ParamsHash, BallotSupport.For)).Sign(member).ToBytes(),
            BadBallot.DuplicateSigner => good[0],
            BadBallot.BelowThreshold => [],
            BadBallot.InvalidV => [.. For()[..64], 29],
            BadBallot.ZeroR => [.. new byte[32], .. For()[32..]],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (bad.Length > 0)
        {
            good.Add(bad);
        }

        var nonceBefore = await s.NonceAsync(RegistrySender.Address, Ct);
        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(RegistrySender, id, set, good, Ct));

        Assert.Equal(expectedError, error.ErrorName);
        Assert.StartsWith("0x", error.EncodedData, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(RegistrySender.Address, Ct));
        Assert.Equal(RegistryProposalState.None, (await s.Registry.GetProposalAsync(id, Ct)).State);
        switch (kind)
        {
            case BadBallot.NonMemberSigner:
                Assert.Equal(["3", RegistryScenario.NonMember.Address.ToString()], error.Arguments);
                break;
            case BadBallot.SignedForOtherParamsHash or BadBallot.OtherChainId or BadBallot.OtherVerifyingContract or BadBallot.AgainstVote:
                Assert.Equal("3", error.Arguments[0]);
                Assert.NotEqual(member.Address.ToString(), error.Arguments[1]);
                break;
            case BadBallot.HighS:
                Assert.Equal(["3"], error.Arguments);
                break;
            case BadBallot.ShortSignature:
                Assert.Equal(["3", "64"], error.Arguments);
                break;
            case BadBallot.DuplicateSigner:
                Assert.Equal(["3", RegistryScenario.Key(1).Address.ToString()], error.Arguments);
                break;
            case BadBallot.InvalidV or BadBallot.ZeroR:
                Assert.Equal(["3"], error.Arguments);
                break;
            case BadBallot.BelowThreshold:
                Assert.Equal(["3", "4"], error.Arguments);
                break;
        }
    }

    [Fact]
    public async Task Queue_BelowThreshold_ThresholdNotMetDecodedByNethereumFromTheRevertData()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("below-threshold");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4), Ct));
        var again = new Nethereum.Contracts.SmartContractCustomErrorRevertException(error.EncodedData!);

        Assert.Equal("ThresholdNotMet", error.ErrorName);
        Assert.Equal(["2", "4"], error.Arguments);
        Assert.Equal("ThresholdNotMet(2, 4)", error.Message);
        Assert.True(again.IsCustomErrorFor<ThresholdNotMetError>());
        Assert.Equal(new BigInteger(2), again.DecodeError<ThresholdNotMetError>().ForWeight);
        Assert.Equal(new BigInteger(4), again.DecodeError<ThresholdNotMetError>().RequiredWeight);
        Assert.True(ChainErrors.IsChainError(error));
    }

    [Fact]
    public async Task Queue_ReplayOfQueuedProposal_RejectedAsAlreadyExisting()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("replay");
        var ballots = s.SignBytes(id, set.ParamsHash, 4, 5);
        await s.Registry.QueueAsync(RegistrySender, id, set, ballots, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(RegistrySender, id, set, ballots, Ct));

        Assert.Equal("ProposalAlreadyExists", error.ErrorName);
        Assert.Equal([id.ToString(), ((int)RegistryProposalState.Queued).ToString(CultureInfo.InvariantCulture)], error.Arguments);
    }

    [Fact]
    public async Task Queue_NonPositiveScanRange_RejectedNamingAssetAndField()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue("assets.ETH.scanRange", 0.0);
        var id = Hash32.Keccak("invalid");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4, 5), Ct));

        Assert.Equal("InvalidAssetParameter", error.ErrorName);
        Assert.Equal("ETH", Bytes32Field.Decode(HexText.Decode(error.Arguments[0]), "symbol"));
        Assert.Equal("scanRange", Bytes32Field.Decode(HexText.Decode(error.Arguments[1]), "field"));
    }

    [Theory]
    [InlineData("mmRatio", 1.5, "mmRatio")]
    [InlineData("grid.steps", 2.5, "grid.steps")]
    [InlineData("grid.volFloor", 0.0, "grid.volFloor")]
    [InlineData("simulation.confidence", 1.0, "simulation.confidence")]
    [InlineData("simulation.scenarios", 99.0, "simulation.scenarios")]
    [InlineData("correlationStress", -0.1, "correlationStress")]
    public async Task Queue_GlobalValueOutOfRange_RejectedNamingTheField(string path, double value, string expectedField)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue(path, value);
        var id = Hash32.Keccak($"invalid-{path}");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4, 5), Ct));

        Assert.Equal("InvalidParameter", error.ErrorName);
        Assert.Equal(expectedField, Bytes32Field.Decode(HexText.Decode(Assert.Single(error.Arguments)), "field"));
    }

    [Fact]
    public async Task Execute_AfterGracePeriod_RejectedAndReportedExpired()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("late");
        await s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4, 5), Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay + RegistryScenario.Grace + TimeSpan.FromSeconds(1), Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, id, Ct));

        Assert.Equal("ProposalExpired", error.ErrorName);
        Assert.Equal(id.ToString(), error.Arguments[0]);
        Assert.Equal(RegistryProposalState.Expired, (await s.Registry.GetProposalAsync(id, Ct)).State);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Veto_NonGuardianRejected_GuardianVetoBlocksExecution()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("vetoed");
        await s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4, 5), Ct);

        var notGuardian = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.VetoAsync(RegistryScenario.Key(1), id, Ct));
        var veto = await s.Registry.VetoAsync(RegistryScenario.Guardian, id, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var execute = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, id, Ct));

        Assert.Equal("NotGuardian", notGuardian.ErrorName);
        Assert.Equal([RegistryScenario.Key(1).Address.ToString()], notGuardian.Arguments);
        var vetoed = Assert.Single(await DecodeEventsAsync<ProposalVetoedEventDto>(s, veto)).Event;
        Assert.Equal(id, Hash32.FromBytes(vetoed.ProposalId));
        Assert.Equal(RegistryScenario.Guardian.Address, Address.Parse(vetoed.Guardian.ToLowerInvariant()));
        Assert.Equal("ProposalNotQueued", execute.ErrorName);
        Assert.Equal([id.ToString(), ((int)RegistryProposalState.Vetoed).ToString(CultureInfo.InvariantCulture)], execute.Arguments);
        Assert.Equal(RegistryProposalState.Vetoed, (await s.Registry.GetProposalAsync(id, Ct)).State);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task QueueMembership_Executed_RemovedMemberBallotThenRejected()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        // Account 5 leaves, account 6 joins; threshold 60%.
        IReadOnlyList<RegistryMember> committee =
        [
            new(RegistryScenario.Key(1).Address, 1), new(RegistryScenario.Key(2).Address, 1), new(RegistryScenario.Key(3).Address, 1),
            new(RegistryScenario.Key(4).Address, 2), new(RegistryScenario.Key(6).Address, 1),
        ];
        var membershipHash = BallotTypedData.MembershipHash([.. committee.Select(m => m.Member)], [.. committee.Select(m => m.Weight)], 6_000);
        var id = Hash32.Keccak("membership-1");
        await s.Registry.QueueMembershipAsync(RegistrySender, id, committee, 6_000, s.SignBytes(id, membershipHash, 4, 5), Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var receipt = await s.Registry.ExecuteAsync(RegistrySender, id, Ct);

        var set = TestParameters.Revised();
        var next = Hash32.Keccak("after-membership");
        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, next, set, s.SignBytes(next, set.ParamsHash, 4, 5, 1), Ct));
        await s.Registry.QueueAsync(RegistrySender, next, set, s.SignBytes(next, set.ParamsHash, 4, 6, 1), Ct);

        Assert.Equal(committee, await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(6_000, await s.Registry.GetThresholdBpsAsync(Ct));
        var executed = Assert.Single(await DecodeEventsAsync<MembershipExecutedEventDto>(s, receipt)).Event;
        Assert.Equal(id, Hash32.FromBytes(executed.ProposalId));
        Assert.Equal(membershipHash, Hash32.FromBytes(executed.MembershipHash));
        var proposal = await s.Registry.GetProposalAsync(id, Ct);
        Assert.Equal(ProposalKind.Membership, proposal.Kind);
        Assert.Equal(membershipHash, proposal.ParamsHash);
        Assert.Equal("NotCommitteeMember", error.ErrorName);
        Assert.Equal(["1", RegistryScenario.Key(5).Address.ToString()], error.Arguments);
        Assert.Equal(RegistryProposalState.Queued, (await s.Registry.GetProposalAsync(next, Ct)).State);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
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
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("events");
        await s.Registry.QueueAsync(RegistrySender, id, set, s.SignBytes(id, set.ParamsHash, 4, 5), Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        await s.Registry.ExecuteAsync(RegistrySender, id, Ct);

        var handler = s.Chain.Web3.Eth.GetEvent<ParametersExecutedEventDto>(s.Registry.Address.ToString());
        var changes = await handler.GetAllChangesAsync(handler.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(Ct);

        Assert.Equal([BigInteger.One, new BigInteger(2)], changes.Select(c => c.Event.Version));
        Assert.Equal([TestParameters.Example().ParamsHash, set.ParamsHash], changes.Select(c => Hash32.FromBytes(c.Event.ParamsHash)));
        Assert.Equal([Hash32.Zero, id], changes.Select(c => Hash32.FromBytes(c.Event.ProposalId)));
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

    private static async Task<List<EventLog<TEvent>>> DecodeEventsAsync<TEvent>(RegistryScenario s, ChainReceipt receipt)
        where TEvent : IEventDTO, new()
    {
        var full = await s.Chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash.ToString()).WaitAsync(Ct);
        return full.DecodeAllEvents<TEvent>();
    }

    /// <summary>The malleated twin (r, n - s, flipped v): a valid secp256k1 signature that EIP-2 forbids.</summary>
    private static byte[] HighS(byte[] signature)
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
