using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// Committees of deterministic keys, proposals, registrations (the values the registry reports) and
/// signed ballots for the repository tests, which test the storage of the aggregate, not the chain.
/// </summary>
internal static class GovernanceSamples
{
    public static readonly BallotDomain Domain = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    public static readonly GovernanceRules Rules = new(
        TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 5_000, 6_667);

    /// <summary>The registry's ballot scheme (EIP-712 and the ABI identity, with Nethereum).</summary>
    public static readonly IBallotScheme Ballots = new Eip712BallotScheme();

    public static SigningKey Key(int member) => SigningKey.Parse(Hash32.Keccak($"persistence-test-member-{member}").ToString());

    /// <summary>Members 0..count-1, weight i+1, member 0 a guardian.</summary>
    public static CommitteeSnapshot Committee(int count)
        => new(Enumerable.Range(0, count).Select(i =>
            new CommitteeMember(Key(i).Address, $"Member {i}", i + 1, i == 0 ? CommitteeRole.Guardian : CommitteeRole.Member)));

    /// <summary>A membership proposal of the committee's first three members (member 0 the guardian), by member 0.</summary>
    public static Proposal Membership(CommitteeSnapshot committee, string label, DateTimeOffset now)
    {
        IReadOnlyList<CommitteeMember> members = [.. committee.Members.Take(3)];
        var payload = new MembershipPayload([.. members.Select(m => new WeightedMember(m.Address, m.Weight))], members[0].Address);
        var salt = Hash32.Keccak($"salt {label}");
        return Proposal.DraftMembership(
            Ballots.Identify(payload, 0, salt), salt, $"Committee change {label}", "Rotate the committee.", committee.Members[0].Address, members, now);
    }

    /// <summary>A rules proposal (quorum 60 %, haircut at most 0.8) by member 0.</summary>
    public static Proposal RulesChange(CommitteeSnapshot committee, RegistryBounds bounds, string label, DateTimeOffset now)
    {
        var rules = Rules with { QuorumBps = 6_000 };
        var newBounds = bounds with { Haircut = new ValueLimit(bounds.Haircut.Min, FixedPoint18.Parse("0.8", "max")) };
        var payload = new RulesPayload(rules, newBounds);
        var salt = Hash32.Keccak($"salt {label}");
        return Proposal.DraftRules(Ballots.Identify(payload, 0, salt), salt, $"Rules {label}", "Stricter quorum.", committee.Members[0].Address,
            rules, newBounds, RulesDiff.Between(Rules, bounds, rules, newBounds), now);
    }

    /// <summary>
    /// A parameter proposal with a diff (one change flagged beyond its step bound, one flagged as a
    /// rebase conflict) and its simulation attached (still Draft). Its set is a stand-in text: the
    /// repository stores it as given.
    /// </summary>
    public static Proposal Parameters(CommitteeSnapshot committee, string label, DateTimeOffset now, Hash32? rebasedFrom = null)
    {
        var identity = new ProposalIdentity(Hash32.Keccak(label), Hash32.Keccak($"params {label}"), Hash32.Keccak($"payload {label}"));
        var baseHash = Hash32.Keccak("ratified v1");
        var p = Proposal.DraftParameters(
            identity, Hash32.Keccak($"salt {label}"), $"Raise BTC scan range {label}", "Volatility regime changed.", committee.Members[1].Address,
            """{"method":"grid"}""", 1, baseHash,
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.2", true), new ParameterChange("imMultiplier", "1", "1.1", false, Conflict: true)],
            requiresSupermajority: true, rebasedFrom, now);
        var summary = new ImpactSummary(100, 1_000_000.5, 1_250_000.25, 90, 5, 3, 2, 85, 6, 5, 4, 12, 1, 33_333.125);
        var simulation = new SimulationRecord(
            Hash32.Keccak("market"), Hash32.Keccak("book"), baseHash, identity.BallotHash, "1.0.0+test", 42, summary, Hash32.Keccak("result"),
            ["liquidatable: 2 of 100 accounts (2.00 %) become liquidatable, above the limit 1.00 %"], now);
        p.AttachSimulation(simulation, committee.Members[1].Address, now);
        return p;
    }

    /// <summary>The registration the registry would report for <paramref name="p"/>, voting from <paramref name="now"/> for the rules' period.</summary>
    public static RegistryProposal Registration(Proposal p, DateTimeOffset now, long epoch = 1)
        => new(p.Kind, RegistryProposalState.Active, p.RequiresSupermajority, p.ParamsHash, p.PayloadHash, p.BaseVersion, epoch, now, now + Rules.VotingPeriod,
            null, 0, Rules.QuorumBps, Rules.SupermajorityBps);

    public static Hash32 OpenTx(Proposal p) => Hash32.Keccak($"propose {p.Id}");

    /// <summary>Opens <paramref name="p"/> by its author with its registration and <paramref name="committee"/> as the epoch's members.</summary>
    public static void Open(Proposal p, CommitteeSnapshot committee, DateTimeOffset now)
        => p.Open(Registration(p, now), Rules, committee, p.Author, OpenTx(p), now);

    public static SignedBallot Ballot(Proposal p, int member, BallotSupport support, string? reason = null)
    {
        var signature = new BallotTypedData(Domain, new RiskGovernance.Governance.Proposals.Ballot(p.Id, p.ParamsHash, support)).Sign(Key(member));
        return new SignedBallot(p.Id, p.ParamsHash, support, Key(member).Address, signature.ToString(), reason);
    }

    /// <summary>The transaction that relayed <paramref name="ballot"/> in these tests.</summary>
    public static Hash32 VoteTx(SignedBallot ballot) => Hash32.Keccak($"relay {ballot.ProposalId} {ballot.Voter}");

    /// <summary>Load, check the ballot, record it as counted, save; on a concurrency conflict load again and retry (what the service does).</summary>
    public static async Task<Vote> CastAsync(IProposalRepository repository, SignedBallot ballot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var p = await repository.GetAsync(ballot.ProposalId, cancellationToken) ?? throw new InvalidOperationException("proposal not found");
            var vote = p.CheckBallot(ballot, Ballots, Domain, 2000, now);
            p.RecordVote(vote, VoteTx(ballot), p.VotingEndsAt!.Value, now);
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

    /// <summary>For, Against and Abstain weight of the recorded votes.</summary>
    public static (long For, long Against, long Abstain) Weights(Proposal p)
        => (p.Votes.Where(v => v.Support == BallotSupport.For).Sum(v => v.Weight),
            p.Votes.Where(v => v.Support == BallotSupport.Against).Sum(v => v.Weight),
            p.Votes.Where(v => v.Support == BallotSupport.Abstain).Sum(v => v.Weight));
}
