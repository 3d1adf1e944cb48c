using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;

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

    internal Vote(Hash32 proposalId, Hash32 paramsHash, Address voter, BallotSupport support, long weight, string? reason, string signature, DateTimeOffset castAt,
        Hash32? transactionHash = null)
    {
        TransactionHash = transactionHash;
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

    /// <summary>The hash the ballot approves (the params hash, or the payload hash of a committee or rules change).</summary>
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

    /// <summary>When it was received (or, relayed by someone else, when the registry counted it).</summary>
    public DateTimeOffset CastAt { get; private set; }

    /// <summary>The transaction that relayed it to the registry, which counted it.</summary>
    public Hash32? TransactionHash { get; private set; }

    /// <summary>This vote as counted on chain by <paramref name="transactionHash"/>.</summary>
    internal Vote Counted(Hash32 transactionHash) => new(ProposalId, ParamsHash, Voter, Support, Weight, Reason, Signature, CastAt, transactionHash);

    /// <summary>What the member signed.</summary>
    public Ballot Ballot() => new(ProposalId, ParamsHash, Support);

    /// <summary>The stored signature (65 bytes r ‖ s ‖ v).</summary>
    public EcdsaSignature SignatureValue() => EcdsaSignature.Parse(Signature, "vote.signature");

    /// <summary>
    /// True when the stored signature has a low s and recovers to <see cref="Voter"/> over this ballot
    /// in <paramref name="domain"/>, read with <paramref name="scheme"/> as the registry reads it.
    /// </summary>
    public bool Verify(IBallotScheme scheme, BallotDomain domain)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(domain);
        return ReadSignature(Signature) is { } signature && scheme.RecoverVoter(domain, Ballot(), signature) == Voter;
    }

    /// <summary>True when <see cref="Signature"/> is a 65-byte signature with a low s (the registry refuses a high-s twin).</summary>
    public bool IsCanonicalSignature() => ReadSignature(Signature) is not null;

    /// <summary>The signature in <paramref name="signatureHex"/>, or null when it is not 65 bytes r ‖ s ‖ v with a low s (EIP-2; the registry reverts with SignatureHighS).</summary>
    internal static EcdsaSignature? ReadSignature(string? signatureHex)
    {
        if (string.IsNullOrWhiteSpace(signatureHex))
        {
            return null;
        }

        try
        {
            var signature = EcdsaSignature.Parse(signatureHex.Trim());
            return signature.IsLowS ? signature : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
