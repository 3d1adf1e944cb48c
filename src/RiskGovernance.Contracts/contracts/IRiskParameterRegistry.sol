// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice The margin parameters of one ratified version (the on-chain mirror of params.json).
/// Every number is an int256 with 18 decimals (1.0 = 1e18; integers too: 3 steps = 3e18). Text
/// (method, measure, distribution, symbols) is the bytes32 of its UTF-8, right padded with zeros.
struct GlobalParams {
    bytes32 method;
    int256 imMultiplier;
    int256 mmRatio;
    int256 liquidationRatio;
    int256 shortOptionMinimum;
    int256 correlationStress;
}

struct GridParams {
    int256 steps;
    int256 extremeMultiple;
    int256 extremeCoverage;
    int256 vegaPowerShort;
    int256 vegaPowerLong;
    int256 dteFloorDays;
    int256 volFloor;
}

struct SimulationParams {
    bytes32 measure;
    int256 confidence;
    int256 horizonDays;
    int256 scenarios;
    int256 seed;
    bytes32 distribution;
    int256 degreesOfFreedom;
    int256 historyDays;
}

struct AssetParams {
    bytes32 symbol;
    int256 scanRange;
    int256 volUp;
    int256 volDown;
    int256 haircut;
}

/// @notice A whole parameter set: abi.encode(RiskParameters) is what a parameter proposal carries.
/// Assets come in the order of params.correlation.assets; the correlation matrix is its strict upper
/// triangle, row by row.
struct RiskParameters {
    bytes32 method;
    int256 imMultiplier;
    int256 mmRatio;
    int256 liquidationRatio;
    int256 shortOptionMinimum;
    int256 correlationStress;
    GridParams grid;
    SimulationParams simulation;
    AssetParams[] assets;
    int256[] correlationUpper;
}

/// @notice How the committee decides; changed only by a Rules proposal.
struct Rules {
    uint64 votingPeriod; // seconds from registration to the end of voting
    uint64 lateQuorumExtension; // a vote that first reaches quorum keeps voting open at least this long
    uint64 timelockDelay; // seconds from queue to the earliest execution
    uint64 gracePeriod; // seconds to queue after voting ends, and to execute after the eta
    uint256 quorumBps; // For + Abstain weight needed, in basis points of the committee's total weight
    uint256 supermajorityBps; // For share of For + Against needed when the supermajority applies (5001..9999)
}

/// @notice An inclusive range, 18 decimals.
struct Limit {
    int256 min;
    int256 max;
}

/// @notice What a parameter proposal may change. A value outside a hard limit cannot be proposed;
/// a change beyond a step bound (relative, 1e18 = 100 %; absolute for correlations; 0 = no bound)
/// against the version it was drafted from needs the supermajority.
struct Bounds {
    Limit imMultiplier;
    Limit mmRatio;
    Limit liquidationRatio;
    Limit scanRange;
    Limit volUp;
    Limit volDown;
    Limit haircut;
    int256 imMultiplierStep;
    int256 scanRangeStep;
    int256 volUpStep;
    int256 volDownStep;
    int256 haircutStep;
    int256 correlationStep;
}

/// @title The ratified margin parameters of a derivatives protocol, governed by a weighted committee.
/// @notice What a protocol contract reads, and what an indexer follows: every committee, guardian,
/// rules, proposal, vote, execution and audit anchor is an event. A single ratified value (the
/// global, grid or simulation fields, one asset, one correlation) costs at most 50,000 gas to read.
interface IRiskParameterRegistry {
    enum ProposalKind {
        Parameters,
        Membership,
        Rules
    }

    /// @dev None: unknown. Active: voting. Defeated / Succeeded: voting ended (computed). Queued: waiting
    /// for the timelock. Expired: not queued, or not executed, within the grace period (computed).
    enum ProposalState {
        None,
        Active,
        Defeated,
        Succeeded,
        Queued,
        Executed,
        Vetoed,
        Canceled,
        Expired
    }

