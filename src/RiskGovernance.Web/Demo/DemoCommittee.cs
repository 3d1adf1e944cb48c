using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Rules;

namespace RiskGovernance.Web.Demo;

/// <summary>One member of the demo committee: an anvil development key, a name, a weight and a role.</summary>
/// <param name="KeyIndex">Index of the public anvil development key.</param>
/// <param name="DisplayName">Name shown in the portal.</param>
/// <param name="Weight">Voting weight.</param>
/// <param name="Role">Member or guardian.</param>
public sealed record DemoMember(int KeyIndex, string DisplayName, long Weight, CommitteeRole Role)
{
    /// <summary>The member's address.</summary>
    public Address Address => DevelopmentKeys.Key(KeyIndex).Address;
}

/// <summary>
/// The demo committee of five on the public anvil keys 1..5 (total weight 10), and the relayer
/// (key 0) that sends the portal's transactions. LOCAL CHAIN ONLY: the keys are public.
/// </summary>
public static class DemoCommittee
{
    /// <summary>Index of the key that pays for and sends the portal's transactions.</summary>
    public const int RelayerKeyIndex = 0;

    /// <summary>The five members.</summary>
    public static IReadOnlyList<DemoMember> Members { get; } =
    [
        new(1, "Ada Lovelace (risk lead)", 3, CommitteeRole.Member),
        new(2, "Ben Graham", 2, CommitteeRole.Member),
        new(3, "Chen Wei", 2, CommitteeRole.Member),
        new(4, "Dana Ortiz", 2, CommitteeRole.Member),
        new(5, "Eve Moreau (guardian)", 1, CommitteeRole.Guardian),
    ];

    /// <summary>The guardian (cancels and vetoes).</summary>
    public static DemoMember Guardian => Members.Single(m => m.Role == CommitteeRole.Guardian);

    /// <summary>The committee as the governance layer holds it.</summary>
    public static CommitteeSnapshot Snapshot() =>
        new(Members.Select(m => new CommitteeMember(m.Address, m.DisplayName, m.Weight, m.Role)));

    /// <summary>The committee as the registry holds it.</summary>
    public static IReadOnlyList<WeightedMember> OnChain() =>
        [.. Members.Select(m => new WeightedMember(m.Address, m.Weight))];

    /// <summary>The rules the demo registry is deployed with (<see cref="RegistryDefaults.Rules"/>); from then on the registry holds them.</summary>
    public static GovernanceRules Rules => RegistryDefaults.Rules;

    /// <summary>The bounds the demo registry is deployed with (<see cref="RegistryDefaults.Bounds"/>).</summary>
    public static RegistryBounds Bounds => RegistryDefaults.Bounds;

    /// <summary>The demo member holding <paramref name="address"/>, or null.</summary>
    public static DemoMember? Find(Address address) => Members.FirstOrDefault(m => m.Address == address);
}
