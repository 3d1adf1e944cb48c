using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace RiskGovernance.Contracts.Registry.Dto;

// RiskParameterRegistry's constructor, functions, events and custom errors as Nethereum DTOs.
// RegistryAbiTests checks every one against the committed artifact (artifacts/RiskParameterRegistry.json).
#pragma warning disable CA1819, CA2227, CS1591 // DTOs mirror the ABI.

public class RiskParameterRegistryDeployment : ContractDeploymentMessage
{
    public RiskParameterRegistryDeployment()
        : base(ContractArtifact.RiskParameterRegistry.BytecodeHex)
    {
    }

    [Parameter("address[]", "initialMembers", 1)] public List<string> InitialMembers { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
    [Parameter("uint256", "thresholdBps_", 3)] public BigInteger ThresholdBps { get; set; }
    [Parameter("uint256", "timelockDelay_", 4)] public BigInteger TimelockDelay { get; set; }
    [Parameter("uint256", "gracePeriod_", 5)] public BigInteger GracePeriod { get; set; }
    [Parameter("address", "guardian_", 6)] public string Guardian { get; set; } = "";
    [Parameter("bytes", "genesisParams", 7)] public byte[] GenesisParams { get; set; } = [];
    [Parameter("bytes32", "genesisParamsHash", 8)] public byte[] GenesisParamsHash { get; set; } = new byte[32];
}

// ------------------------------------------------------------------ transactions

[Function("queue", "uint256")]
public class QueueFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "proposalParamsHash", 2)] public byte[] ProposalParamsHash { get; set; } = new byte[32];
    [Parameter("bytes", "encodedParams", 3)] public byte[] EncodedParams { get; set; } = [];
    [Parameter("bytes[]", "forSignatures", 4)] public List<byte[]> ForSignatures { get; set; } = [];
}

[Function("queueMembership", "uint256")]
public class QueueMembershipFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address[]", "newMembers", 2)] public List<string> NewMembers { get; set; } = [];
    [Parameter("uint256[]", "weights", 3)] public List<BigInteger> Weights { get; set; } = [];
    [Parameter("uint256", "newThresholdBps", 4)] public BigInteger NewThresholdBps { get; set; }
    [Parameter("bytes[]", "forSignatures", 5)] public List<byte[]> ForSignatures { get; set; } = [];
}

[Function("execute", "uint256")]
public class ExecuteFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Function("veto")]
public class VetoFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

// ------------------------------------------------------------------ reads

[Function("currentVersion", "uint256")]
public class CurrentVersionFunction : FunctionMessage
{
}

[Function("paramsHash", "bytes32")]
public class ParamsHashFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[Function("parameters", typeof(ParametersOutputDto))]
public class ParametersFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class ParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public RiskParametersDto Parameters { get; set; } = new();
}

[Function("encodedParameters", "bytes")]
public class EncodedParametersFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[Function("assetParametersAt", typeof(AssetParametersOutputDto))]
public class AssetParametersAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "symbol", 2)] public byte[] Symbol { get; set; } = new byte[32];
}

[FunctionOutput]
public class AssetParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public AssetParamsDto Asset { get; set; } = new();
}

[Function("correlationAt", "int256")]
public class CorrelationAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "a", 2)] public byte[] A { get; set; } = new byte[32];
    [Parameter("bytes32", "b", 3)] public byte[] B { get; set; } = new byte[32];
}

[Function("proposal", typeof(ProposalOutputDto))]
public class ProposalFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[FunctionOutput]
public class ProposalOutputDto : IFunctionOutputDTO
{
    [Parameter("uint8", "state", 1)] public byte State { get; set; }
    [Parameter("uint8", "kind", 2)] public byte Kind { get; set; }
    [Parameter("uint256", "eta", 3)] public BigInteger Eta { get; set; }
    [Parameter("bytes32", "hash", 4)] public byte[] ParamsHash { get; set; } = new byte[32];
    [Parameter("uint256", "executedVersion", 5)] public BigInteger ExecutedVersion { get; set; }
}

[Function("committee", typeof(CommitteeOutputDto))]
public class CommitteeFunction : FunctionMessage
{
}