    struct ProposalView {
        ProposalKind kind;
        ProposalState state;
        bool supermajority;
        bytes32 ballotHash;
        bytes32 payloadHash;
        uint256 baseVersion;
        uint256 epoch;
        uint256 votingStart;
        uint256 votingEnd;
        uint256 eta;
        uint256 executedVersion;
        uint256 quorumBps; // the rules in force at registration
        uint256 supermajorityBps;
    }

    struct TallyView {
        uint256 forWeight;
        uint256 againstWeight;
        uint256 abstainWeight;
        uint256 totalWeight;
        uint256 quorumWeight;
        bool quorumReached;
        bool majorityReached;
        bool passes;
        uint256 forNeeded;
        uint256 unvotedWeight;
    }

    event CommitteeChanged(uint256 indexed epoch, address[] members, uint256[] weights);
    event GuardianChanged(address indexed previousGuardian, address indexed guardian);
    event RulesChanged(Rules rules, Bounds bounds);
    event ProposalCreated(
        bytes32 indexed proposalId,
        ProposalKind kind,
        bytes32 ballotHash,
        bytes32 payloadHash,
        uint256 baseVersion,
        uint256 epoch,
        uint256 votingStart,
        uint256 votingEnd,
        bool supermajority,
        address proposer
    );
    event VoteCast(bytes32 indexed proposalId, address indexed voter, uint8 support, uint256 weight, bytes signature);
    event VotingExtended(bytes32 indexed proposalId, uint256 votingEnd);
    event ProposalQueued(bytes32 indexed proposalId, uint256 eta);
    event ProposalExecuted(bytes32 indexed proposalId, ProposalKind kind, uint256 version);
    event ParametersExecuted(uint256 indexed version, bytes32 indexed proposalId, bytes32 paramsHash);
    event ProposalVetoed(bytes32 indexed proposalId, address guardian);
    event ProposalCanceled(bytes32 indexed proposalId, address by);
    event AuditAnchored(address indexed anchorer, uint256 entries, bytes32 head);

    // Ratified parameters: the current version, and any earlier one.
    function currentVersion() external view returns (uint256);
    function paramsHash(uint256 version) external view returns (bytes32);
    function versionInfo(uint256 version) external view returns (bytes32 hash, bytes32 proposalId, uint256 executedAt);
    function globalParameters() external view returns (GlobalParams memory);
    function globalParametersAt(uint256 version) external view returns (GlobalParams memory);
    function gridParameters() external view returns (GridParams memory);
    function gridParametersAt(uint256 version) external view returns (GridParams memory);
    function simulationParameters() external view returns (SimulationParams memory);
    function simulationParametersAt(uint256 version) external view returns (SimulationParams memory);
    function assetSymbols(uint256 version) external view returns (bytes32[] memory);
    function assetParameters(bytes32 symbol) external view returns (AssetParams memory);
    function assetParametersAt(uint256 version, bytes32 symbol) external view returns (AssetParams memory);
    function correlation(bytes32 a, bytes32 b) external view returns (int256);
    function correlationAt(uint256 version, bytes32 a, bytes32 b) external view returns (int256);
    function parameters(uint256 version) external view returns (RiskParameters memory);

    // Governance.
    function committeeEpoch() external view returns (uint256);
    function committee() external view returns (address[] memory members, uint256[] memory weights);
    function committeeAt(uint256 epoch) external view returns (address[] memory members, uint256[] memory weights);
    function guardian() external view returns (address);
    function rules() external view returns (Rules memory);
    function bounds() external view returns (Bounds memory);
    function proposal(bytes32 proposalId) external view returns (ProposalView memory);
    function tally(bytes32 proposalId) external view returns (TallyView memory);
    function auditAnchor(address anchorer) external view returns (bytes32 head, uint256 entries, uint256 anchoredAt);
}
