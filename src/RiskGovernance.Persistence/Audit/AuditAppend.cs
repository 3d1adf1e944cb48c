namespace RiskGovernance.Persistence.Audit;

/// <summary>What to append to the audit log; the log assigns the sequence, time and hashes.</summary>
/// <param name="Actor">Who caused the change (an address or a system name).</param>
/// <param name="Action">What happened (e.g. ProposalOpened).</param>
/// <param name="Subject">What it happened to (e.g. a proposal id).</param>
/// <param name="PayloadJson">The details, a JSON object.</param>
public sealed record AuditAppend(string Actor, string Action, string Subject, string PayloadJson);
