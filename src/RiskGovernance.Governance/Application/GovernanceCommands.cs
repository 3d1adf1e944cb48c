using RiskGovernance.Primitives;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;

namespace RiskGovernance.Governance.Application;

/// <summary>Draft a parameter proposal: the complete proposed params.json text.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Author">A committee member.</param>
/// <param name="ParamsJson">The complete proposed parameter set (FORMATS.md).</param>
public sealed record DraftParametersCommand(string Title, string Rationale, Address Author, string ParamsJson);

/// <summary>Draft a membership proposal: the complete new committee and its registry threshold.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Author">A committee member.</param>
/// <param name="Members">The new committee.</param>
/// <param name="ThresholdBps">The registry's approval threshold for the new committee, 1..10000.</param>
public sealed record DraftMembershipCommand(string Title, string Rationale, Address Author, IReadOnlyList<CommitteeMember> Members, int ThresholdBps);

/// <summary>What reconciliation changed for one proposal.</summary>
/// <param name="ProposalId">Proposal.</param>
/// <param name="From">Local state before.</param>
/// <param name="To">Local state after.</param>
public sealed record ReconciledProposal(Hash32 ProposalId, ProposalState From, ProposalState To);
