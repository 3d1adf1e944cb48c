using System.Numerics;
using Nethereum.ABI;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// What a proposal carries, as the registry's <c>propose</c> and <c>execute</c> take it:
/// abi.encode(RiskParameters); abi.encode(address[] members, uint256[] weights, address guardian);
/// abi.encode(Rules, Bounds). And the proposal id the registry computes:
/// keccak256(abi.encode(uint8 kind, bytes32 ballotHash, bytes32 payloadHash, uint256 baseVersion, bytes32 salt)).
/// </summary>
public static class ProposalPayloadAbi
{
    /// <summary>The ABI encoding of a payload.</summary>
    public static byte[] Encode(ProposalPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload switch
        {
            ParametersPayload p => RiskParametersAbi.Encode(p.Set),
            MembershipPayload m => new ABIEncode().GetABIParamsEncoded(new MembershipPayloadDto
            {
                Members = [.. m.Members.Select(x => x.Address.ToString())],
                Weights = [.. m.Members.Select(x => new BigInteger(x.Weight))],
                Guardian = m.Guardian.ToString(),
            }),
            RulesPayload r => new ABIEncode().GetABIParamsEncoded(new RulesPayloadDto { Rules = ToDto(r.Rules), Bounds = ToDto(r.Bounds) }),
            _ => throw new ArgumentException($"unknown payload {payload.GetType().Name}.", nameof(payload)),
        };
    }

