using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Contracts.Governance;

namespace RiskGovernance.Governance.Proposals;

/// <summary>
/// One member's vote on a proposal, kept with its EIP-712 ballot signature so that anyone can
/// re-verify it (<see cref="Verify"/>). Persistence: owned by <see cref="Proposal"/> (one row per
/// vote, unique on proposal id + voter); Address and Hash32 stored as hex text via value
/// converters; <see cref="Signature"/> is the 0x-prefixed 65-byte signature.
/// </summary>
public sealed class Vote
{
    private Vote()
    {
        Signature = "";
    }

    internal Vote(Hash32 proposalId, Hash32 paramsHash, Address voter, BallotSupport support, long weight, string? reason, string signature, DateTimeOffset castAt)
    {
        ProposalId = proposalId;
        ParamsHash = paramsHash;
        Voter = voter;
        Support = support;
        Weight = weight;
        Reason = reason;
        Signature = signature;
        CastAt = castAt;
    }

    /// <summary>The proposal voted on.</summary>
    public Hash32 ProposalId { get; private set; }

    /// <summary>The hash the ballot approves (params hash or membership hash).</summary>
    public Hash32 ParamsHash { get; private set; }

    /// <summary>The member.</summary>
    public Address Voter { get; private set; }

    /// <summary>For, Against or Abstain.</summary>
    public BallotSupport Support { get; private set; }

    /// <summary>The member's weight in the proposal's committee snapshot.</summary>
    public long Weight { get; private set; }

    /// <summary>Optional reason.</summary>
    public string? Reason { get; private set; }

    /// <summary>0x-prefixed 65-byte signature r ‖ s ‖ v over the ballot's EIP-712 digest.</summary>
    public string Signature { get; private set; }

    /// <summary>When it was received.</summary>
    public DateTimeOffset CastAt { get; private set; }

    /// <summary>The ballot's typed data in <paramref name="domain"/> (the same the registry verifies).</summary>
    public BallotTypedData Ballot(BallotDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new BallotTypedData(ProposalId, ParamsHash, Support, domain.ChainId, domain.Registry);
    }

    /// <summary>The signature bytes (65).</summary>
    public byte[] SignatureBytes() => Hex.Decode(Signature);

    /// <summary>True when the stored signature recovers to <see cref="Voter"/> over this ballot in <paramref name="domain"/>.</summary>
    public bool Verify(BallotDomain domain) => RecoverSigner(Ballot(domain), Signature) == Voter;

    private static bool IsCanonical(string signatureHex)
    {
        try
        {
            var bytes = Hex.Decode(signatureHex);
            return bytes.Length == 65 && EthSignature.FromBytes(bytes).IsLowS;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>True when <see cref="Signature"/> is a 65-byte signature with a low s (the registry refuses a high-s twin).</summary>
    public bool IsCanonicalSignature() => IsCanonical(Signature);

    /// <summary>
    /// The signer of <paramref name="signatureHex"/> over <paramref name="ballot"/>, or null when it
    /// is not a 65-byte signature with a low s (EIP-2; the registry reverts with SignatureHighS).
    /// </summary>
    internal static Address? RecoverSigner(BallotTypedData ballot, string signatureHex)
    {
        try
        {
            var bytes = Hex.Decode(signatureHex);
            return bytes.Length == 65 && EthSignature.FromBytes(bytes).IsLowS ? ballot.RecoverSigner(bytes) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
