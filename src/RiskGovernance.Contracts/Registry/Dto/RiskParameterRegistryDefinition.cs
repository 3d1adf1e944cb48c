using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace RiskGovernance.Contracts.Registry.Dto;

// RiskParameterRegistry's constructor, functions, events and custom errors as Nethereum DTOs, one per ABI entry
// (generated once from artifacts/RiskParameterRegistry.json; RegistryAbiTests fails when they disagree).
#pragma warning disable CA1819, CA2227, CS1591 // DTOs mirror the ABI.

public class RiskParameterRegistryDeployment : ContractDeploymentMessage
{
    public RiskParameterRegistryDeployment()
        : base(ContractArtifact.RiskParameterRegistry.BytecodeHex)
    {
    }

    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
    [Parameter("address", "guardian_", 3)] public string Guardian { get; set; } = "";
    [Parameter("tuple", "rules_", 4)] public RulesDto Rules { get; set; } = new();
    [Parameter("tuple", "bounds_", 5)] public BoundsDto Bounds { get; set; } = new();
    [Parameter("bytes", "genesisParams", 6)] public byte[] GenesisParams { get; set; } = [];
    [Parameter("bytes32", "genesisParamsHash", 7)] public byte[] GenesisParamsHash { get; set; } = new byte[32];
}

[Function("BALLOT_TYPEHASH", "bytes32")]
public class BALLOT_TYPEHASHFunction : FunctionMessage
{
}

[Function("anchorAudit")]
public class AnchorAuditFunction : FunctionMessage
{
    [Parameter("bytes32", "head", 1)] public byte[] Head { get; set; } = new byte[32];
    [Parameter("uint256", "entries", 2)] public BigInteger Entries { get; set; }
}

[Function("assetParameters", typeof(AssetParametersOutputDto))]
public class AssetParametersFunction : FunctionMessage
{
    [Parameter("bytes32", "symbol", 1)] public byte[] Symbol { get; set; } = new byte[32];
}

[FunctionOutput]
public class AssetParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public AssetParamsDto Value { get; set; } = new();
}

[Function("assetParametersAt", typeof(AssetParametersAtOutputDto))]
public class AssetParametersAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "symbol", 2)] public byte[] Symbol { get; set; } = new byte[32];
}

[FunctionOutput]
public class AssetParametersAtOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public AssetParamsDto Value { get; set; } = new();
}

[Function("assetSymbols", "bytes32[]")]
public class AssetSymbolsFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[Function("auditAnchor", typeof(AuditAnchorOutputDto))]
public class AuditAnchorFunction : FunctionMessage
{
    [Parameter("address", "anchorer", 1)] public string Anchorer { get; set; } = "";
}

[FunctionOutput]
public class AuditAnchorOutputDto : IFunctionOutputDTO
{
    [Parameter("bytes32", "head", 1)] public byte[] Head { get; set; } = new byte[32];
    [Parameter("uint256", "entries", 2)] public BigInteger Entries { get; set; }
    [Parameter("uint256", "anchoredAt", 3)] public BigInteger AnchoredAt { get; set; }
}

[Function("ballotDigest", "bytes32")]
public class BallotDigestFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "ballotHash", 2)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("uint8", "support", 3)] public byte Support { get; set; }
}

[Function("bounds", typeof(BoundsOutputDto))]
public class BoundsFunction : FunctionMessage
{
}

[FunctionOutput]
public class BoundsOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public BoundsDto Value { get; set; } = new();
}

[Function("cancel")]
public class CancelFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Function("castVote", "uint256")]
public class CastVoteFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "voter", 2)] public string Voter { get; set; } = "";
    [Parameter("uint8", "support", 3)] public byte Support { get; set; }
    [Parameter("bytes", "signature", 4)] public byte[] Signature { get; set; } = [];
}

[Function("checkProposal", "bool")]
public class CheckProposalFunction : FunctionMessage
{
    [Parameter("uint8", "kind", 1)] public byte Kind { get; set; }
    [Parameter("bytes32", "ballotHash", 2)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes", "payload", 3)] public byte[] Payload { get; set; } = [];
    [Parameter("uint256", "baseVersion", 4)] public BigInteger BaseVersion { get; set; }
}

[Function("committee", typeof(CommitteeOutputDto))]
public class CommitteeFunction : FunctionMessage
{
}

[FunctionOutput]
public class CommitteeOutputDto : IFunctionOutputDTO
{
    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
}

[Function("committeeAt", typeof(CommitteeAtOutputDto))]
public class CommitteeAtFunction : FunctionMessage
{
    [Parameter("uint256", "epoch", 1)] public BigInteger Epoch { get; set; }
}

[FunctionOutput]
public class CommitteeAtOutputDto : IFunctionOutputDTO
{
    [Parameter("address[]", "members", 1)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 2)] public List<BigInteger> Weights { get; set; } = [];
}

