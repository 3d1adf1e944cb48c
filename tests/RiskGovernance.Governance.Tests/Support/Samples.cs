using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests.Support;

/// <summary>Shared test data: a weighted committee of development keys, the example parameter set, the ballot domain.</summary>
public static class Samples
{
    public const long ChainId = 31337;

    public static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    public static readonly BallotDomain Domain = new(ChainId, Registry);

    /// <summary>The registry's ballot scheme, as the chain adapter implements it (EIP-712 with Nethereum).</summary>
    public static readonly IBallotScheme Ballots = new Eip712BallotScheme();

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Weights of development keys 0..3: 1, 2, 3, 4 (total 10); key 0 is the guardian.</summary>
    public static readonly long[] Weights = [1, 2, 3, 4];

    public static Address Member(int key) => DevelopmentKeys.Key(key).Address;

    /// <summary>Development key 9 is never a member.</summary>
    public static Address Outsider => Member(9);

    public static CommitteeSnapshot Committee() => new(Weights.Select((w, i) =>
        new CommitteeMember(Member(i), $"member {i}", w, i == 0 ? CommitteeRole.Guardian : CommitteeRole.Member)));

    public static string ParamsJson() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "params.json"));

    public static string MarketJson() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "market.json"));

    public static string BookJson() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "book.json"));

    /// <summary>The example set with BTC's scan range replaced.</summary>
    public static string ParamsWithBtcScanRange(double scanRange)
    {
        var json = ParamsJson();
        Assert.Contains("\"scanRange\": 0.15", json);
        return json.Replace("\"scanRange\": 0.15", $"\"scanRange\": {scanRange.ToString(System.Globalization.CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
    }

    public static RatifiedParameterSet Ratified()
    {
        var set = ParameterSetJson.Read(ParamsJson());
        return new RatifiedParameterSet(1, System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(set)), OnChainParameterCodec.ParamsHash(set));
    }

    public static VotingRules Rules(MajorityRule majority = MajorityRule.Simple, decimal quorum = 0.5m, decimal supermajority = 0.75m) => new(
        TimeSpan.FromDays(3), quorum, majority, supermajority, TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromHours(12));

    /// <summary>A draft parameter proposal (BTC scan range 0.15 -> 0.18) by member 1, with its simulation attached when asked.</summary>
    public static Proposal Draft(bool requiresSupermajority = false, bool withSimulation = true, string title = "Raise BTC scan range")
    {
        var set = ParameterSetJson.Read(ParamsWithBtcScanRange(0.18));
        var hash = OnChainParameterCodec.ParamsHash(set);
        var ratified = Ratified();
        var p = Proposal.DraftParameters(Hash32.Keccak(title + requiresSupermajority), title, "BTC realised volatility rose.", Member(1),
            System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(set)), hash, ratified.Version, ratified.ParamsHash,
            [new ParameterChange("assets.BTC.scanRange", "0.15", "0.18", requiresSupermajority)], requiresSupermajority, Start);
        if (withSimulation)
        {
            p.AttachSimulation(FakeSimulation(ratified.ParamsHash, hash), Member(1), Start);
        }

        return p;
    }

    public static SimulationRecord FakeSimulation(Hash32 current, Hash32 proposed) => new(
        Hash32.Keccak("market"), Hash32.Keccak("book"), current, proposed, "test", 42,
        new ImpactSummary(3, 100, 120, 3, 0, 0, 0, 2, 1, 0, 0, 1, 0, 10), Hash32.Keccak("result"), [], Start);

    /// <summary>An Active proposal (opened at <see cref="Start"/> with <see cref="Rules"/>).</summary>
    public static Proposal Active(bool requiresSupermajority = false, VotingRules? rules = null)
    {
        var p = Draft(requiresSupermajority);
        p.Open(Committee(), rules ?? Rules(), Member(1), Start);
        return p;
    }

    public static string Sign(Hash32 proposalId, Hash32 paramsHash, BallotSupport support, int key, BallotDomain? domain = null)
    {
        return new BallotTypedData(domain ?? Domain, new Ballot(proposalId, paramsHash, support)).Sign(DevelopmentKeys.Key(key)).ToString();
    }

    /// <summary>A correctly signed ballot of development key <paramref name="key"/> on <paramref name="p"/>.</summary>
    public static SignedBallot Ballot(Proposal p, int key, BallotSupport support, string? reason = null)
        => new(p.Id, p.ParamsHash, support, Member(key), Sign(p.Id, p.ParamsHash, support, key), reason);

    public static MarketSnapshot Market() => MarketSnapshotJson.Read(MarketJson());

    public static Book Book() => RiskGovernance.Engine.Json.BookJson.Read(BookJson());
}
