using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Proposals;

/// <summary>A committee member as the registry holds it: an address and a positive weight.</summary>
/// <param name="Address">The member's address (the key that signs ballots).</param>
/// <param name="Weight">Voting weight, &gt; 0.</param>
public sealed record WeightedMember(Address Address, long Weight);

/// <summary>What a proposal carries to the registry, and executes there.</summary>
public abstract record ProposalPayload
{
    /// <summary>The proposal kind this payload belongs to.</summary>
    public abstract ProposalKind Kind { get; }
}

/// <summary>A complete parameter set (ballots approve its params hash).</summary>
/// <param name="Set">The set in the registry's form.</param>
public sealed record ParametersPayload(OnChainParameterSet Set) : ProposalPayload
{
    /// <inheritdoc/>
    public override ProposalKind Kind => ProposalKind.Parameters;
}

/// <summary>A whole new committee and guardian (ballots approve the payload's hash).</summary>
/// <param name="Members">Members and weights, in order.</param>
/// <param name="Guardian">The guardian (vetoes queued proposals, cancels before execution).</param>
public sealed record MembershipPayload(IReadOnlyList<WeightedMember> Members, Address Guardian) : ProposalPayload
{
    /// <inheritdoc/>
    public override ProposalKind Kind => ProposalKind.Membership;

    /// <inheritdoc/>
    public bool Equals(MembershipPayload? other) => other is not null && Guardian == other.Guardian && Members.SequenceEqual(other.Members);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Guardian, Members.Count);
}

/// <summary>New rules and bounds (ballots approve the payload's hash).</summary>
/// <param name="Rules">Periods, quorum and supermajority.</param>
/// <param name="Bounds">Hard limits and step bounds.</param>
public sealed record RulesPayload(GovernanceRules Rules, RegistryBounds Bounds) : ProposalPayload
{
    /// <inheritdoc/>
    public override ProposalKind Kind => ProposalKind.Rules;
}

/// <summary>
/// Who a proposal is on chain: <c>id = keccak256(abi.encode(kind, ballotHash, keccak256(payload), baseVersion, salt))</c>.
/// </summary>
/// <param name="Id">The proposal id (the registry's and the portal's).</param>
/// <param name="BallotHash">What ballots approve: the params hash, or the payload hash.</param>
/// <param name="PayloadHash">keccak256 of the ABI-encoded payload.</param>
public sealed record ProposalIdentity(Hash32 Id, Hash32 BallotHash, Hash32 PayloadHash);
