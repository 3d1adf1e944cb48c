using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Contracts.Parameters;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Contracts.Registry;
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

    [Fact]
    public async Task QueueExecute_EnoughBallotsAfterDelay_StoresVersion2AndKeepsVersion1()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var revised = TestParameters.Revised();
        var proposalId = Hash32.Keccak("proposal-2");
        var btc = FixedPoint18.FromDouble(-2, "q");
        var price = FixedPoint18.FromDouble(18547.23, "S");
        var marginV1 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);

        await s.Registry.QueueAsync(RegistrySender, proposalId, revised, s.Sign(proposalId, revised.ParamsHash, 1, 4, 5), Ct);
        var early = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct));
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var receipt = await s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct);
        var second = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, proposalId, Ct));

        Assert.Equal("TimelockNotElapsed", early.Reason.ErrorName);
        Assert.Equal("ProposalAlreadyExecuted", second.Reason.ErrorName);
        Assert.Equal(new BigInteger(2), second.Reason.Arguments.GetBigInteger(1));
        var executed = Assert.Single(receipt.Logs, l => l.Topics[0] == Hash32.Keccak("ParametersExecuted(uint256,bytes32,bytes32)"));
        Assert.Equal(new BigInteger(2), new BigInteger(executed.Topics[1].ToBytes(), isUnsigned: true, isBigEndian: true));
        Assert.Equal(proposalId, executed.Topics[2]);
        Assert.Equal(new BigInteger(2), await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(revised, await s.Registry.GetCurrentParametersAsync(Ct));
        Assert.Equal(TestParameters.Example(), await s.Registry.GetParametersAsync(1, Ct));
        Assert.Equal(revised.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Equal("0.8", (await s.Registry.GetCorrelationAsync("ETH", "BTC", null, Ct)).ToString());
        Assert.Equal("0.85", (await s.Registry.GetCorrelationAsync("BTC", "ETH", 1, Ct)).ToString());
        Assert.Equal(FixedPoint18.One, await s.Registry.GetCorrelationAsync("SOL", "SOL", null, Ct));
        Assert.Equal("0.2", (await s.Registry.GetAssetParametersAsync("BTC", null, Ct)).ScanRange.ToString());
        Assert.Equal("0.15", (await s.Registry.GetAssetParametersAsync("BTC", 1, Ct)).ScanRange.ToString());
        Assert.Equal(ProposalState.Executed, (await s.Registry.GetProposalAsync(proposalId, Ct)).State);

        // |q| S scanRange max(1, extremeMultiple * extremeCoverage) imMultiplier, computed independently in decimal.
        Assert.Equal(2m * 18547.23m * 0.15m * Math.Max(1m, 3m * 0.33m) * 1.0m, marginV1.ToDecimal());
        var marginV2 = await s.Consumer.InitialMarginAsync("BTC", btc, price, Ct);
        Assert.Equal(2m * 18547.23m * 0.20m * Math.Max(1m, 3m * 0.5m) * 1.2m, marginV2.ToDecimal());
        Assert.Equal(new BigInteger(2), await s.Consumer.GetParameterVersionAsync(Ct));
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
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak($"bad-{kind}");
        var good = s.Sign(id, set.ParamsHash, 1, 2, 3).ToList();
        var member = RegistryScenario.Key(4);
        byte[] bad = kind switch
        {
            BadBallot.NonMemberSigner => s.Ballot(id, set.ParamsHash).Sign(RegistryScenario.NonMember),
            BadBallot.SignedForOtherParamsHash => s.Ballot(id, Hash32.Keccak("other")).Sign(member),
            BadBallot.AgainstVote => s.Ballot(id, set.ParamsHash, BallotSupport.Against).Sign(member),
            BadBallot.HighS => HighS(s.Ballot(id, set.ParamsHash).Sign(member)),
            BadBallot.ShortSignature => s.Ballot(id, set.ParamsHash).Sign(member)[..64],
            BadBallot.OtherChainId => new BallotTypedData(id, set.ParamsHash, BallotSupport.For, 1, s.Registry.Address).Sign(member),
            BadBallot.OtherVerifyingContract => new BallotTypedData(id, set.ParamsHash, BallotSupport.For, DevelopmentKeys.LocalChainId, s.Consumer.Address).Sign(member),
            BadBallot.DuplicateSigner => good[0],
            BadBallot.BelowThreshold => [],
            BadBallot.InvalidV => [.. s.Ballot(id, set.ParamsHash).Sign(member)[..64], 29],
            BadBallot.ZeroR => [.. new byte[32], .. s.Ballot(id, set.ParamsHash).Sign(member)[32..]],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (bad.Length > 0)
        {
            good.Add(bad);
        }

        var nonceBefore = await s.NonceAsync(RegistrySender, Ct);
        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(RegistrySender, id, set, good, Ct));

        Assert.Equal(expectedError, error.Reason.ErrorName);
        Assert.Equal(nonceBefore, await s.NonceAsync(RegistrySender, Ct));
        Assert.Equal(ProposalState.None, (await s.Registry.GetProposalAsync(id, Ct)).State);
        switch (kind)
        {
            case BadBallot.NonMemberSigner:
                Assert.Equal(RegistryScenario.NonMember.Address, error.Reason.Arguments.GetAddress(1));
                break;
            case BadBallot.SignedForOtherParamsHash or BadBallot.OtherChainId or BadBallot.OtherVerifyingContract or BadBallot.AgainstVote:
                Assert.Equal(new BigInteger(3), error.Reason.Arguments.GetBigInteger(0));
                Assert.NotEqual(member.Address, error.Reason.Arguments.GetAddress(1));
                break;
            case BadBallot.DuplicateSigner:
                Assert.Equal(RegistryScenario.Key(1).Address, error.Reason.Arguments.GetAddress(1));
                break;
            case BadBallot.InvalidV or BadBallot.ZeroR:
                Assert.Equal(new BigInteger(3), error.Reason.Arguments.GetBigInteger(0));
                break;
            case BadBallot.BelowThreshold:
                Assert.Equal(new BigInteger(3), error.Reason.Arguments.GetBigInteger(0));
                Assert.Equal(new BigInteger(4), error.Reason.Arguments.GetBigInteger(1));
                break;
        }
    }

    [Fact]
    public async Task Queue_ReplayOfQueuedProposal_RejectedAsAlreadyExisting()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("replay");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        await s.Registry.QueueAsync(RegistrySender, id, set, ballots, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.QueueAsync(RegistrySender, id, set, ballots, Ct));

        Assert.Equal("ProposalAlreadyExists", error.Reason.ErrorName);
        Assert.Equal(new BigInteger((int)ProposalState.Queued), error.Reason.Arguments.GetBigInteger(1));
    }

    [Fact]
    public async Task Queue_NonPositiveScanRange_RejectedNamingAssetAndField()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue("assets.ETH.scanRange", 0.0);
        var id = Hash32.Keccak("invalid");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct));

        Assert.Equal("InvalidAssetParameter", error.Reason.ErrorName);
        Assert.Equal("ETH", Bytes32Field.Decode(error.Reason.Arguments.GetBytes(0), "symbol"));
        Assert.Equal("scanRange", Bytes32Field.Decode(error.Reason.Arguments.GetBytes(1), "field"));
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
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.WithOnChainValue(path, value);
        var id = Hash32.Keccak($"invalid-{path}");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct));

        Assert.Equal("InvalidParameter", error.Reason.ErrorName);
        Assert.Equal(expectedField, Bytes32Field.Decode(error.Reason.Arguments.GetBytes(0), "field"));
    }

    [Fact]
    public async Task Execute_AfterGracePeriod_RejectedAndReportedExpired()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("late");
        await s.Registry.QueueAsync(RegistrySender, id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay + RegistryScenario.Grace + TimeSpan.FromSeconds(1), Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, id, Ct));

        Assert.Equal("ProposalExpired", error.Reason.ErrorName);
        Assert.Equal(ProposalState.Expired, (await s.Registry.GetProposalAsync(id, Ct)).State);
        Assert.Equal(BigInteger.One, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Veto_NonGuardianRejected_GuardianVetoBlocksExecution()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("vetoed");
        await s.Registry.QueueAsync(RegistrySender, id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct);

        var notGuardian = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.VetoAsync(RegistryScenario.Signer(1), id, Ct));
        await s.Registry.VetoAsync(RegistryScenario.Guardian, id, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var execute = await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(RegistrySender, id, Ct));

        Assert.Equal("NotGuardian", notGuardian.Reason.ErrorName);
        Assert.Equal(RegistryScenario.Key(1).Address, notGuardian.Reason.Arguments.GetAddress(0));
        Assert.Equal("ProposalNotQueued", execute.Reason.ErrorName);
        Assert.Equal(ProposalState.Vetoed, (await s.Registry.GetProposalAsync(id, Ct)).State);
        Assert.Equal(BigInteger.One, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task QueueMembership_Executed_RemovedMemberBallotThenRejected()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        // Account 5 leaves, account 6 joins; threshold 60%.
        IReadOnlyList<CommitteeMember> committee =
        [
            new(RegistryScenario.Key(1).Address, 1), new(RegistryScenario.Key(2).Address, 1), new(RegistryScenario.Key(3).Address, 1),
            new(RegistryScenario.Key(4).Address, 2), new(RegistryScenario.Key(6).Address, 1),
        ];
        var membershipHash = RiskParameterRegistryContract.MembershipHash(committee, 6_000);
        var id = Hash32.Keccak("membership-1");
        await s.Registry.QueueMembershipAsync(RegistrySender, id, committee, 6_000, s.Sign(id, membershipHash, 4, 5), Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        await s.Registry.ExecuteAsync(RegistrySender, id, Ct);

        var set = TestParameters.Revised();
        var next = Hash32.Keccak("after-membership");
        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Registry.QueueAsync(RegistrySender, next, set, s.Sign(next, set.ParamsHash, 4, 5, 1), Ct));
        await s.Registry.QueueAsync(RegistrySender, next, set, s.Sign(next, set.ParamsHash, 4, 6, 1), Ct);

        Assert.Equal(committee, await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(6_000, await s.Registry.GetThresholdBpsAsync(Ct));
        Assert.Equal("NotCommitteeMember", error.Reason.ErrorName);
        Assert.Equal(RegistryScenario.Key(5).Address, error.Reason.Arguments.GetAddress(1));
        Assert.Equal(ProposalState.Queued, (await s.Registry.GetProposalAsync(next, Ct)).State);
        Assert.Equal(BigInteger.One, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task InitialMargin_AssetNotInCurrentVersion_RegistryErrorDecoded()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => s.Consumer.InitialMarginAsync("DOGE", FixedPoint18.One, FixedPoint18.One, Ct));

        Assert.Equal("UnknownAsset", error.Reason.ErrorName);
        Assert.Equal("DOGE", Bytes32Field.Decode(error.Reason.Arguments.GetBytes(1), "symbol"));
    }

    [Fact]
    public async Task BallotDigest_TypedDataInCSharp_EqualsRegistryDigest()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var id = Hash32.Keccak("digest");
        var hash = Hash32.Keccak("params");

        var onChain = await s.Registry.GetBallotDigestAsync(id, hash, BallotSupport.Abstain, Ct);

        Assert.Equal(s.Ballot(id, hash, BallotSupport.Abstain).Digest(), onChain);
    }

    private static RiskGovernance.Chain.Accounts.LocalKeySigner RegistrySender => RegistryScenario.Operator;

    /// <summary>The malleated twin (r, n - s, flipped v): a valid secp256k1 signature that EIP-2 forbids.</summary>
    private static byte[] HighS(byte[] signature)
    {
        var n = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        high.CopyTo(result, 64 - high.Length);
        result[64] = (byte)(signature[64] == 27 ? 28 : 27);
        return result;
    }
}
