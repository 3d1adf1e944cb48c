namespace RiskGovernance.Governance.Proposals;

/// <summary>What a proposal changes (numbered as the registry numbers it).</summary>
public enum ProposalKind
{
    /// <summary>A parameter set (a new registry version).</summary>
    Parameters = 0,

    /// <summary>The committee (members, weights) and the guardian.</summary>
    Membership = 1,

    /// <summary>The rules (periods, quorum, supermajority) and the bounds (hard limits, step bounds).</summary>
    Rules = 2,
}
