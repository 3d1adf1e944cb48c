using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Ports;

/// <summary>
/// How the registry reads a ballot and names a proposal, implemented by the chain adapter exactly
/// as the contract does it (EIP-712 typed data in <see cref="BallotDomain"/>; the ABI encoding of a
/// payload and the proposal id).
/// </summary>
public interface IBallotScheme
{
    /// <summary>
    /// The address whose key signed <paramref name="ballot"/> in <paramref name="domain"/>, or null
    /// when no key recovers from <paramref name="signature"/>. The caller checks the low-s rule.
    /// </summary>
    Address? RecoverVoter(BallotDomain domain, Ballot ballot, EcdsaSignature signature);

    /// <summary>The proposal's id, ballot hash and payload hash on chain, for a payload drafted from <paramref name="baseVersion"/> with <paramref name="salt"/>.</summary>
    ProposalIdentity Identify(ProposalPayload payload, long baseVersion, Hash32 salt);
}
