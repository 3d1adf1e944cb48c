using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Testing;

namespace RiskGovernance.Governance.Tests.Support;

/// <summary>A service over in-memory stores, a fake registry and a manual clock; one per test.</summary>
public sealed class GovernanceWorld
{
    public GovernanceWorld(CommitteeSnapshot? committee = null, TimeSpan? timelock = null)
    {
        Time = new ManualTimeProvider(Samples.Start);
        Audit = new InMemoryAuditLog();
        Proposals = new InMemoryProposalRepository(Audit);
        Committee = new InMemoryCommitteeStore(committee ?? Samples.Committee(), Samples.Ratified());
        Options = new GovernanceRulesOptions
        {
            ChainId = Samples.ChainId,
            RegistryAddress = Samples.Registry.ToString(),
            SupermajorityFraction = 0.75m,
            MaxTotalImGrowth = 10,
            TimelockDelay = timelock ?? TimeSpan.FromDays(1),
        };
        Registry = new FakeRegistryGateway(Time, Options.TimelockDelay, Options.GracePeriod);
        Service = new GovernanceService(Proposals, Committee, Registry, Samples.Ballots, Time, Options, new ParameterBoundsOptions());
    }

    public ManualTimeProvider Time { get; }

    public InMemoryAuditLog Audit { get; }

    public InMemoryProposalRepository Proposals { get; }

    public InMemoryCommitteeStore Committee { get; }

    public GovernanceRulesOptions Options { get; }

    public FakeRegistryGateway Registry { get; }

    public GovernanceService Service { get; }

    public static CommitteeSnapshot TenMembers() => new(Enumerable.Range(0, 10).Select(i =>
        new CommitteeMember(Samples.Member(i), $"member {i}", 1, i == 0 ? CommitteeRole.Guardian : CommitteeRole.Member)));
}
