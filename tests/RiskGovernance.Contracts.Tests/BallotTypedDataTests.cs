using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class BallotTypedDataTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Hash32 ProposalId = Hash32.Keccak("proposal-7");
    private static readonly Hash32 ParamsHash = Hash32.Keccak("{\"method\":\"grid\"}");
    private static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly BallotDomain LocalDomain = new(DevelopmentKeys.LocalChainId, Registry);

    [Theory]
    [InlineData(3, BallotSupport.For)]
    [InlineData(1, BallotSupport.Against)]
    [InlineData(5, BallotSupport.Abstain)]
    public async Task Sign_Ballot_MatchesCastEip712Signature(int account, BallotSupport support)
    {
        var key = DevelopmentKeys.Key(account);
        var ballot = new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, support));
        // Written out here, independently of BallotTypedData.Json: the typed data the registry verifies.
        var typedData = JsonSerializer.Serialize(new
        {
            types = new
            {
                EIP712Domain = new[]
                {
                    new { name = "name", type = "string" }, new { name = "version", type = "string" },
                    new { name = "chainId", type = "uint256" }, new { name = "verifyingContract", type = "address" },
                },
                Ballot = new[]
                {
                    new { name = "proposalId", type = "bytes32" }, new { name = "paramsHash", type = "bytes32" },
                    new { name = "support", type = "uint8" },
                },
            },
            primaryType = "Ballot",
            domain = new { name = "RiskGovernance", version = "1", chainId = 31337, verifyingContract = Registry.ToString() },
            message = new { proposalId = ProposalId.ToString(), paramsHash = ParamsHash.ToString(), support = (int)support },
        });
        var file = Path.Combine(Path.GetTempPath(), $"ballot-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, typedData, Ct);
        try
        {
            var castSignature = await CastTool.RunAsync(
                Ct, "wallet", "sign", "--private-key", DevelopmentKeys.PrivateKeyHex(account), "--data", "--from-file", file);

            Assert.Equal(castSignature, ballot.Sign(key).ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Sign_AnyBallot_LowSAndVIs27Or28()
    {
        var signatures = Enumerable.Range(0, 10).Select(i =>
            new BallotTypedData(LocalDomain, new Ballot(Hash32.Keccak($"p{i}"), ParamsHash, BallotSupport.For)).Sign(DevelopmentKeys.Key(i))).ToList();

        Assert.All(signatures, s => Assert.True(s.IsLowS));
        Assert.All(signatures, s => Assert.Contains(s.V, new byte[] { 27, 28 }));
    }

    [Fact]
    public void RecoverSigner_SignedBallot_ReturnsSigner()
    {
        var key = DevelopmentKeys.Key(5);
        var ballot = new BallotTypedData(new BallotDomain(1, Registry), new Ballot(ProposalId, ParamsHash, BallotSupport.Against));

        Assert.Equal(key.Address, ballot.RecoverSigner(ballot.Sign(key)));
    }

    [Fact]
    public void RecoverSigner_SignatureOverAnotherBallot_ReturnsAnotherAddress()
    {
        var key = DevelopmentKeys.Key(5);
        var signed = new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, BallotSupport.For)).Sign(key);
        var other = new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, BallotSupport.Against));

        Assert.NotEqual(key.Address, other.RecoverSigner(signed));
    }

    [Fact]
    public void RecoverVoter_Eip712BallotScheme_SameAsTypedData()
    {
        var key = DevelopmentKeys.Key(2);
        var ballot = new Ballot(ProposalId, ParamsHash, BallotSupport.For);
        var signature = new BallotTypedData(LocalDomain, ballot).Sign(key);

        Assert.Equal(key.Address, new Eip712BallotScheme().RecoverVoter(LocalDomain, ballot, signature));
    }

    [Fact]
    public void Digest_OtherChainId_Differs()
    {
        var a = new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, BallotSupport.For));
        var b = new BallotTypedData(new BallotDomain(1, Registry), new Ballot(ProposalId, ParamsHash, BallotSupport.For));

        Assert.NotEqual(a.Digest(), b.Digest());
    }

    [Fact]
    public void Digest_OtherRegistry_Differs()
    {
        var a = new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, BallotSupport.For));
        var b = new BallotTypedData(new BallotDomain(DevelopmentKeys.LocalChainId, DevelopmentKeys.Key(1).Address), new Ballot(ProposalId, ParamsHash, BallotSupport.For));

        Assert.NotEqual(a.Digest(), b.Digest());
    }

    [Fact]
    public void Constructor_UnknownSupport_Rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BallotTypedData(LocalDomain, new Ballot(ProposalId, ParamsHash, (BallotSupport)3)));

    [Fact]
    public void Constructor_NonPositiveChainId_Rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BallotTypedData(new BallotDomain(0, Registry), new Ballot(ProposalId, ParamsHash, BallotSupport.For)));
}
