using RiskGovernance.Primitives;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Rules;

namespace RiskGovernance.Governance.Application;

/// <summary>Draft a parameter proposal: the complete proposed params.json text.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Author">A committee member.</param>
/// <param name="ParamsJson">The complete proposed parameter set (FORMATS.md).</param>
public sealed record DraftParametersCommand(string Title, string Rationale, Address Author, string ParamsJson);

/// <summary>Draft a membership proposal: the complete new committee, exactly one member of which is the guardian.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Author">A committee member.</param>
/// <param name="Members">The new committee.</param>
public sealed record DraftMembershipCommand(string Title, string Rationale, Address Author, IReadOnlyList<CommitteeMember> Members);

/// <summary>Draft a rules proposal: the complete new rules and bounds.</summary>
/// <param name="Title">Title.</param>
/// <param name="Rationale">Rationale.</param>
/// <param name="Author">A committee member.</param>
/// <param name="Rules">The new rules.</param>
/// <param name="Bounds">The new bounds.</param>
public sealed record DraftRulesCommand(string Title, string Rationale, Address Author, GovernanceRules Rules, RegistryBounds Bounds);

/// <summary>What reconciliation changed for one proposal.</summary>
/// <param name="ProposalId">Proposal.</param>
/// <param name="From">Local state before.</param>
/// <param name="To">Local state after.</param>
public sealed record ReconciledProposal(Hash32 ProposalId, ProposalState From, ProposalState To);
