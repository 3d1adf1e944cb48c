namespace RiskGovernance.Governance.Proposals;

/// <summary>A committee member's vote, numbered as in OpenZeppelin Governor.</summary>
public enum BallotSupport : byte
{
    /// <summary>Against (0).</summary>
    Against = 0,

    /// <summary>For (1).</summary>
    For = 1,

    /// <summary>Abstain (2).</summary>
    Abstain = 2,
}
