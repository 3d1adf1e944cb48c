using System.Globalization;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests.Support;

/// <summary>
/// Shared data of the pure domain tests (no chain, no database): a weighted committee of
/// development keys, the example parameter set, the ballot domain, and registrations as the
/// registry would report them (plain <see cref="RegistryProposal"/> values: the aggregate only
/// records what it is told).
/// </summary>
public static class Samples
{
    public const long ChainId = 31337;

    public static readonly Address Registry = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    public static readonly BallotDomain Domain = new(ChainId, Registry);

    /// <summary>The registry's ballot scheme, as the chain adapter implements it (EIP-712 and the ABI encoding, with Nethereum).</summary>
    public static readonly IBallotScheme Ballots = new Eip712BallotScheme();

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Voting 3 days, late quorum 12 h, timelock 1 day, grace 7 days, quorum 50 %, supermajority 66.67 %.</summary>
    public static readonly GovernanceRules Rules = new(
        TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 5_000, 6_667);

    public static readonly DateTimeOffset VotingEnd = Start + Rules.VotingPeriod;

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
        return json.Replace("\"scanRange\": 0.15", $"\"scanRange\": {scanRange.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
    }

    /// <summary>The example set in the registry's form (version 1 in these tests).</summary>
    public static OnChainParameterSet Example() => OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(ParamsJson()));

    /// <summary>
    /// <paramref name="set"/> with fields replaced by exact 18-decimal texts (field paths as
    /// <see cref="OnChainParameterCodec.Flatten"/> names them; "correlation.assets" replaces the asset
    /// list, whose fields must then all be given). Its params hash is a label of the content.
    /// </summary>
    public static OnChainParameterSet With(OnChainParameterSet set, params (string Field, string Value)[] changes)
    {
        var f = new Dictionary<string, string>(OnChainParameterCodec.Flatten(set), StringComparer.Ordinal);
        foreach (var (field, value) in changes)
        {
            if (field != "correlation.assets" && !f.ContainsKey(field) && !field.StartsWith("assets.", StringComparison.Ordinal) && !field.StartsWith("correlation.", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{field}' is not a field of the set.", nameof(changes));
            }

            f[field] = value;
        }

        FixedPoint18 F(string field) => FixedPoint18.Parse(f[field], field);
        var symbols = f["correlation.assets"].Split(',');
        var upper = new List<FixedPoint18>();
        for (var i = 0; i < symbols.Length; i++)
        {
            for (var j = i + 1; j < symbols.Length; j++)
            {
                upper.Add(F($"correlation.{symbols[i]}.{symbols[j]}"));
            }
        }

        return new OnChainParameterSet(
            f["method"], F("imMultiplier"), F("mmRatio"), F("liquidationRatio"), F("shortOptionMinimum"), F("correlationStress"),
            new OnChainGridParameters(F("grid.steps"), F("grid.extremeMultiple"), F("grid.extremeCoverage"), F("grid.vegaPowerShort"),
                F("grid.vegaPowerLong"), F("grid.dteFloorDays"), F("grid.volFloor")),
            new OnChainSimulationParameters(f["simulation.measure"], F("simulation.confidence"), F("simulation.horizonDays"), F("simulation.scenarios"),
                F("simulation.seed"), f["simulation.distribution"], F("simulation.degreesOfFreedom"), F("simulation.historyDays")),
            symbols.Select(s => new OnChainAssetParameters(s, F($"assets.{s}.scanRange"), F($"assets.{s}.volUp"), F($"assets.{s}.volDown"), F($"assets.{s}.haircut"))),
            upper,
            Hash32.Keccak(string.Join(";", changes.Select(c => $"{c.Field}={c.Value}")) + " on " + set.ParamsHash));
    }

    public static RatifiedParameterSet Ratified()
    {
        var set = ParameterSetJson.Read(ParamsJson());
        return new RatifiedParameterSet(1, System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(set)), OnChainParameterCodec.ParamsHash(set));
    }

    /// <summary>
    /// A draft parameter proposal (BTC scan range 0.15 -&gt; <paramref name="btcScanRange"/>) by member 1 on
    /// <paramref name="baseVersion"/>, its id computed from its payload as the registry computes it, with its simulation attached when asked.
    /// </summary>
    public static Proposal Draft(bool withSimulation = true, double btcScanRange = 0.18, long baseVersion = 1, string label = "Raise BTC scan range")
    {
        var set = ParameterSetJson.Read(ParamsWithBtcScanRange(btcScanRange));
        var onChain = OnChainParameterCodec.ToOnChain(set);
        var salt = Hash32.Keccak("salt " + label);
        var identity = Ballots.Identify(new ParametersPayload(onChain), baseVersion, salt);
        var ratified = Ratified();
        var p = Proposal.DraftParameters(identity, salt, label, "BTC realised volatility rose.", Member(1),
            System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(set)), baseVersion, ratified.ParamsHash,
            ParameterDiff.Between(Example(), onChain), requiresSupermajority: false, rebasedFrom: null, Start);
        if (withSimulation)
        {
            p.AttachSimulation(FakeSimulation(ratified.ParamsHash, p.ParamsHash), Member(1), Start);
        }

        return p;
    }

    public static SimulationRecord FakeSimulation(Hash32 current, Hash32 proposed) => new(
        Hash32.Keccak("market"), Hash32.Keccak("book"), current, proposed, "test", 42,
        new ImpactSummary(3, 100, 120, 3, 0, 0, 0, 2, 1, 0, 0, 1, 0, 10), Hash32.Keccak("result"), [], Start);

    /// <summary>
    /// The registry's view of <paramref name="p"/> (epoch 1, registered at <see cref="Start"/>, voting until
    /// <paramref name="votingEnd"/> or <see cref="VotingEnd"/>) in <paramref name="state"/>.
    /// </summary>
    public static RegistryProposal Chain(
        Proposal p, RegistryProposalState state = RegistryProposalState.Active, DateTimeOffset? votingEnd = null, DateTimeOffset? eta = null,
        long executedVersion = 0, bool? supermajority = null, int quorumBps = 5_000, int supermajorityBps = 6_667)
        => new(p.Kind, state, supermajority ?? p.RequiresSupermajority, p.ParamsHash, p.PayloadHash, p.BaseVersion, 1, Start, votingEnd ?? VotingEnd,
            eta, executedVersion, quorumBps, supermajorityBps);

    /// <summary>The transaction that registered a proposal in these tests.</summary>
    public static Hash32 OpenTx(Proposal p) => Hash32.Keccak("propose " + p.Id);

    /// <summary>An Active proposal, opened by its author at <see cref="Start"/> with the registration <see cref="Chain"/>.</summary>
    public static Proposal Active(bool withSimulation = true)
    {
        var p = Draft(withSimulation);
        p.Open(Chain(p), Rules, Committee(), Member(1), OpenTx(p), Start);
        return p;
    }

    public static string Sign(Hash32 proposalId, Hash32 paramsHash, BallotSupport support, int key, BallotDomain? domain = null)
        => new BallotTypedData(domain ?? Domain, new Ballot(proposalId, paramsHash, support)).Sign(DevelopmentKeys.Key(key)).ToString();

    /// <summary>A correctly signed ballot of development key <paramref name="key"/> on <paramref name="p"/>.</summary>
    public static SignedBallot Ballot(Proposal p, int key, BallotSupport support, string? reason = null)
        => new(p.Id, p.ParamsHash, support, Member(key), Sign(p.Id, p.ParamsHash, support, key), reason);

    /// <summary>Checks a ballot and records it as counted by the registry in <paramref name="tx"/>, voting still ending at <see cref="Proposal.VotingEndsAt"/>.</summary>
    public static Vote Vote(Proposal p, int key, BallotSupport support, DateTimeOffset at, Hash32? tx = null)
    {
        var vote = p.CheckBallot(Ballot(p, key, support), Ballots, Domain, 100, at);
        p.RecordVote(vote, tx ?? Hash32.Keccak($"vote {key} on {p.Id}"), p.VotingEndsAt!.Value, at);
        return vote;
    }

    public static MarketSnapshot Market() => MarketSnapshotJson.Read(MarketJson());

    public static Book Book() => RiskGovernance.Engine.Json.BookJson.Read(BookJson());
}
