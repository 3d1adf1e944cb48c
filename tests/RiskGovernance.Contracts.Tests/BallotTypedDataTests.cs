using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public class BallotTypedDataTests
{
    private static readonly Hash32 ProposalId = Hash32.Keccak("proposal-7");
    private static readonly Hash32 ParamsHash = Hash32.Keccak("{\"method\":\"grid\"}");
    private static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    [Fact]
    public async Task Sign_ForBallot_MatchesCastEip712Signature()
    {
        var key = DevelopmentKeys.Key(3);
        var ballot = new BallotTypedData(ProposalId, ParamsHash, BallotSupport.For, 31337, Registry);
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
            message = new { proposalId = ProposalId.ToString(), paramsHash = ParamsHash.ToString(), support = 1 },
        });
        var file = Path.Combine(Path.GetTempPath(), $"ballot-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, typedData);
        try
        {
            var castSignature = await CastTool.RunAsync(
                CancellationToken.None, "wallet", "sign", "--private-key", Hex.Encode(key.ExportBytes()), "--data", "--from-file", file);

            Assert.Equal(castSignature, Hex.Encode(ballot.Sign(key)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void RecoverSigner_SignedBallot_ReturnsSigner()
    {
        var key = DevelopmentKeys.Key(5);
        var ballot = new BallotTypedData(ProposalId, ParamsHash, BallotSupport.Against, 1, Registry);

        Assert.Equal(key.Address, ballot.RecoverSigner(ballot.Sign(key)));
    }

    [Fact]
    public void Digest_OtherChainId_Differs()
    {
        var a = new BallotTypedData(ProposalId, ParamsHash, BallotSupport.For, 31337, Registry);
        var b = new BallotTypedData(ProposalId, ParamsHash, BallotSupport.For, 1, Registry);

        Assert.NotEqual(a.Digest(), b.Digest());
    }

    [Fact]
    public void Constructor_UnknownSupport_Rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BallotTypedData(ProposalId, ParamsHash, (BallotSupport)3, 1, Registry));
}
