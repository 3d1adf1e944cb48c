using RiskGovernance.Primitives;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance.Committees;

/// <summary>What a committee member may do besides voting.</summary>
public enum CommitteeRole
{
    /// <summary>Proposes and votes.</summary>
    Member = 0,

    /// <summary>Proposes, votes, and may cancel (before execution) or veto (while queued).</summary>
    Guardian = 1,
}

/// <summary>
/// A committee member: address, display name, voting weight (&gt; 0) and role. Persistence: the
/// address is stored as its EIP-55 text (<see cref="Address.ToString"/> / <see cref="Address.Parse"/>
/// value converter).
/// </summary>
public sealed record CommitteeMember
{
    /// <summary>Maximum length of a display name.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>Creates a member; a zero address, empty name or weight &lt;= 0 is refused naming the field.</summary>
    public CommitteeMember(Address address, string displayName, long weight, CommitteeRole role)
    {
        var e = new ValidationErrors();
        Validate(e, "member", address, displayName, weight, role);
        e.ThrowIfAny();
        Address = address;
        DisplayName = displayName.Trim();
        Weight = weight;
        Role = role;
    }

    /// <summary>Address (the key that signs ballots).</summary>
    public Address Address { get; }

    /// <summary>Display name.</summary>
    public string DisplayName { get; }

    /// <summary>Voting weight, &gt; 0.</summary>
    public long Weight { get; }

    /// <summary>Role.</summary>
    public CommitteeRole Role { get; }

    /// <summary>True for a guardian.</summary>
    public bool IsGuardian => Role == CommitteeRole.Guardian;

    internal static void Validate(ValidationErrors e, string prefix, Address address, string? displayName, long weight, CommitteeRole role)
    {
        if (address.IsZero)
        {
            e.Add($"{prefix}.address", "must not be the zero address");
        }

        if (string.IsNullOrWhiteSpace(displayName))
        {
            e.Add($"{prefix}.displayName", "must not be empty");
        }
        else if (displayName.Trim().Length > MaxDisplayNameLength)
        {
            e.Add($"{prefix}.displayName", $"must be at most {MaxDisplayNameLength} characters");
        }
        else
        {
            FreeText.Check(e, $"{prefix}.displayName", displayName, multiline: false);
        }

        if (weight <= 0)
        {
            e.Add($"{prefix}.weight", $"must be > 0 (was {weight})");
        }

        if (!Enum.IsDefined(role))
        {
            e.Add($"{prefix}.role", $"must be member or guardian (was {(int)role})");
        }
    }
}

/// <summary>
/// A committee: distinct members with positive weights. Used both for the current committee
/// (<see cref="Ports.ICommitteeStore"/>) and for the snapshot frozen into a proposal when it opens.
/// </summary>
public sealed class CommitteeSnapshot
{
    private readonly Dictionary<Address, CommitteeMember> _byAddress;

    /// <summary>Creates the committee; an empty list or a repeated address is refused naming the field.</summary>
    public CommitteeSnapshot(IEnumerable<CommitteeMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var list = members.ToList();
        var e = new ValidationErrors();
        if (list.Count == 0)
        {
            e.Add("committee.members", "must not be empty");
        }

        var seen = new HashSet<Address>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                e.Add($"committee.members[{i}]", "must not be null");
            }
            else if (!seen.Add(list[i].Address))
            {
                e.Add($"committee.members[{i}].address", $"{list[i].Address} appears more than once");
            }
        }

        e.ThrowIfAny();
        Members = list;
        _byAddress = list.ToDictionary(m => m.Address);
        TotalWeight = list.Sum(m => m.Weight);
    }

    /// <summary>Members in their given order.</summary>
    public IReadOnlyList<CommitteeMember> Members { get; }

    /// <summary>Sum of the weights.</summary>
    public long TotalWeight { get; }

    /// <summary>The member with that address, or null.</summary>
    public CommitteeMember? Find(Address address) => _byAddress.GetValueOrDefault(address);

    /// <summary>True when <paramref name="address"/> is a member.</summary>
    public bool IsMember(Address address) => _byAddress.ContainsKey(address);

    /// <summary>True when <paramref name="address"/> is a guardian.</summary>
    public bool IsGuardian(Address address) => Find(address)?.IsGuardian == true;
}
