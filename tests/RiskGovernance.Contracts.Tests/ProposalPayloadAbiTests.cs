using System.Globalization;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// <see cref="ProposalPayloadAbi"/> against two references nobody here wrote: Foundry's <c>cast
/// abi-encode</c> / <c>cast keccak</c> for the bytes, and the registry itself on anvil for the
/// proposal id (<c>proposalIdOf</c>, and the id <c>propose</c> registers).
/// </summary>
public sealed class ProposalPayloadAbiTests : IClassFixture<AnvilFixture>
{
    private const string RulesType = "(uint64,uint64,uint64,uint64,uint256,uint256)";
    private const string BoundsType = "((int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),"
                                      + "int256,int256,int256,int256,int256,int256)";

    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public ProposalPayloadAbiTests(AnvilFixture node) => _node = node;

    public static TheoryData<string> Kinds() => ["parameters", "membership", "rules"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Identify_EachKind_IsTheRegistrysProposalIdOfAndTheIdProposeRegisters(string kind)
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = Payload(kind);
        var baseVersion = payload.Kind == ProposalKind.Parameters ? 1 : 0;
        var salt = Hash32.Keccak($"salt of {kind}");

        var identity = ProposalPayloadAbi.Identify(payload, baseVersion, salt);
        var onChainId = await s.Registry.GetProposalIdOfAsync(payload.Kind, identity.BallotHash, identity.PayloadHash, baseVersion, salt, Ct);
        var receipt = await s.Registry.ProposeAsync(RegistryScenario.Operator, payload, identity.BallotHash, baseVersion, salt, Ct);
        var created = Assert.Single(await RegistryFlowTests.DecodeEventsAsync<ProposalCreatedEventDto>(s.Chain, receipt)).Event;
        var registered = await s.Registry.GetProposalAsync(identity.Id, Ct);

        Assert.Equal(onChainId, identity.Id);
        Assert.Equal(identity.Id, Hash32.FromBytes(created.ProposalId));
        Assert.Equal(identity.Id, ProposalPayloadAbi.ProposalId(payload.Kind, identity.BallotHash, identity.PayloadHash, baseVersion, salt));
        Assert.Equal(identity, new Eip712BallotScheme().Identify(payload, baseVersion, salt));
        Assert.Equal(Hash32.Keccak(ProposalPayloadAbi.Encode(payload)), identity.PayloadHash);
        Assert.Equal(payload is ParametersPayload p ? p.Set.ParamsHash : identity.PayloadHash, identity.BallotHash);
        Assert.Equal((payload.Kind, identity.BallotHash, identity.PayloadHash, (long)baseVersion), (registered.Kind, registered.BallotHash, registered.PayloadHash, registered.BaseVersion));
        Assert.Equal(RegistryProposalState.Active, registered.State);
    }

    [Fact]
    public void Identify_OtherSaltOrBase_OtherId()
    {
        var payload = Payload("parameters");
        var id = ProposalPayloadAbi.Identify(payload, 1, Hash32.Keccak("a")).Id;

        Assert.NotEqual(id, ProposalPayloadAbi.Identify(payload, 1, Hash32.Keccak("b")).Id);
        Assert.NotEqual(id, ProposalPayloadAbi.Identify(payload, 2, Hash32.Keccak("a")).Id);
    }

    [Fact]
    public async Task ProposalId_MatchesCastKeccakOfAbiEncode()
    {
        var ballotHash = Hash32.Keccak("ballot");
        var payloadHash = Hash32.Keccak("payload");
        var salt = Hash32.Keccak("salt");

        var encoded = await CastTool.RunAsync(Ct, "abi-encode", "f(uint8,bytes32,bytes32,uint256,bytes32)", "2", ballotHash.ToString(), payloadHash.ToString(), "7", salt.ToString());
        var expected = await CastTool.RunAsync(Ct, "keccak", encoded);

        Assert.Equal(expected, ProposalPayloadAbi.ProposalId(ProposalKind.Rules, ballotHash, payloadHash, 7, salt).ToString());
    }

    [Fact]
    public async Task Encode_Membership_MatchesCastAbiEncode()
    {
        var payload = (MembershipPayload)Payload("membership");

        var expected = await CastTool.RunAsync(
            Ct, "abi-encode", "f(address[],uint256[],address)",
            $"[{string.Join(",", payload.Members.Select(m => m.Address.ToString()))}]",
            $"[{string.Join(",", payload.Members.Select(m => m.Weight.ToString(CultureInfo.InvariantCulture)))}]",
            payload.Guardian.ToString());

        Assert.Equal(expected, HexText.Encode(ProposalPayloadAbi.Encode(payload)));
    }