[Function("committeeEpoch", "uint256")]
public class CommitteeEpochFunction : FunctionMessage
{
}

[Function("correlation", "int256")]
public class CorrelationFunction : FunctionMessage
{
    [Parameter("bytes32", "a", 1)] public byte[] A { get; set; } = new byte[32];
    [Parameter("bytes32", "b", 2)] public byte[] B { get; set; } = new byte[32];
}

[Function("correlationAt", "int256")]
public class CorrelationAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "a", 2)] public byte[] A { get; set; } = new byte[32];
    [Parameter("bytes32", "b", 3)] public byte[] B { get; set; } = new byte[32];
}

[Function("currentParameters", typeof(CurrentParametersOutputDto))]
public class CurrentParametersFunction : FunctionMessage
{
}

[FunctionOutput]
public class CurrentParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public RiskParametersDto Value { get; set; } = new();
}

[Function("currentVersion", "uint256")]
public class CurrentVersionFunction : FunctionMessage
{
}

[Function("domainSeparator", "bytes32")]
public class DomainSeparatorFunction : FunctionMessage
{
}

[Function("execute", "uint256")]
public class ExecuteFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes", "payload", 2)] public byte[] Payload { get; set; } = [];
}

[Function("globalParameters", typeof(GlobalParametersOutputDto))]
public class GlobalParametersFunction : FunctionMessage
{
}

[FunctionOutput]
public class GlobalParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public GlobalParamsDto Value { get; set; } = new();
}

[Function("globalParametersAt", typeof(GlobalParametersAtOutputDto))]
public class GlobalParametersAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class GlobalParametersAtOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public GlobalParamsDto Value { get; set; } = new();
}

[Function("gridParameters", typeof(GridParametersOutputDto))]
public class GridParametersFunction : FunctionMessage
{
}

[FunctionOutput]
public class GridParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public GridParamsDto Value { get; set; } = new();
}

[Function("gridParametersAt", typeof(GridParametersAtOutputDto))]
public class GridParametersAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class GridParametersAtOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public GridParamsDto Value { get; set; } = new();
}

[Function("guardian", "address")]
public class GuardianFunction : FunctionMessage
{
}

[Function("parameters", typeof(ParametersOutputDto))]
public class ParametersFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class ParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "p", 1)] public RiskParametersDto P { get; set; } = new();
}

[Function("paramsHash", "bytes32")]
public class ParamsHashFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[Function("proposal", typeof(ProposalOutputDto))]
public class ProposalFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[FunctionOutput]
public class ProposalOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "v", 1)] public ProposalViewDto V { get; set; } = new();
}

[Function("proposalIdOf", "bytes32")]
public class ProposalIdOfFunction : FunctionMessage
{
    [Parameter("uint8", "kind", 1)] public byte Kind { get; set; }
    [Parameter("bytes32", "ballotHash", 2)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes32", "payloadHash", 3)] public byte[] PayloadHash { get; set; } = new byte[32];
    [Parameter("uint256", "baseVersion", 4)] public BigInteger BaseVersion { get; set; }
    [Parameter("bytes32", "salt", 5)] public byte[] Salt { get; set; } = new byte[32];
}

[Function("propose", "bytes32")]
public class ProposeFunction : FunctionMessage
{
    [Parameter("uint8", "kind", 1)] public byte Kind { get; set; }
    [Parameter("bytes32", "ballotHash", 2)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes", "payload", 3)] public byte[] Payload { get; set; } = [];
    [Parameter("uint256", "baseVersion", 4)] public BigInteger BaseVersion { get; set; }
    [Parameter("bytes32", "salt", 5)] public byte[] Salt { get; set; } = new byte[32];
}

[Function("queue", "uint256")]
public class QueueFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Function("rules", typeof(RulesOutputDto))]
public class RulesFunction : FunctionMessage
{
}

[FunctionOutput]
public class RulesOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public RulesDto Value { get; set; } = new();
}

[Function("simulationParameters", typeof(SimulationParametersOutputDto))]
public class SimulationParametersFunction : FunctionMessage
{
}

[FunctionOutput]
public class SimulationParametersOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public SimulationParamsDto Value { get; set; } = new();
}

