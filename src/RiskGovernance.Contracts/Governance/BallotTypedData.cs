using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Contracts.Abi;

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

    /// <summary>The EIP-712 type string of the domain.</summary>
    public const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

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

    /// <summary>keccak256 of the domain.</summary>
    public Hash32 DomainSeparator()
        => Hash32.Keccak(AbiValue.Tuple(
            AbiValue.Bytes32(Hash32.Keccak(DomainType)),
            AbiValue.Bytes32(Hash32.Keccak(DomainName)),
            AbiValue.Bytes32(Hash32.Keccak(DomainVersion)),
            AbiValue.UInt256(ChainId),
            AbiValue.Address(VerifyingContract)).Encode());

    /// <summary>hashStruct(ballot).</summary>
    public Hash32 StructHash()
        => Hash32.Keccak(AbiValue.Tuple(
            AbiValue.Bytes32(Hash32.Keccak(BallotType)),
            AbiValue.Bytes32(ProposalId),
            AbiValue.Bytes32(ParamsHash),
            AbiValue.UInt256((int)Support)).Encode());

    /// <summary>keccak256(0x19 0x01 ++ domainSeparator ++ structHash), the digest that is signed.</summary>
    public Hash32 Digest()
    {
        var message = new byte[66];
        message[0] = 0x19;
        message[1] = 0x01;
        DomainSeparator().ToBytes().CopyTo(message, 2);
        StructHash().ToBytes().CopyTo(message, 34);
        return Hash32.Keccak(message);
    }

    /// <summary>Signs the digest; 65 bytes r ++ s ++ v with v in {27, 28} and a low s.</summary>
    public byte[] Sign(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(Digest()).ToBytes();
    }

    /// <summary>The signer of a 65-byte ballot signature over this typed data.</summary>
    public Address RecoverSigner(ReadOnlySpan<byte> signature)
        => EthPublicKey.Recover(Digest(), EthSignature.FromBytes(signature)).Address;

    /// <summary>
    /// The paramsHash of a membership proposal: keccak256(abi.encode(members, weights, thresholdBps)).
    /// </summary>
    public static Hash32 MembershipHash(IReadOnlyList<Address> members, IReadOnlyList<BigInteger> weights, BigInteger thresholdBps)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        return Hash32.Keccak(AbiValue.Tuple(
            AbiValue.Array(members.Select(AbiValue.Address)),
            AbiValue.Array(weights.Select(AbiValue.UInt256)),
            AbiValue.UInt256(thresholdBps)).Encode());
    }
}