    /// <summary>Decodes a payload of <paramref name="kind"/>; a parameter set takes <paramref name="ballotHash"/> as its params hash.</summary>
    public static ProposalPayload Decode(ProposalKind kind, byte[] encoded, Hash32 ballotHash)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var abi = new ABIEncode();
        switch (kind)
        {
            case ProposalKind.Parameters:
                return new ParametersPayload(RiskParametersAbi.Decode(encoded, ballotHash));
            case ProposalKind.Membership:
                var m = abi.DecodeEncodedComplexType<MembershipPayloadDto>(encoded);
                return new MembershipPayload(
                    [.. m.Members.Zip(m.Weights, (a, w) => new WeightedMember(Address.Parse(a.ToLowerInvariant(), "members"), (long)w))],
                    Address.Parse(m.Guardian.ToLowerInvariant(), "guardian"));
            default:
                var r = abi.DecodeEncodedComplexType<RulesPayloadDto>(encoded);
                return new RulesPayload(FromDto(r.Rules), FromDto(r.Bounds));
        }
    }

    /// <summary>The ballot hash of a payload: the params hash of a parameter set, keccak256 of the encoding otherwise.</summary>
    public static Hash32 BallotHash(ProposalPayload payload, byte[] encoded)
        => payload is ParametersPayload p ? p.Set.ParamsHash : Hash32.Keccak(encoded);

    /// <summary>The registry's proposal id (<c>proposalIdOf</c>).</summary>
    public static Hash32 ProposalId(ProposalKind kind, Hash32 ballotHash, Hash32 payloadHash, long baseVersion, Hash32 salt)
        => Hash32.Keccak(new ABIEncode().GetABIEncoded(
            new ABIValue("uint8", (byte)kind),
            new ABIValue("bytes32", ballotHash.ToBytes()),
            new ABIValue("bytes32", payloadHash.ToBytes()),
            new ABIValue("uint256", new BigInteger(baseVersion)),
            new ABIValue("bytes32", salt.ToBytes())));

    /// <summary>The identity of a payload drafted from <paramref name="baseVersion"/> with <paramref name="salt"/>.</summary>
    public static ProposalIdentity Identify(ProposalPayload payload, long baseVersion, Hash32 salt)
    {
        var encoded = Encode(payload);
        var payloadHash = Hash32.Keccak(encoded);
        var ballotHash = BallotHash(payload, encoded);
        return new ProposalIdentity(ProposalId(payload.Kind, ballotHash, payloadHash, baseVersion, salt), ballotHash, payloadHash);
    }

    /// <summary>The struct Rules.</summary>
    public static RulesDto ToDto(GovernanceRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new RulesDto
        {
            VotingPeriod = Seconds(rules.VotingPeriod, "rules.votingPeriod"),
            LateQuorumExtension = Seconds(rules.LateQuorumExtension, "rules.lateQuorumExtension"),
            TimelockDelay = Seconds(rules.TimelockDelay, "rules.timelockDelay"),
            GracePeriod = Seconds(rules.GracePeriod, "rules.gracePeriod"),
            QuorumBps = rules.QuorumBps,
            SupermajorityBps = rules.SupermajorityBps,
        };
    }

    /// <summary>The rules a struct holds.</summary>
    public static GovernanceRules FromDto(RulesDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return new GovernanceRules(
            TimeSpan.FromSeconds(dto.VotingPeriod), TimeSpan.FromSeconds(dto.LateQuorumExtension), TimeSpan.FromSeconds(dto.TimelockDelay),
            TimeSpan.FromSeconds(dto.GracePeriod), Bps(dto.QuorumBps, "rules.quorumBps"), Bps(dto.SupermajorityBps, "rules.supermajorityBps"));
    }

    /// <summary>The struct Bounds.</summary>
    public static BoundsDto ToDto(RegistryBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        static LimitDto L(ValueLimit l) => new() { Min = l.Min.Raw, Max = l.Max.Raw };
        return new BoundsDto
        {
            ImMultiplier = L(bounds.ImMultiplier), MmRatio = L(bounds.MmRatio), LiquidationRatio = L(bounds.LiquidationRatio),
            ScanRange = L(bounds.ScanRange), VolUp = L(bounds.VolUp), VolDown = L(bounds.VolDown), Haircut = L(bounds.Haircut),
            ImMultiplierStep = bounds.ImMultiplierStep.Raw, ScanRangeStep = bounds.ScanRangeStep.Raw, VolUpStep = bounds.VolUpStep.Raw,
            VolDownStep = bounds.VolDownStep.Raw, HaircutStep = bounds.HaircutStep.Raw, CorrelationStep = bounds.CorrelationStep.Raw,
        };
    }

    /// <summary>The bounds a struct holds.</summary>
    public static RegistryBounds FromDto(BoundsDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        static ValueLimit L(LimitDto l, string f) => new(FixedPoint18.FromRaw(l.Min, f + ".min"), FixedPoint18.FromRaw(l.Max, f + ".max"));
        static FixedPoint18 F(BigInteger raw, string f) => FixedPoint18.FromRaw(raw, f);
        return new RegistryBounds(
            L(dto.ImMultiplier, "imMultiplier"), L(dto.MmRatio, "mmRatio"), L(dto.LiquidationRatio, "liquidationRatio"), L(dto.ScanRange, "scanRange"),
            L(dto.VolUp, "volUp"), L(dto.VolDown, "volDown"), L(dto.Haircut, "haircut"),
            F(dto.ImMultiplierStep, "imMultiplierStep"), F(dto.ScanRangeStep, "scanRangeStep"), F(dto.VolUpStep, "volUpStep"),
            F(dto.VolDownStep, "volDownStep"), F(dto.HaircutStep, "haircutStep"), F(dto.CorrelationStep, "correlationStep"));
    }

    private static ulong Seconds(TimeSpan span, string field)
        => span < TimeSpan.Zero || span.Ticks % TimeSpan.TicksPerSecond != 0
            ? throw new ArgumentOutOfRangeException(field, $"{field}: must be a whole number of seconds >= 0.")
            : (ulong)(span.Ticks / TimeSpan.TicksPerSecond);

    private static int Bps(BigInteger value, string field)
        => value < 0 || value > 1_000_000 ? throw new FormatException($"{field}: {value} is not a basis-point value.") : (int)value;
}
