using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace RiskGovernance.Contracts.Registry.Dto;

// The governance structs of contracts/IRiskParameterRegistry.sol as Nethereum tuple DTOs.
#pragma warning disable CA1819, CA2227, CS1591 // DTOs mirror the ABI: byte arrays and settable lists are what Nethereum binds.

/// <summary>struct GlobalParams.</summary>
public class GlobalParamsDto
{
    [Parameter("bytes32", "method", 1)] public byte[] Method { get; set; } = new byte[32];
    [Parameter("int256", "imMultiplier", 2)] public BigInteger ImMultiplier { get; set; }
    [Parameter("int256", "mmRatio", 3)] public BigInteger MmRatio { get; set; }
    [Parameter("int256", "liquidationRatio", 4)] public BigInteger LiquidationRatio { get; set; }
    [Parameter("int256", "shortOptionMinimum", 5)] public BigInteger ShortOptionMinimum { get; set; }
    [Parameter("int256", "correlationStress", 6)] public BigInteger CorrelationStress { get; set; }
}

/// <summary>struct Rules.</summary>
public class RulesDto
{
    [Parameter("uint64", "votingPeriod", 1)] public ulong VotingPeriod { get; set; }
    [Parameter("uint64", "lateQuorumExtension", 2)] public ulong LateQuorumExtension { get; set; }
    [Parameter("uint64", "timelockDelay", 3)] public ulong TimelockDelay { get; set; }
    [Parameter("uint64", "gracePeriod", 4)] public ulong GracePeriod { get; set; }
    [Parameter("uint256", "quorumBps", 5)] public BigInteger QuorumBps { get; set; }
    [Parameter("uint256", "supermajorityBps", 6)] public BigInteger SupermajorityBps { get; set; }
}

/// <summary>struct Limit.</summary>
public class LimitDto
{
    [Parameter("int256", "min", 1)] public BigInteger Min { get; set; }
    [Parameter("int256", "max", 2)] public BigInteger Max { get; set; }
}

/// <summary>struct Bounds.</summary>
public class BoundsDto
{
    [Parameter("tuple", "imMultiplier", 1)] public LimitDto ImMultiplier { get; set; } = new();
    [Parameter("tuple", "mmRatio", 2)] public LimitDto MmRatio { get; set; } = new();
    [Parameter("tuple", "liquidationRatio", 3)] public LimitDto LiquidationRatio { get; set; } = new();
    [Parameter("tuple", "scanRange", 4)] public LimitDto ScanRange { get; set; } = new();
    [Parameter("tuple", "volUp", 5)] public LimitDto VolUp { get; set; } = new();
    [Parameter("tuple", "volDown", 6)] public LimitDto VolDown { get; set; } = new();
    [Parameter("tuple", "haircut", 7)] public LimitDto Haircut { get; set; } = new();
    [Parameter("int256", "imMultiplierStep", 8)] public BigInteger ImMultiplierStep { get; set; }
    [Parameter("int256", "scanRangeStep", 9)] public BigInteger ScanRangeStep { get; set; }
    [Parameter("int256", "volUpStep", 10)] public BigInteger VolUpStep { get; set; }
    [Parameter("int256", "volDownStep", 11)] public BigInteger VolDownStep { get; set; }
    [Parameter("int256", "haircutStep", 12)] public BigInteger HaircutStep { get; set; }
    [Parameter("int256", "correlationStep", 13)] public BigInteger CorrelationStep { get; set; }
}

/// <summary>abi.encode(Rules, Bounds): the payload of a rules proposal.</summary>
public class RulesPayloadDto
{
    [Parameter("tuple", "rules", 1)] public RulesDto Rules { get; set; } = new();
    [Parameter("tuple", "bounds", 2)] public BoundsDto Bounds { get; set; } = new();
}

/// <summary>abi.encode(address[] members, uint256[] weights, address guardian): the payload of a committee change.</summary>
public class MembershipPayloadDto
{
    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
    [Parameter("address", "guardian", 3)] public string Guardian { get; set; } = "";
}

/// <summary>struct IRiskParameterRegistry.ProposalView.</summary>
public class ProposalViewDto
{
    [Parameter("uint8", "kind", 1)] public byte Kind { get; set; }
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
    [Parameter("bool", "supermajority", 3)] public bool Supermajority { get; set; }
    [Parameter("bytes32", "ballotHash", 4)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes32", "payloadHash", 5)] public byte[] PayloadHash { get; set; } = new byte[32];
    [Parameter("uint256", "baseVersion", 6)] public BigInteger BaseVersion { get; set; }
    [Parameter("uint256", "epoch", 7)] public BigInteger Epoch { get; set; }
    [Parameter("uint256", "votingStart", 8)] public BigInteger VotingStart { get; set; }
    [Parameter("uint256", "votingEnd", 9)] public BigInteger VotingEnd { get; set; }
    [Parameter("uint256", "eta", 10)] public BigInteger Eta { get; set; }
    [Parameter("uint256", "executedVersion", 11)] public BigInteger ExecutedVersion { get; set; }
    [Parameter("uint256", "quorumBps", 12)] public BigInteger QuorumBps { get; set; }
    [Parameter("uint256", "supermajorityBps", 13)] public BigInteger SupermajorityBps { get; set; }
}

/// <summary>struct IRiskParameterRegistry.TallyView.</summary>
public class TallyViewDto
{
    [Parameter("uint256", "forWeight", 1)] public BigInteger ForWeight { get; set; }
    [Parameter("uint256", "againstWeight", 2)] public BigInteger AgainstWeight { get; set; }
    [Parameter("uint256", "abstainWeight", 3)] public BigInteger AbstainWeight { get; set; }
    [Parameter("uint256", "totalWeight", 4)] public BigInteger TotalWeight { get; set; }
    [Parameter("uint256", "quorumWeight", 5)] public BigInteger QuorumWeight { get; set; }
    [Parameter("bool", "quorumReached", 6)] public bool QuorumReached { get; set; }
    [Parameter("bool", "majorityReached", 7)] public bool MajorityReached { get; set; }
    [Parameter("bool", "passes", 8)] public bool Passes { get; set; }
    [Parameter("uint256", "forNeeded", 9)] public BigInteger ForNeeded { get; set; }
    [Parameter("uint256", "unvotedWeight", 10)] public BigInteger UnvotedWeight { get; set; }
}
#pragma warning restore CA1819, CA2227, CS1591
