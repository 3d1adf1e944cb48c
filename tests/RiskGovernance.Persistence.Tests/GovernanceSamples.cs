using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

/// <summary>Committees of deterministic keys, proposals and signed ballots for the repository tests.</summary>
internal static class GovernanceSamples
{
    public static readonly BallotDomain Domain = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    public static readonly VotingRules Rules = new(
        TimeSpan.FromDays(3), 0.5m, MajorityRule.Simple, 2m / 3m, TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromHours(12));

    /// <summary>The registry's ballot scheme (EIP-712 with Nethereum).</summary>
    public static readonly IBallotScheme Ballots = new Eip712BallotScheme();

    public static SigningKey Key(int member) => SigningKey.Parse(Hash32.Keccak($"persistence-test-member-{member}").ToString());

    /// <summary>Members 0..count-1, weight i+1, member 0 a guardian.</summary>
    public static CommitteeSnapshot Committee(int count)
        => new(Enumerable.Range(0, count).Select(i =>
            new CommitteeMember(Key(i).Address, $"Member {i}", i + 1, i == 0 ? CommitteeRole.Guardian : CommitteeRole.Member)));

    public static Proposal Membership(CommitteeSnapshot committee, string label, DateTimeOffset now)
        => Proposal.DraftMembership(
            Hash32.Keccak(label), $"Committee change {label}", "Rotate the committee.", committee.Members[0].Address,
            [.. committee.Members.Take(3)], 5_000, Ballots.MembershipHash([.. committee.Members.Take(3)], 5_000), now);

    /// <summary>A parameter proposal with a diff and its simulation attached (still Draft).</summary>
    public static Proposal Parameters(CommitteeSnapshot committee, string label, DateTimeOffset now)
    {
        var paramsHash = Hash32.Keccak($"params {label}");
        var baseHash = Hash32.Keccak("ratified v1");
        var p = Proposal.DraftParameters(
            Hash32.Keccak(label), $"Raise BTC scan range {label}", "Volatility regime changed.", committee.Members[1].Address,
            """{"method":"grid"}""", paramsHash, 1, baseHash,
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.2", true), new ParameterChange("imMultiplier", "1", "1.1", false)],
            requiresSupermajority: true, now);
        var summary = new ImpactSummary(100, 1_000_000.5, 1_250_000.25, 90, 5, 3, 2, 85, 6, 5, 4, 12, 1, 33_333.125);
        var simulation = new SimulationRecord(
            Hash32.Keccak("market"), Hash32.Keccak("book"), baseHash, paramsHash, "1.0.0+test", 42, summary, Hash32.Keccak("result"),
            ["liquidatable: 2 of 100 accounts (2.00 %) become liquidatable, above the limit 1.00 %"], now);
        p.AttachSimulation(simulation, committee.Members[1].Address, now);
        return p;
    }

    public static SignedBallot Ballot(Proposal p, int member, BallotSupport support, string? reason = null)
    {
        var signature = new BallotTypedData(Domain, new RiskGovernance.Governance.Proposals.Ballot(p.Id, p.ParamsHash, support)).Sign(Key(member));
        return new SignedBallot(p.Id, p.ParamsHash, support, Key(member).Address, signature.ToString(), reason);
    }

    /// <summary>Load, vote, save; on a concurrency conflict load again and retry (what the service does).</summary>
    public static async Task<Vote> CastAsync(IProposalRepository repository, SignedBallot ballot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var p = await repository.GetAsync(ballot.ProposalId, cancellationToken) ?? throw new InvalidOperationException("proposal not found");
            var vote = p.CastVote(ballot, Ballots, Domain, 2000, now);
            try
            {
                await repository.SaveAsync(p, cancellationToken);
                return vote;
            }
            catch (ConcurrencyConflictException) when (attempt < 500)
            {
                // Someone else saved first: vote again on the fresh copy.
            }
        }
    }
}
