using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>
/// How the registry reads a ballot, implemented by the chain adapter exactly as the contract does
/// it (EIP-712 typed data in <see cref="BallotDomain"/>, and the ABI encoding of a committee).
/// </summary>
public interface IBallotScheme
{
    /// <summary>
    /// The address whose key signed <paramref name="ballot"/> in <paramref name="domain"/>, or null
    /// when no key recovers from <paramref name="signature"/>. The caller checks the low-s rule.
    /// </summary>
    Address? RecoverVoter(BallotDomain domain, Ballot ballot, EcdsaSignature signature);

    /// <summary>What a membership ballot approves: keccak256(abi.encode(members, weights, thresholdBps)).</summary>
    Hash32 MembershipHash(IReadOnlyList<CommitteeMember> members, int thresholdBps);
}
