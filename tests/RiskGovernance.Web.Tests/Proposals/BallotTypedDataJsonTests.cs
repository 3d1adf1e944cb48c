using RiskGovernance.Chain;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Signing;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Proposals;

namespace RiskGovernance.Web.Tests.Proposals;

/// <summary>The eth_signTypedData_v4 JSON of a ballot hashes to the digest the registry verifies.</summary>
public sealed class BallotTypedDataJsonTests
{
    private static readonly BallotDomain Domain = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static readonly Hash32 ProposalId = Hash32.Keccak("proposal");
    private static readonly Hash32 ParamsHash = Hash32.Keccak("params");

    [Theory]
    [InlineData(BallotSupport.Against)]
    [InlineData(BallotSupport.For)]
    [InlineData(BallotSupport.Abstain)]
    public void Build_EachSupport_DigestEqualsBallotTypedData(BallotSupport support)
    {
        var json = BallotTypedDataJson.Build(Domain, ProposalId, ParamsHash, support);

        var parsed = Eip712TypedData.FromJson(json);
        var expected = new BallotTypedData(ProposalId, ParamsHash, support, Domain.ChainId, Domain.Registry);

        Assert.Equal(expected.Digest(), parsed.Digest());
        Assert.Equal(expected.DomainSeparator(), parsed.DomainSeparator());
    }

    [Fact]
    public void Build_SignedLikeAWallet_RecoversToTheSigner()
    {
        var key = DevelopmentKeys.Key(2);
        var json = BallotTypedDataJson.Build(Domain, ProposalId, ParamsHash, BallotSupport.For);

        var signature = Eip712TypedData.FromJson(json).Sign(key).ToBytes();
        var signer = new BallotTypedData(ProposalId, ParamsHash, BallotSupport.For, Domain.ChainId, Domain.Registry).RecoverSigner(signature);

        Assert.Equal(key.Address, signer);
    }

    [Fact]
    public void Build_OtherDomain_DigestDiffers()
    {
        var json = BallotTypedDataJson.Build(Domain with { ChainId = 1 }, ProposalId, ParamsHash, BallotSupport.For);

        Assert.NotEqual(new BallotTypedData(ProposalId, ParamsHash, BallotSupport.For, Domain.ChainId, Domain.Registry).Digest(),
            Eip712TypedData.FromJson(json).Digest());
    }

    [Fact]
    public void Build_UndefinedSupport_RefusedNamingTheField()
    {
        var e = Assert.Throws<InputValidationException>(() => BallotTypedDataJson.Build(Domain, ProposalId, ParamsHash, (BallotSupport)7));

        Assert.Equal("ballot.support", e.Errors.Single().Field);
    }
}
