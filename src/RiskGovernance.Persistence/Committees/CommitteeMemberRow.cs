using RiskGovernance.Primitives;
using RiskGovernance.Governance.Committees;

namespace RiskGovernance.Persistence.Committees;

/// <summary>A member of the current committee (table CommitteeMembers).</summary>
public sealed class CommitteeMemberRow
{
    /// <summary>The member's address (key).</summary>
    public Address Address { get; set; }

    /// <summary>Position in the committee's member list.</summary>
    public int Ordinal { get; set; }

    /// <summary>Display name.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Voting weight.</summary>
    public long Weight { get; set; }

    /// <summary>Member or guardian.</summary>
    public CommitteeRole Role { get; set; }
}

/// <summary>A ratified parameter set (table RatifiedParameterSets), one row per registry version.</summary>
public sealed class RatifiedParameterSetRow
{
    /// <summary>Registry version (key).</summary>
    public long Version { get; set; }

    /// <summary>Canonical params.json.</summary>
    public string ParamsJson { get; set; } = "";

    /// <summary>keccak of <see cref="ParamsJson"/>.</summary>
    public Hash32 ParamsHash { get; set; }

    /// <summary>When it was recorded here.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}