[FunctionOutput]
public class CommitteeOutputDto : IFunctionOutputDTO
{
    [Parameter("address[]", "memberList", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
}

[Function("thresholdBps", "uint256")]
public class ThresholdBpsFunction : FunctionMessage
{
}

[Function("guardian", "address")]
public class GuardianFunction : FunctionMessage
{
}

[Function("timelockDelay", "uint256")]
public class TimelockDelayFunction : FunctionMessage
{
}

[Function("gracePeriod", "uint256")]
public class GracePeriodFunction : FunctionMessage
{
}

[Function("versionInfo", typeof(VersionInfoOutputDto))]
public class VersionInfoFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class VersionInfoOutputDto : IFunctionOutputDTO
{
    [Parameter("bytes32", "hash", 1)] public byte[] ParamsHash { get; set; } = new byte[32];
    [Parameter("bytes32", "proposalId", 2)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "executedAt", 3)] public BigInteger ExecutedAt { get; set; }
}

[Function("ballotDigest", "bytes32")]
public class BallotDigestFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "ballotParamsHash", 2)] public byte[] BallotParamsHash { get; set; } = new byte[32];
    [Parameter("uint8", "support", 3)] public byte Support { get; set; }
}

[Function("domainSeparator", "bytes32")]
public class DomainSeparatorFunction : FunctionMessage
{
}

// ------------------------------------------------------------------ events

[Event("ProposalQueued")]
public class ProposalQueuedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "kind", 2, false)] public byte Kind { get; set; }
    [Parameter("bytes32", "paramsHash", 3, false)] public byte[] ParamsHash { get; set; } = new byte[32];
    [Parameter("uint256", "eta", 4, false)] public BigInteger Eta { get; set; }
    [Parameter("uint256", "forWeight", 5, false)] public BigInteger ForWeight { get; set; }
}

[Event("ParametersExecuted")]
public class ParametersExecutedEventDto : IEventDTO
{
    [Parameter("uint256", "version", 1, true)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "proposalId", 2, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "paramsHash", 3, false)] public byte[] ParamsHash { get; set; } = new byte[32];
}

[Event("MembershipExecuted")]
public class MembershipExecutedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "committeeEpoch", 2, true)] public BigInteger CommitteeEpoch { get; set; }
    [Parameter("bytes32", "membershipHash", 3, false)] public byte[] MembershipHash { get; set; } = new byte[32];
}

[Event("ProposalVetoed")]
public class ProposalVetoedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "guardian", 2, false)] public string Guardian { get; set; } = "";
}

// ------------------------------------------------------------------ custom errors (the ones the portal reacts to by type)

[Error("ThresholdNotMet")]
public class ThresholdNotMetError
{
    [Parameter("uint256", "forWeight", 1)] public BigInteger ForWeight { get; set; }
    [Parameter("uint256", "requiredWeight", 2)] public BigInteger RequiredWeight { get; set; }
}

[Error("ProposalAlreadyExists")]
public class ProposalAlreadyExistsError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
}

[Error("ProposalAlreadyExecuted")]
public class ProposalAlreadyExecutedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "version", 2)] public BigInteger Version { get; set; }
}

[Error("ProposalNotQueued")]
public class ProposalNotQueuedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
}

[Error("ProposalExpired")]
public class ProposalExpiredError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "deadline", 2)] public BigInteger Deadline { get; set; }
    [Parameter("uint256", "timestamp", 3)] public BigInteger Timestamp { get; set; }
}

[Error("TimelockNotElapsed")]
public class TimelockNotElapsedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "eta", 2)] public BigInteger Eta { get; set; }
    [Parameter("uint256", "timestamp", 3)] public BigInteger Timestamp { get; set; }
}

[Error("NotCommitteeMember")]
public class NotCommitteeMemberError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("address", "recovered", 2)] public string Recovered { get; set; } = "";
}

[Error("SignatureHighS")]
public class SignatureHighSError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
}

[Error("DuplicateSigner")]
public class DuplicateSignerError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("address", "signer", 2)] public string Signer { get; set; } = "";
}

[Error("InvalidSignatureLength")]
public class InvalidSignatureLengthError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("uint256", "length", 2)] public BigInteger Length { get; set; }
}

[Error("NotGuardian")]
public class NotGuardianError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}
#pragma warning restore CA1819, CA2227, CS1591