[Function("simulationParametersAt", typeof(SimulationParametersAtOutputDto))]
public class SimulationParametersAtFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class SimulationParametersAtOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public SimulationParamsDto Value { get; set; } = new();
}

[Function("tally", typeof(TallyOutputDto))]
public class TallyFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[FunctionOutput]
public class TallyOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public TallyViewDto Value { get; set; } = new();
}

[Function("totalWeightAt", "uint256")]
public class TotalWeightAtFunction : FunctionMessage
{
    [Parameter("uint256", "epoch", 1)] public BigInteger Epoch { get; set; }
}

[Function("versionInfo", typeof(VersionInfoOutputDto))]
public class VersionInfoFunction : FunctionMessage
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[FunctionOutput]
public class VersionInfoOutputDto : IFunctionOutputDTO
{
    [Parameter("bytes32", "hash", 1)] public byte[] Hash { get; set; } = new byte[32];
    [Parameter("bytes32", "proposalId", 2)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "executedAt", 3)] public BigInteger ExecutedAt { get; set; }
}

[Function("veto")]
public class VetoFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Function("votedPlusOne", "uint8")]
public class VotedPlusOneFunction : FunctionMessage
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "member", 2)] public string Member { get; set; } = "";
}

[Function("weightAt", "uint256")]
public class WeightAtFunction : FunctionMessage
{
    [Parameter("uint256", "epoch", 1)] public BigInteger Epoch { get; set; }
    [Parameter("address", "member", 2)] public string Member { get; set; } = "";
}

[Event("AuditAnchored")]
public class AuditAnchoredEventDto : IEventDTO
{
    [Parameter("address", "anchorer", 1, true)] public string Anchorer { get; set; } = "";
    [Parameter("uint256", "entries", 2, false)] public BigInteger Entries { get; set; }
    [Parameter("bytes32", "head", 3, false)] public byte[] Head { get; set; } = new byte[32];
}

[Event("CommitteeChanged")]
public class CommitteeChangedEventDto : IEventDTO
{
    [Parameter("uint256", "epoch", 1, true)] public BigInteger Epoch { get; set; }
    [Parameter("address[]", "members", 2, false)] public List<string> Members { get; set; } = [];
    [Parameter("uint256[]", "weights", 3, false)] public List<BigInteger> Weights { get; set; } = [];
}

[Event("GuardianChanged")]
public class GuardianChangedEventDto : IEventDTO
{
    [Parameter("address", "previousGuardian", 1, true)] public string PreviousGuardian { get; set; } = "";
    [Parameter("address", "guardian", 2, true)] public string Guardian { get; set; } = "";
}

[Event("ParametersExecuted")]
public class ParametersExecutedEventDto : IEventDTO
{
    [Parameter("uint256", "version", 1, true)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "proposalId", 2, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "paramsHash", 3, false)] public byte[] ParamsHash { get; set; } = new byte[32];
}

[Event("ProposalCanceled")]
public class ProposalCanceledEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "by", 2, false)] public string By { get; set; } = "";
}

[Event("ProposalCreated")]
public class ProposalCreatedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "kind", 2, false)] public byte Kind { get; set; }
    [Parameter("bytes32", "ballotHash", 3, false)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes32", "payloadHash", 4, false)] public byte[] PayloadHash { get; set; } = new byte[32];
    [Parameter("uint256", "baseVersion", 5, false)] public BigInteger BaseVersion { get; set; }
    [Parameter("uint256", "epoch", 6, false)] public BigInteger Epoch { get; set; }
    [Parameter("uint256", "votingStart", 7, false)] public BigInteger VotingStart { get; set; }
    [Parameter("uint256", "votingEnd", 8, false)] public BigInteger VotingEnd { get; set; }
    [Parameter("bool", "supermajority", 9, false)] public bool Supermajority { get; set; }
    [Parameter("address", "proposer", 10, false)] public string Proposer { get; set; } = "";
}

[Event("ProposalExecuted")]
public class ProposalExecutedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "kind", 2, false)] public byte Kind { get; set; }
    [Parameter("uint256", "version", 3, false)] public BigInteger Version { get; set; }
}

[Event("ProposalQueued")]
public class ProposalQueuedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "eta", 2, false)] public BigInteger Eta { get; set; }
}

[Event("ProposalVetoed")]
public class ProposalVetoedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "guardian", 2, false)] public string Guardian { get; set; } = "";
}

[Event("RulesChanged")]
public class RulesChangedEventDto : IEventDTO
{
    [Parameter("tuple", "rules", 1, false)] public RulesDto Rules { get; set; } = new();
    [Parameter("tuple", "bounds", 2, false)] public BoundsDto Bounds { get; set; } = new();
}

