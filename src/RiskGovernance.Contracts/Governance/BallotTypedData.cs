using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Signing;

namespace RiskGovernance.Contracts.Governance;

/// <summary>
/// The EIP-712 typed data of a committee ballot, exactly as the registry verifies it:
/// domain EIP712Domain(string name,string version,uint256 chainId,address verifyingContract) with
/// name "RiskGovernance", version "1", and the struct
/// Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support).
/// </summary>
public sealed record BallotTypedData
{
    /// <summary>Domain name.</summary>
    public const string DomainName = "RiskGovernance";

    /// <summary>Domain version.</summary>
    public const string DomainVersion = "1";

    /// <summary>The EIP-712 type string of the ballot.</summary>
    public const string BallotType = "Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)";

    /// <summary>Creates the typed data; the chain id must be positive.</summary>
    public BallotTypedData(Hash32 proposalId, Hash32 paramsHash, BallotSupport support, BigInteger chainId, Address verifyingContract)
    {
        if (chainId.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), "chainId must be positive.");
        }

        if (!Enum.IsDefined(support))
        {
            throw new ArgumentOutOfRangeException(nameof(support), $"support {(int)support} is not Against, For or Abstain.");
        }

        ProposalId = proposalId;
        ParamsHash = paramsHash;
        Support = support;
        ChainId = chainId;
        VerifyingContract = verifyingContract;
    }

    /// <summary>Proposal id.</summary>
    public Hash32 ProposalId { get; }

    /// <summary>Hash the ballot approves (canonical JSON hash, or the membership hash).</summary>
    public Hash32 ParamsHash { get; }

    /// <summary>Vote.</summary>
    public BallotSupport Support { get; }

    /// <summary>Chain id of the domain.</summary>
    public BigInteger ChainId { get; }

    /// <summary>The registry address.</summary>
    public Address VerifyingContract { get; }

    /// <summary>
    /// The ballot as the chain layer's EIP-712 typed data (what a wallet is asked to sign, and what
    /// <see cref="RiskGovernance.Chain.Accounts.LocalKeySigner.SignTypedData"/> takes).
    /// </summary>
    public Eip712TypedData ToTypedData()
        => Eip712TypedData.Create(
            new Eip712Domain(DomainName, DomainVersion, ChainId, VerifyingContract),
            new Dictionary<string, IReadOnlyList<Eip712Field>>
            {
                ["Ballot"] =
                [
                    new Eip712Field("proposalId", "bytes32"),
                    new Eip712Field("paramsHash", "bytes32"),
                    new Eip712Field("support", "uint8"),
                ],
            },
            "Ballot",
            new Dictionary<string, object?>
            {
                ["proposalId"] = ProposalId,
                ["paramsHash"] = ParamsHash,
                ["support"] = new BigInteger((int)Support),
            });

    /// <summary>keccak256 of the domain.</summary>
    public Hash32 DomainSeparator() => ToTypedData().DomainSeparator();

    /// <summary>hashStruct(ballot).</summary>
    public Hash32 StructHash() => ToTypedData().MessageHash();

    /// <summary>keccak256(0x19 0x01 ++ domainSeparator ++ structHash), the digest that is signed.</summary>
    public Hash32 Digest() => ToTypedData().Digest();

    /// <summary>Signs the ballot; 65 bytes r ++ s ++ v with v in {27, 28} and a low s.</summary>
    public byte[] Sign(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ToTypedData().Sign(key).ToBytes();
    }

    /// <summary>Signs the ballot with the chain layer's local signer.</summary>
    public byte[] Sign(LocalKeySigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.SignTypedData(ToTypedData()).ToBytes();
    }

    /// <summary>The signer of a 65-byte ballot signature over this typed data.</summary>
    public Address RecoverSigner(ReadOnlySpan<byte> signature)
        => ToTypedData().RecoverSigner(EthSignature.FromBytes(signature));

    /// <summary>
    /// The paramsHash of a membership proposal: keccak256(abi.encode(members, weights, thresholdBps)).
    /// </summary>
    public static Hash32 MembershipHash(IReadOnlyList<Address> members, IReadOnlyList<BigInteger> weights, BigInteger thresholdBps)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        return Hash32.Keccak(AbiCodec.Encode(
            "address[],uint256[],uint256",
            members.Select(m => (object?)m).ToArray(),
            weights.Select(w => (object?)w).ToArray(),
            thresholdBps));
    }
}