    [Fact]
    public async Task Encode_Rules_MatchesCastAbiEncode()
    {
        var payload = (RulesPayload)Payload("rules");
        var r = payload.Rules;
        var b = payload.Bounds;
        static string S(TimeSpan t) => ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        static string F(FixedPoint18 v) => v.Raw.ToString(CultureInfo.InvariantCulture);
        static string L(ValueLimit l) => $"({F(l.Min)},{F(l.Max)})";
        var rules = $"({S(r.VotingPeriod)},{S(r.LateQuorumExtension)},{S(r.TimelockDelay)},{S(r.GracePeriod)},{r.QuorumBps},{r.SupermajorityBps})";
        var bounds = $"({L(b.ImMultiplier)},{L(b.MmRatio)},{L(b.LiquidationRatio)},{L(b.ScanRange)},{L(b.VolUp)},{L(b.VolDown)},{L(b.Haircut)},"
                     + $"{F(b.ImMultiplierStep)},{F(b.ScanRangeStep)},{F(b.VolUpStep)},{F(b.VolDownStep)},{F(b.HaircutStep)},{F(b.CorrelationStep)})";

        var expected = await CastTool.RunAsync(Ct, "abi-encode", $"f({RulesType},{BoundsType})", rules, bounds);

        Assert.Equal(expected, HexText.Encode(ProposalPayloadAbi.Encode(payload)));
    }

    [Fact]
    public async Task Encode_Parameters_IsRiskParametersAbiEncoding()
    {
        var payload = (ParametersPayload)Payload("parameters");
        var s = await RegistryScenario.DeployAsync(_node, Ct);

        Assert.Equal(RiskParametersAbi.Encode(payload.Set), ProposalPayloadAbi.Encode(payload));
        // The registry accepts the bytes as a RiskParameters (it decodes and validates them).
        Assert.False(await s.Registry.CheckProposalAsync(payload, payload.Set.ParamsHash, 1, Ct));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_EncodedPayload_RoundTrips(string kind)
    {
        var payload = Payload(kind);
        var encoded = ProposalPayloadAbi.Encode(payload);

        var decoded = ProposalPayloadAbi.Decode(payload.Kind, encoded, ProposalPayloadAbi.BallotHash(payload, encoded));

        Assert.Equal(payload, decoded);
        Assert.Equal(encoded, ProposalPayloadAbi.Encode(decoded));
    }

    /// <summary>The struct DTOs the registry's rules() and bounds() return read back as the domain's rules and bounds.</summary>
    [Fact]
    public void Dto_RulesAndBounds_RoundTripThroughTheStructs()
    {
        var payload = (RulesPayload)Payload("rules");

        Assert.Equal(payload.Rules, ProposalPayloadAbi.FromDto(ProposalPayloadAbi.ToDto(payload.Rules)));
        Assert.Equal(payload.Bounds, ProposalPayloadAbi.FromDto(ProposalPayloadAbi.ToDto(payload.Bounds)));
    }

    [Fact]
    public void Encode_RulesWithAFractionOfASecond_RejectedNamingTheRule()
    {
        var payload = new RulesPayload(RegistryScenario.Rules with { TimelockDelay = TimeSpan.FromMilliseconds(1500) }, RegistryScenario.Bounds);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ProposalPayloadAbi.Encode(payload));

        Assert.Equal("rules.timelockDelay", error.ParamName);
    }

    /// <summary>Distinct, non-default values in every field, so that a swapped or dropped field changes the bytes.</summary>
    private static ProposalPayload Payload(string kind) => kind switch
    {
        "parameters" => new ParametersPayload(TestParameters.Revised()),
        "membership" => new MembershipPayload(
            [new(DevelopmentKeys.Key(1).Address, 1), new(DevelopmentKeys.Key(4).Address, 2), new(DevelopmentKeys.Key(7).Address, 3)], DevelopmentKeys.Key(8).Address),
        _ => new RulesPayload(
            new GovernanceRules(TimeSpan.FromDays(2), TimeSpan.FromHours(6), TimeSpan.FromHours(20), TimeSpan.FromDays(5), 5_500, 7_000),
            new RegistryBounds(
                Limit("0.6", "2.9"), Limit("0.31", "0.94"), Limit("0.32", "0.98"), Limit("0.011", "0.99"), Limit("0.001", "2.9"), Limit("0.002", "0.9"), Limit("0.003", "0.8"),
                F("0.24"), F("0.49"), F("0.48"), F("0.47"), F("0.46"), F("0.19"))),
    };

    private static ValueLimit Limit(string min, string max) => new(F(min), F(max));

    private static FixedPoint18 F(string text) => FixedPoint18.Parse(text, "t");
}