[Event("VoteCast")]
public class VoteCastEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "voter", 2, true)] public string Voter { get; set; } = "";
    [Parameter("uint8", "support", 3, false)] public byte Support { get; set; }
    [Parameter("uint256", "weight", 4, false)] public BigInteger Weight { get; set; }
    [Parameter("bytes", "signature", 5, false)] public byte[] Signature { get; set; } = [];
}

[Event("VotingExtended")]
public class VotingExtendedEventDto : IEventDTO
{
    [Parameter("bytes32", "proposalId", 1, true)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "votingEnd", 2, false)] public BigInteger VotingEnd { get; set; }
}

[Error("AlreadyVoted")]
public class AlreadyVotedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("address", "voter", 2)] public string Voter { get; set; } = "";
}

[Error("AnchorRegressed")]
public class AnchorRegressedError
{
    [Parameter("uint256", "entries", 1)] public BigInteger Entries { get; set; }
    [Parameter("uint256", "anchoredEntries", 2)] public BigInteger AnchoredEntries { get; set; }
}

[Error("BallotHashMismatch")]
public class BallotHashMismatchError
{
    [Parameter("bytes32", "ballotHash", 1)] public byte[] BallotHash { get; set; } = new byte[32];
    [Parameter("bytes32", "payloadHash", 2)] public byte[] PayloadHash { get; set; } = new byte[32];
}

[Error("CannotCancel")]
public class CannotCancelError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
    [Parameter("address", "caller", 3)] public string Caller { get; set; } = "";
}

[Error("CommitteeLengthMismatch")]
public class CommitteeLengthMismatchError
{
    [Parameter("uint256", "members", 1)] public BigInteger Members { get; set; }
    [Parameter("uint256", "weights", 2)] public BigInteger Weights { get; set; }
}

[Error("CorrelationLengthMismatch")]
public class CorrelationLengthMismatchError
{
    [Parameter("uint256", "expected", 1)] public BigInteger Expected { get; set; }
    [Parameter("uint256", "actual", 2)] public BigInteger Actual { get; set; }
}

[Error("CorrelationOutOfRange")]
public class CorrelationOutOfRangeError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("int256", "value", 2)] public BigInteger Value { get; set; }
}

[Error("DuplicateSymbol")]
public class DuplicateSymbolError
{
    [Parameter("bytes32", "symbol", 1)] public byte[] Symbol { get; set; } = new byte[32];
}

[Error("EmptyAssetList")]
public class EmptyAssetListError
{
}

[Error("EmptyCommittee")]
public class EmptyCommitteeError
{
}

[Error("HardBoundExceeded")]
public class HardBoundExceededError
{
    [Parameter("bytes32", "field", 1)] public byte[] Field { get; set; } = new byte[32];
    [Parameter("bytes32", "symbol", 2)] public byte[] Symbol { get; set; } = new byte[32];
    [Parameter("int256", "value", 3)] public BigInteger Value { get; set; }
    [Parameter("int256", "min", 4)] public BigInteger Min { get; set; }
    [Parameter("int256", "max", 5)] public BigInteger Max { get; set; }
}

[Error("InvalidAssetParameter")]
public class InvalidAssetParameterError
{
    [Parameter("bytes32", "symbol", 1)] public byte[] Symbol { get; set; } = new byte[32];
    [Parameter("bytes32", "field", 2)] public byte[] Field { get; set; } = new byte[32];
}

[Error("InvalidBaseVersion")]
public class InvalidBaseVersionError
{
    [Parameter("uint256", "baseVersion", 1)] public BigInteger BaseVersion { get; set; }
    [Parameter("uint256", "expected", 2)] public BigInteger Expected { get; set; }
}

[Error("InvalidBound")]
public class InvalidBoundError
{
    [Parameter("bytes32", "field", 1)] public byte[] Field { get; set; } = new byte[32];
}

[Error("InvalidGuardian")]
public class InvalidGuardianError
{
    [Parameter("address", "guardian", 1)] public string Guardian { get; set; } = "";
}

[Error("InvalidMember")]
public class InvalidMemberError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
    [Parameter("address", "member", 2)] public string Member { get; set; } = "";
}

[Error("InvalidParameter")]
public class InvalidParameterError
{
    [Parameter("bytes32", "field", 1)] public byte[] Field { get; set; } = new byte[32];
}

[Error("InvalidRule")]
public class InvalidRuleError
{
    [Parameter("bytes32", "field", 1)] public byte[] Field { get; set; } = new byte[32];
}

