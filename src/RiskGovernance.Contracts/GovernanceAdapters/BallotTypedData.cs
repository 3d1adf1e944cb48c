using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>
/// A committee ballot as EIP-712 typed data, exactly as the registry verifies it: domain
/// <c>EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)</c> with
/// name "RiskGovernance", version "1", the chain id and the registry; struct
/// <c>Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)</c>. <see cref="Json"/> is what a
/// wallet signs with eth_signTypedData_v4; digest, signing and recovery are Nethereum's EIP-712
/// signer over that same JSON (<see cref="MessageSignatures"/>, <see cref="SigningKey.SignTypedData"/>).
/// </summary>
public sealed record BallotTypedData
{
    /// <summary>Domain name.</summary>
    public const string DomainName = "RiskGovernance";

    /// <summary>Domain version.</summary>
    public const string DomainVersion = "1";

    /// <summary>The EIP-712 type string of the ballot.</summary>
    public const string BallotType = "Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)";

    /// <summary>Creates the typed data of <paramref name="ballot"/> in <paramref name="domain"/>.</summary>
    public BallotTypedData(BallotDomain domain, Ballot ballot)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(ballot);
        if (domain.ChainId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(domain), "domain.chainId must be positive.");
        }

        if (!Enum.IsDefined(ballot.Support))
        {
            throw new ArgumentOutOfRangeException(nameof(ballot), $"ballot.support {(int)ballot.Support} is not Against, For or Abstain.");
        }

        Domain = domain;
        Ballot = ballot;
        Json = JsonSerializer.Serialize(new
        {
            types = new Dictionary<string, object[]>
            {
                ["EIP712Domain"] =
                [
                    new { name = "name", type = "string" },
                    new { name = "version", type = "string" },
                    new { name = "chainId", type = "uint256" },
                    new { name = "verifyingContract", type = "address" },
                ],
                ["Ballot"] =
                [
                    new { name = "proposalId", type = "bytes32" },
                    new { name = "paramsHash", type = "bytes32" },
                    new { name = "support", type = "uint8" },
                ],
            },
            primaryType = "Ballot",
            domain = new { name = DomainName, version = DomainVersion, chainId = domain.ChainId, verifyingContract = domain.Registry.ToString() },
            message = new { proposalId = ballot.ProposalId.ToString(), paramsHash = ballot.ParamsHash.ToString(), support = (int)ballot.Support },
        });
    }

    /// <summary>The domain (chain id and registry).</summary>
    public BallotDomain Domain { get; }

    /// <summary>The ballot.</summary>
    public Ballot Ballot { get; }

    /// <summary>The eth_signTypedData_v4 JSON a wallet signs.</summary>
    public string Json { get; }

    /// <summary>keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(ballot)), the digest that is signed.</summary>
    public Hash32 Digest() => MessageSignatures.TypedDataDigest(Json);

    /// <summary>Signs the ballot: 65 bytes r ‖ s ‖ v, v in {27, 28}, s low.</summary>
    public EcdsaSignature Sign(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignTypedData(Json);
    }

    /// <summary>The signer of <paramref name="signature"/> over this typed data, or null when no key recovers.</summary>
    public Address? RecoverSigner(EcdsaSignature signature) => MessageSignatures.RecoverTypedDataSigner(Json, signature);
}

/// <summary>The registry's ballot scheme for the governance domain (<see cref="Governance.Ports.IBallotScheme"/>), with <see cref="BallotTypedData"/>.</summary>
public sealed class Eip712BallotScheme : Governance.Ports.IBallotScheme
{
    /// <inheritdoc/>
    public Address? RecoverVoter(BallotDomain domain, Ballot ballot, EcdsaSignature signature)
        => new BallotTypedData(domain, ballot).RecoverSigner(signature);

    /// <inheritdoc/>
    public ProposalIdentity Identify(ProposalPayload payload, long baseVersion, Hash32 salt) => ProposalPayloadAbi.Identify(payload, baseVersion, salt);
}