[Error("InvalidSignature")]
public class InvalidSignatureError
{
}

[Error("InvalidSignatureLength")]
public class InvalidSignatureLengthError
{
    [Parameter("uint256", "length", 1)] public BigInteger Length { get; set; }
}

[Error("InvalidSupport")]
public class InvalidSupportError
{
    [Parameter("uint8", "support", 1)] public byte Support { get; set; }
}

[Error("MajorityNotReached")]
public class MajorityNotReachedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "forWeight", 2)] public BigInteger ForWeight { get; set; }
    [Parameter("uint256", "againstWeight", 3)] public BigInteger AgainstWeight { get; set; }
}

[Error("NotGuardian")]
public class NotGuardianError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("NotInCommittee")]
public class NotInCommitteeError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "epoch", 2)] public BigInteger Epoch { get; set; }
    [Parameter("address", "voter", 3)] public string Voter { get; set; } = "";
}

[Error("PayloadMismatch")]
public class PayloadMismatchError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("bytes32", "payloadHash", 2)] public byte[] PayloadHash { get; set; } = new byte[32];
}

[Error("ProposalAlreadyExecuted")]
public class ProposalAlreadyExecutedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "version", 2)] public BigInteger Version { get; set; }
}

[Error("ProposalAlreadyExists")]
public class ProposalAlreadyExistsError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Error("ProposalExpired")]
public class ProposalExpiredError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "deadline", 2)] public BigInteger Deadline { get; set; }
    [Parameter("uint256", "timestamp", 3)] public BigInteger Timestamp { get; set; }
}

[Error("ProposalNotQueued")]
public class ProposalNotQueuedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
}

[Error("ProposalNotSucceeded")]
public class ProposalNotSucceededError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint8", "state", 2)] public byte State { get; set; }
}

[Error("QuorumNotReached")]
public class QuorumNotReachedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "votedWeight", 2)] public BigInteger VotedWeight { get; set; }
    [Parameter("uint256", "quorumWeight", 3)] public BigInteger QuorumWeight { get; set; }
}

[Error("SignatureHighS")]
public class SignatureHighSError
{
}

[Error("SignatureMismatch")]
public class SignatureMismatchError
{
    [Parameter("address", "voter", 1)] public string Voter { get; set; } = "";
    [Parameter("address", "recovered", 2)] public string Recovered { get; set; } = "";
}

[Error("StaleBase")]
public class StaleBaseError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "baseVersion", 2)] public BigInteger BaseVersion { get; set; }
    [Parameter("uint256", "currentVersion", 3)] public BigInteger CurrentVersion { get; set; }
}

[Error("SupermajorityNotReached")]
public class SupermajorityNotReachedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "forWeight", 2)] public BigInteger ForWeight { get; set; }
    [Parameter("uint256", "forNeeded", 3)] public BigInteger ForNeeded { get; set; }
}

[Error("TimelockNotElapsed")]
public class TimelockNotElapsedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "eta", 2)] public BigInteger Eta { get; set; }
    [Parameter("uint256", "timestamp", 3)] public BigInteger Timestamp { get; set; }
}

[Error("UnknownAsset")]
public class UnknownAssetError
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
    [Parameter("bytes32", "symbol", 2)] public byte[] Symbol { get; set; } = new byte[32];
}

[Error("UnknownProposal")]
public class UnknownProposalError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
}

[Error("UnknownVersion")]
public class UnknownVersionError
{
    [Parameter("uint256", "version", 1)] public BigInteger Version { get; set; }
}

[Error("VotingClosed")]
public class VotingClosedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "votingStart", 2)] public BigInteger VotingStart { get; set; }
    [Parameter("uint256", "votingEnd", 3)] public BigInteger VotingEnd { get; set; }
    [Parameter("uint256", "timestamp", 4)] public BigInteger Timestamp { get; set; }
}

[Error("VotingNotEnded")]
public class VotingNotEndedError
{
    [Parameter("bytes32", "proposalId", 1)] public byte[] ProposalId { get; set; } = new byte[32];
    [Parameter("uint256", "votingEnd", 2)] public BigInteger VotingEnd { get; set; }
    [Parameter("uint256", "timestamp", 3)] public BigInteger Timestamp { get; set; }
}

[Error("ZeroBallotHash")]
public class ZeroBallotHashError
{
}

[Error("ZeroWeight")]
public class ZeroWeightError
{
    [Parameter("uint256", "index", 1)] public BigInteger Index { get; set; }
}

#pragma warning restore CA1819, CA2227, CS1591
