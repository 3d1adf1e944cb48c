// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {
    IRiskParameterRegistry,
    GlobalParams,
    GridParams,
    SimulationParams,
    AssetParams,
    RiskParameters,
    Rules,
    Limit,
    Bounds
} from "./IRiskParameterRegistry.sol";
import {RiskParametersValidation} from "./RiskParameters.sol";

/// @title Registry of ratified margin parameter sets, governed by a weighted committee.
/// @notice The registry is the only source of the rules and of the tally:
/// 1. `propose` registers a proposal (a parameter set, a committee change or a rules change) with the
///    committee epoch, the voting window and whether it needs the supermajority; a parameter set
///    outside the hard bounds is refused outright, and one that changes a field beyond its step bound
///    against the version it was drafted from needs the supermajority. The proposal id commits to
///    the payload: keccak256(abi.encode(kind, ballotHash, keccak256(payload), baseVersion, salt)).
/// 2. `castVote` counts one member's EIP-712 ballot (domain "RiskGovernance", version "1", this chain,
///    this contract; Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support), support 0 Against,
///    1 For, 2 Abstain), relayed by anyone. A vote that first reaches quorum keeps voting open for at
///    least the late-quorum extension (OpenZeppelin's GovernorPreventLateQuorum).
/// 3. After voting ends a passing proposal may be queued within the grace period: quorum is For +
///    Abstain against the epoch's total weight, the majority is For > Against, or the supermajority
///    share of For + Against. After the timelock it may be executed within the grace period, with its
///    payload, on the base version it was drafted from (a stale base is refused).
/// 4. The guardian vetoes a queued proposal or cancels one before execution; anyone cancels a
///    parameter proposal whose base is no longer the current version.
/// Every committee, guardian, rules, proposal, vote and execution is an event.
contract RiskParameterRegistry is IRiskParameterRegistry {
    using RiskParametersValidation for RiskParameters;

    struct ProposalRecord {
        ProposalKind kind;
        ProposalState state; // stored: None, Active, Queued, Executed, Vetoed, Canceled
        bool supermajority;
        uint64 votingStart;
        uint64 votingEnd;
        uint64 eta;
        uint64 baseVersion;
        uint64 epoch;
        uint64 executedVersion;
        uint16 quorumBps; // the rules in force when the proposal was registered
        uint16 supermajorityBps;
        bytes32 ballotHash;
        bytes32 payloadHash;
        uint256 forWeight;
        uint256 againstWeight;
        uint256 abstainWeight;
    }

    struct VersionRecord {
        bytes32 paramsHash;
        bytes32 proposalId;
        uint64 executedAt;
        GlobalParams global;
        GridParams grid;
        SimulationParams simulation;
    }

    struct Anchor {
        bytes32 head;
        uint64 entries;
        uint64 anchoredAt;
    }

    uint256 private constant BPS = 10_000;
    int256 private constant ONE = 1e18;
    uint256 private constant MAX_PERIOD = 365 days;
    uint256 private constant SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint8 private constant SUPPORT_AGAINST = 0;
    uint8 private constant SUPPORT_FOR = 1;
    uint8 private constant SUPPORT_ABSTAIN = 2;

    bytes32 public constant BALLOT_TYPEHASH = keccak256("Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("RiskGovernance");
    bytes32 private constant VERSION_HASH = keccak256("1");

    address public guardian;
    uint256 public committeeEpoch;
    uint256 public currentVersion;

    Rules private _rules;
    Bounds private _bounds;

    mapping(uint256 => address[]) private _membersAt;
    mapping(uint256 => mapping(address => uint256)) private _weightAt;
    mapping(uint256 => uint256) private _totalWeightAt;

    mapping(bytes32 => ProposalRecord) private _proposals;
    mapping(bytes32 => mapping(address => uint8)) private _votedPlusOne;

    mapping(uint256 => VersionRecord) private _versions;
    mapping(uint256 => bytes32[]) private _symbols;
    mapping(uint256 => mapping(bytes32 => AssetParams)) private _assets;
    mapping(uint256 => mapping(bytes32 => uint256)) private _assetIndexPlusOne;
    mapping(uint256 => int256[]) private _correlationUpper;

    mapping(address => Anchor) private _anchors;

    error UnknownProposal(bytes32 proposalId);
    error ProposalAlreadyExists(bytes32 proposalId);
    error BallotHashMismatch(bytes32 ballotHash, bytes32 payloadHash);
    error ZeroBallotHash();
    error InvalidBaseVersion(uint256 baseVersion, uint256 expected);
    error StaleBase(bytes32 proposalId, uint256 baseVersion, uint256 currentVersion);
    error HardBoundExceeded(bytes32 field, bytes32 symbol, int256 value, int256 min, int256 max);
    error VotingClosed(bytes32 proposalId, uint256 votingStart, uint256 votingEnd, uint256 timestamp);
    error InvalidSupport(uint8 support);
    error InvalidSignatureLength(uint256 length);
    error InvalidSignature();
    error SignatureHighS();
    error SignatureMismatch(address voter, address recovered);
    error NotInCommittee(bytes32 proposalId, uint256 epoch, address voter);
    error AlreadyVoted(bytes32 proposalId, address voter);
    error VotingNotEnded(bytes32 proposalId, uint256 votingEnd, uint256 timestamp);
    error QuorumNotReached(bytes32 proposalId, uint256 votedWeight, uint256 quorumWeight);
    error MajorityNotReached(bytes32 proposalId, uint256 forWeight, uint256 againstWeight);
    error SupermajorityNotReached(bytes32 proposalId, uint256 forWeight, uint256 forNeeded);
    error ProposalNotSucceeded(bytes32 proposalId, ProposalState state);
    error ProposalNotQueued(bytes32 proposalId, ProposalState state);
    error ProposalAlreadyExecuted(bytes32 proposalId, uint256 version);
    error TimelockNotElapsed(bytes32 proposalId, uint256 eta, uint256 timestamp);
    error ProposalExpired(bytes32 proposalId, uint256 deadline, uint256 timestamp);
    error PayloadMismatch(bytes32 proposalId, bytes32 payloadHash);
    error NotGuardian(address caller);
    error CannotCancel(bytes32 proposalId, ProposalState state, address caller);
    error EmptyCommittee();
    error CommitteeLengthMismatch(uint256 members, uint256 weights);
    error InvalidMember(uint256 index, address member);
    error ZeroWeight(uint256 index);
    error InvalidGuardian(address guardian);
    error InvalidRule(bytes32 field);
    error InvalidBound(bytes32 field);
    error AnchorRegressed(uint256 entries, uint256 anchoredEntries);
    error UnknownVersion(uint256 version);
    error UnknownAsset(uint256 version, bytes32 symbol);

    constructor(
        address[] memory members,
        uint256[] memory weights,
        address guardian_,
        Rules memory rules_,
        Bounds memory bounds_,
        bytes memory genesisParams,
        bytes32 genesisParamsHash
    ) {
        _setCommittee(members, weights, guardian_);
        _setRules(rules_, bounds_);
        if (genesisParams.length != 0) {
            if (genesisParamsHash == bytes32(0)) revert ZeroBallotHash();
            RiskParameters memory p = abi.decode(genesisParams, (RiskParameters));
            p.validate();
            _checkHardBounds(p);
            _storeVersion(p, genesisParamsHash, bytes32(0));
        }
    }

    // ----------------------------------------------------------------- proposals

    /// @notice The id a proposal gets: it commits to what is voted on and to what will be executed.
    function proposalIdOf(ProposalKind kind, bytes32 ballotHash, bytes32 payloadHash, uint256 baseVersion, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(kind, ballotHash, payloadHash, baseVersion, salt));
    }

    /// @notice Registers a proposal and opens its vote.
    /// @param ballotHash what the ballots approve: the params hash (keccak256 of the canonical params.json)
    /// of a parameter set; keccak256(payload) of a committee or rules change.
    /// @param payload abi.encode(RiskParameters); abi.encode(address[] members, uint256[] weights, address guardian);
    /// or abi.encode(Rules, Bounds).
    /// @param baseVersion the version a parameter set was drafted from (the current one); 0 for other kinds.
    function propose(ProposalKind kind, bytes32 ballotHash, bytes calldata payload, uint256 baseVersion, bytes32 salt)
        external
        returns (bytes32 proposalId)
    {
        bool supermajority = _check(kind, ballotHash, payload, baseVersion);
        bytes32 payloadHash = keccak256(payload);
        proposalId = proposalIdOf(kind, ballotHash, payloadHash, baseVersion, salt);
        ProposalRecord storage prop = _proposals[proposalId];
        if (prop.state != ProposalState.None) revert ProposalAlreadyExists(proposalId);
        uint64 start = uint64(block.timestamp);
        uint64 end = start + _rules.votingPeriod;
        prop.kind = kind;
        prop.state = ProposalState.Active;
        prop.supermajority = supermajority;
        prop.votingStart = start;
        prop.votingEnd = end;
        prop.baseVersion = uint64(baseVersion);
        prop.epoch = uint64(committeeEpoch);
        prop.quorumBps = uint16(_rules.quorumBps);
        prop.supermajorityBps = uint16(_rules.supermajorityBps);
        prop.ballotHash = ballotHash;
        prop.payloadHash = payloadHash;
        emit ProposalCreated(
            proposalId, kind, ballotHash, payloadHash, baseVersion, committeeEpoch, start, end, supermajority, msg.sender
        );
    }

    /// @notice What `propose` would decide for this payload now, without registering it: reverts with the
    /// error `propose` would revert with, else returns whether the proposal would need the supermajority.
    function checkProposal(ProposalKind kind, bytes32 ballotHash, bytes calldata payload, uint256 baseVersion)
        external
        view
        returns (bool supermajority)
    {
        return _check(kind, ballotHash, payload, baseVersion);
    }

    function _check(ProposalKind kind, bytes32 ballotHash, bytes calldata payload, uint256 baseVersion)
        private
        view
        returns (bool supermajority)
    {
        if (ballotHash == bytes32(0)) revert ZeroBallotHash();
        if (kind == ProposalKind.Parameters) {
            if (baseVersion != currentVersion) revert InvalidBaseVersion(baseVersion, currentVersion);
            RiskParameters memory p = abi.decode(payload, (RiskParameters));
            p.validate();
            _checkHardBounds(p);
            return _exceedsStepBounds(p, baseVersion);
        }
        // A change of the committee or of the rules changes governance itself: it always needs the supermajority.
        if (baseVersion != 0) revert InvalidBaseVersion(baseVersion, 0);
        bytes32 payloadHash = keccak256(payload);
        if (ballotHash != payloadHash) revert BallotHashMismatch(ballotHash, payloadHash);
        if (kind == ProposalKind.Membership) {
            (address[] memory members, uint256[] memory weights, address newGuardian) =
                abi.decode(payload, (address[], uint256[], address));
            _validateCommittee(members, weights, newGuardian);
        } else {
            (Rules memory r, Bounds memory b) = abi.decode(payload, (Rules, Bounds));
            _validateRules(r, b);
        }
        return true;
    }

    /// @notice Counts one member's signed ballot; anyone may relay it.
    /// @param voter the member who signed; the signature must recover to it over this proposal's ballot.
    function castVote(bytes32 proposalId, address voter, uint8 support, bytes calldata signature)
        external
        returns (uint256 weight)
    {
        ProposalRecord storage prop = _existing(proposalId);
        if (prop.state != ProposalState.Active || block.timestamp > prop.votingEnd) {
            revert VotingClosed(proposalId, prop.votingStart, prop.votingEnd, block.timestamp);
        }
        if (support > SUPPORT_ABSTAIN) revert InvalidSupport(support);
        address recovered = _recover(ballotDigest(proposalId, prop.ballotHash, support), signature);
        if (recovered != voter) revert SignatureMismatch(voter, recovered);
        weight = _weightAt[prop.epoch][voter];
        if (weight == 0) revert NotInCommittee(proposalId, prop.epoch, voter);
        if (_votedPlusOne[proposalId][voter] != 0) revert AlreadyVoted(proposalId, voter);
        _votedPlusOne[proposalId][voter] = support + 1;

        uint256 quorumWeight = _quorumWeight(prop);
        bool quorumBefore = prop.forWeight + prop.abstainWeight >= quorumWeight;
        if (support == SUPPORT_FOR) {
            prop.forWeight += weight;
        } else if (support == SUPPORT_AGAINST) {
            prop.againstWeight += weight;
        } else {
            prop.abstainWeight += weight;
        }
        emit VoteCast(proposalId, voter, support, weight, signature);

        if (!quorumBefore && prop.forWeight + prop.abstainWeight >= quorumWeight) {
            uint64 extended = uint64(block.timestamp) + _rules.lateQuorumExtension;
            if (extended > prop.votingEnd) {
                prop.votingEnd = extended;
                emit VotingExtended(proposalId, extended);
            }
        }
    }

    /// @notice Queues a proposal whose vote has ended and passed, within the grace period after the vote.
    function queue(bytes32 proposalId) external returns (uint256 eta) {
        ProposalRecord storage prop = _existing(proposalId);
        if (prop.state == ProposalState.Active && block.timestamp <= prop.votingEnd) {
            revert VotingNotEnded(proposalId, prop.votingEnd, block.timestamp);
        }
        if (prop.state != ProposalState.Active) revert ProposalNotSucceeded(proposalId, _state(prop));
        uint256 deadline = uint256(prop.votingEnd) + _rules.gracePeriod;
        if (block.timestamp > deadline) revert ProposalExpired(proposalId, deadline, block.timestamp);
        TallyView memory t = _tally(prop);
        if (!t.quorumReached) revert QuorumNotReached(proposalId, t.forWeight + t.abstainWeight, t.quorumWeight);
        if (!t.majorityReached) {
            if (prop.supermajority) revert SupermajorityNotReached(proposalId, t.forWeight, t.forWeight + t.forNeeded);
            revert MajorityNotReached(proposalId, t.forWeight, t.againstWeight);
        }
        _requireFreshBase(proposalId, prop);

        eta = block.timestamp + _rules.timelockDelay;
        prop.state = ProposalState.Queued;
        prop.eta = uint64(eta);
        emit ProposalQueued(proposalId, eta);
    }

    /// @notice Executes a queued proposal after its timelock and within the grace period, with its payload.
    function execute(bytes32 proposalId, bytes calldata payload) external returns (uint256 version) {
        ProposalRecord storage prop = _existing(proposalId);
        if (prop.state == ProposalState.Executed) revert ProposalAlreadyExecuted(proposalId, prop.executedVersion);
        if (prop.state != ProposalState.Queued) revert ProposalNotQueued(proposalId, _state(prop));
        if (block.timestamp < prop.eta) revert TimelockNotElapsed(proposalId, prop.eta, block.timestamp);
        uint256 deadline = uint256(prop.eta) + _rules.gracePeriod;
        if (block.timestamp > deadline) revert ProposalExpired(proposalId, deadline, block.timestamp);
        if (keccak256(payload) != prop.payloadHash) revert PayloadMismatch(proposalId, prop.payloadHash);
        _requireFreshBase(proposalId, prop);

        prop.state = ProposalState.Executed;
        if (prop.kind == ProposalKind.Parameters) {
            RiskParameters memory p = abi.decode(payload, (RiskParameters));
            version = _storeVersion(p, prop.ballotHash, proposalId);
            prop.executedVersion = uint64(version);
        } else if (prop.kind == ProposalKind.Membership) {
            (address[] memory members, uint256[] memory weights, address newGuardian) =
                abi.decode(payload, (address[], uint256[], address));
            _setCommittee(members, weights, newGuardian);
            version = currentVersion;
        } else {
            (Rules memory r, Bounds memory b) = abi.decode(payload, (Rules, Bounds));
            _setRules(r, b);
            version = currentVersion;
        }
        emit ProposalExecuted(proposalId, prop.kind, version);
    }

    /// @notice The guardian stops a queued proposal.
    function veto(bytes32 proposalId) external {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        ProposalRecord storage prop = _existing(proposalId);
        if (prop.state == ProposalState.Executed) revert ProposalAlreadyExecuted(proposalId, prop.executedVersion);
        if (_state(prop) != ProposalState.Queued) revert ProposalNotQueued(proposalId, _state(prop));
        prop.state = ProposalState.Vetoed;
        emit ProposalVetoed(proposalId, msg.sender);
    }

    /// @notice The guardian cancels a proposal before it is executed; anyone cancels a parameter
    /// proposal that can never execute because its base version is no longer the current one.
    function cancel(bytes32 proposalId) external {
        ProposalRecord storage prop = _existing(proposalId);
        ProposalState state = _state(prop);
        if (state != ProposalState.Active && state != ProposalState.Succeeded && state != ProposalState.Queued) {
            revert CannotCancel(proposalId, state, msg.sender);
        }
        bool stale = prop.kind == ProposalKind.Parameters && prop.baseVersion != currentVersion;
        if (msg.sender != guardian && !stale) revert NotGuardian(msg.sender);
        prop.state = ProposalState.Canceled;
        emit ProposalCanceled(proposalId, msg.sender);
    }

    /// @notice Records the head hash and entry count of the caller's audit log; a later anchor may not
    /// count fewer entries, nor the same count with another head. A verifier trusts the anchors of the
    /// account it knows.
    function anchorAudit(bytes32 head, uint256 entries) external {
        Anchor storage a = _anchors[msg.sender];
        // Fewer entries, or the same count with another head (a rewritten log), is refused.
        if (entries < a.entries || (entries == a.entries && head != a.head) || entries > type(uint64).max) {
            revert AnchorRegressed(entries, a.entries);
        }
        a.head = head;
        a.entries = uint64(entries);
        a.anchoredAt = uint64(block.timestamp);
        emit AuditAnchored(msg.sender, entries, head);
    }

    // ----------------------------------------------------------------- governance readers

    function proposal(bytes32 proposalId) external view returns (ProposalView memory v) {
        ProposalRecord storage prop = _proposals[proposalId];
        v.kind = prop.kind;
        v.state = _state(prop);
        v.supermajority = prop.supermajority;
        v.ballotHash = prop.ballotHash;
        v.payloadHash = prop.payloadHash;
        v.baseVersion = prop.baseVersion;
        v.epoch = prop.epoch;
        v.votingStart = prop.votingStart;
        v.votingEnd = prop.votingEnd;
        v.eta = prop.eta;
        v.executedVersion = prop.executedVersion;
        v.quorumBps = prop.quorumBps;
        v.supermajorityBps = prop.supermajorityBps;
    }

    function tally(bytes32 proposalId) external view returns (TallyView memory) {
        return _tally(_existing(proposalId));
    }

    /// @notice 0 when the member has not voted on the proposal, else support + 1.
    function votedPlusOne(bytes32 proposalId, address member) external view returns (uint8) {
        return _votedPlusOne[proposalId][member];
    }

    function rules() external view returns (Rules memory) {
        return _rules;
    }

    function bounds() external view returns (Bounds memory) {
        return _bounds;
    }

    function committee() external view returns (address[] memory members, uint256[] memory weights) {
        return committeeAt(committeeEpoch);
    }

    function committeeAt(uint256 epoch) public view returns (address[] memory members, uint256[] memory weights) {
        members = _membersAt[epoch];
        weights = new uint256[](members.length);
        for (uint256 i = 0; i < members.length; i++) {
            weights[i] = _weightAt[epoch][members[i]];
        }
    }

    function weightAt(uint256 epoch, address member) external view returns (uint256) {
        return _weightAt[epoch][member];
    }

    function totalWeightAt(uint256 epoch) external view returns (uint256) {
        return _totalWeightAt[epoch];
    }

    function auditAnchor(address anchorer) external view returns (bytes32 head, uint256 entries, uint256 anchoredAt) {
        Anchor storage a = _anchors[anchorer];
        return (a.head, a.entries, a.anchoredAt);
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function ballotDigest(bytes32 proposalId, bytes32 ballotHash, uint8 support) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, ballotHash, support));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    // ----------------------------------------------------------------- parameter readers

    function paramsHash(uint256 version) external view returns (bytes32) {
        return _version(version).paramsHash;
    }

    function versionInfo(uint256 version) external view returns (bytes32 hash, bytes32 proposalId, uint256 executedAt) {
        VersionRecord storage v = _version(version);
        return (v.paramsHash, v.proposalId, v.executedAt);
    }

    function globalParameters() external view returns (GlobalParams memory) {
        return _version(currentVersion).global;
    }

    function globalParametersAt(uint256 version) external view returns (GlobalParams memory) {
        return _version(version).global;
    }

    function gridParameters() external view returns (GridParams memory) {
        return _version(currentVersion).grid;
    }

    function gridParametersAt(uint256 version) external view returns (GridParams memory) {
        return _version(version).grid;
    }

    function simulationParameters() external view returns (SimulationParams memory) {
        return _version(currentVersion).simulation;
    }

    function simulationParametersAt(uint256 version) external view returns (SimulationParams memory) {
        return _version(version).simulation;
    }

    function assetSymbols(uint256 version) external view returns (bytes32[] memory) {
        _version(version);
        return _symbols[version];
    }

    function assetParameters(bytes32 symbol) external view returns (AssetParams memory) {
        return assetParametersAt(currentVersion, symbol);
    }

    function assetParametersAt(uint256 version, bytes32 symbol) public view returns (AssetParams memory) {
        _version(version);
        if (_assetIndexPlusOne[version][symbol] == 0) revert UnknownAsset(version, symbol);
        return _assets[version][symbol];
    }

    function correlation(bytes32 a, bytes32 b) external view returns (int256) {
        return correlationAt(currentVersion, a, b);
    }

    /// @notice Symmetric correlation between two assets of a version; 1e18 on the diagonal.
    function correlationAt(uint256 version, bytes32 a, bytes32 b) public view returns (int256) {
        _version(version);
        uint256 i = _assetIndexPlusOne[version][a];
        uint256 j = _assetIndexPlusOne[version][b];
        if (i == 0) revert UnknownAsset(version, a);
        if (j == 0) revert UnknownAsset(version, b);
        return _correlationByIndex(version, i - 1, j - 1);
    }

    /// @notice The whole parameter set of a version, assembled from its stored fields.
    function parameters(uint256 version) public view returns (RiskParameters memory p) {
        VersionRecord storage v = _version(version);
        p.method = v.global.method;
        p.imMultiplier = v.global.imMultiplier;
        p.mmRatio = v.global.mmRatio;
        p.liquidationRatio = v.global.liquidationRatio;
        p.shortOptionMinimum = v.global.shortOptionMinimum;
        p.correlationStress = v.global.correlationStress;
        p.grid = v.grid;
        p.simulation = v.simulation;
        bytes32[] storage symbols = _symbols[version];
        p.assets = new AssetParams[](symbols.length);
        for (uint256 i = 0; i < symbols.length; i++) {
            p.assets[i] = _assets[version][symbols[i]];
        }
        p.correlationUpper = _correlationUpper[version];
    }

    function currentParameters() external view returns (RiskParameters memory) {
        return parameters(currentVersion);
    }

    // ----------------------------------------------------------------- internals

    function _existing(bytes32 proposalId) private view returns (ProposalRecord storage prop) {
        prop = _proposals[proposalId];
        if (prop.state == ProposalState.None) revert UnknownProposal(proposalId);
    }

    function _state(ProposalRecord storage prop) private view returns (ProposalState) {
        ProposalState s = prop.state;
        if (s == ProposalState.Active && block.timestamp > prop.votingEnd) {
            if (!_tally(prop).passes) return ProposalState.Defeated;
            if (block.timestamp > uint256(prop.votingEnd) + _rules.gracePeriod) return ProposalState.Expired;
            return ProposalState.Succeeded;
        }
        if (s == ProposalState.Queued && block.timestamp > uint256(prop.eta) + _rules.gracePeriod) {
            return ProposalState.Expired;
        }
        return s;
    }

    function _quorumWeight(ProposalRecord storage prop) private view returns (uint256) {
        return (_totalWeightAt[prop.epoch] * prop.quorumBps + BPS - 1) / BPS;
    }

    function _tally(ProposalRecord storage prop) private view returns (TallyView memory t) {
        t.forWeight = prop.forWeight;
        t.againstWeight = prop.againstWeight;
        t.abstainWeight = prop.abstainWeight;
        t.totalWeight = _totalWeightAt[prop.epoch];
        t.quorumWeight = _quorumWeight(prop);
        t.unvotedWeight = t.totalWeight - t.forWeight - t.againstWeight - t.abstainWeight;
        uint256 voted = t.forWeight + t.abstainWeight;
        t.quorumReached = voted >= t.quorumWeight;
        uint256 needQuorum = t.quorumReached ? 0 : t.quorumWeight - voted;
        uint256 needMajority;
        if (prop.supermajority) {
            // For * 10000 >= s * (For + Against)  <=>  For >= ceil(s * Against / (10000 - s)), and For > 0.
            uint256 s = prop.supermajorityBps;
            uint256 forRequired = (s * t.againstWeight + (BPS - s) - 1) / (BPS - s);
            if (forRequired == 0) forRequired = 1;
            t.majorityReached = t.forWeight >= forRequired;
            needMajority = t.majorityReached ? 0 : forRequired - t.forWeight;
        } else {
            t.majorityReached = t.forWeight > t.againstWeight;
            needMajority = t.majorityReached ? 0 : t.againstWeight + 1 - t.forWeight;
        }
        t.passes = t.quorumReached && t.majorityReached;
        t.forNeeded = needQuorum > needMajority ? needQuorum : needMajority;
    }

    function _requireFreshBase(bytes32 proposalId, ProposalRecord storage prop) private view {
        if (prop.kind == ProposalKind.Parameters && prop.baseVersion != currentVersion) {
            revert StaleBase(proposalId, prop.baseVersion, currentVersion);
        }
    }

    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address signer) {
        if (signature.length != 65) revert InvalidSignatureLength(signature.length);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        if (v != 27 && v != 28) revert InvalidSignature();
        if (uint256(s) > SECP256K1_HALF_N) revert SignatureHighS();
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
    }

    function _checkHardBounds(RiskParameters memory p) private view {
        Bounds storage b = _bounds;
        _within("imMultiplier", bytes32(0), p.imMultiplier, b.imMultiplier);
        _within("mmRatio", bytes32(0), p.mmRatio, b.mmRatio);
        _within("liquidationRatio", bytes32(0), p.liquidationRatio, b.liquidationRatio);
        for (uint256 i = 0; i < p.assets.length; i++) {
            AssetParams memory a = p.assets[i];
            _within("scanRange", a.symbol, a.scanRange, b.scanRange);
            _within("volUp", a.symbol, a.volUp, b.volUp);
            _within("volDown", a.symbol, a.volDown, b.volDown);
            _within("haircut", a.symbol, a.haircut, b.haircut);
        }
    }

    function _within(bytes32 field, bytes32 symbol, int256 value, Limit storage limit) private view {
        if (value < limit.min || value > limit.max) revert HardBoundExceeded(field, symbol, value, limit.min, limit.max);
    }

    /// @dev True when a field present in the base version changes beyond its step bound.
    function _exceedsStepBounds(RiskParameters memory p, uint256 base) private view returns (bool) {
        if (base == 0) return false;
        Bounds storage b = _bounds;
        if (_beyondRelative(_versions[base].global.imMultiplier, p.imMultiplier, b.imMultiplierStep)) return true;
        uint256 n = p.assets.length;
        uint256[] memory baseIndex = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            AssetParams memory a = p.assets[i];
            baseIndex[i] = _assetIndexPlusOne[base][a.symbol];
            if (baseIndex[i] == 0) continue;
            AssetParams storage old = _assets[base][a.symbol];
            if (
                _beyondRelative(old.scanRange, a.scanRange, b.scanRangeStep)
                    || _beyondRelative(old.volUp, a.volUp, b.volUpStep)
                    || _beyondRelative(old.volDown, a.volDown, b.volDownStep)
                    || _beyondRelative(old.haircut, a.haircut, b.haircutStep)
            ) return true;
        }
        if (b.correlationStep == 0) return false;
        uint256 k = 0;
        for (uint256 i = 0; i < n; i++) {
            for (uint256 j = i + 1; j < n; j++) {
                int256 proposed = p.correlationUpper[k++];
                if (baseIndex[i] == 0 || baseIndex[j] == 0) continue;
                int256 old = _correlationByIndex(base, baseIndex[i] - 1, baseIndex[j] - 1);
                if (_abs(proposed - old) > b.correlationStep) return true;
            }
        }
        return false;
    }

    /// @dev |new - old| > step * |old| (step 1e18 = 100 %); no bound when step is 0.
    function _beyondRelative(int256 old, int256 proposed, int256 step) private pure returns (bool) {
        if (step == 0 || old == proposed) return false;
        if (old == 0) return true;
        return _abs(proposed - old) * ONE > step * _abs(old);
    }

    function _abs(int256 x) private pure returns (int256) {
        return x < 0 ? -x : x;
    }

    function _correlationByIndex(uint256 version, uint256 i, uint256 j) private view returns (int256) {
        if (i == j) return ONE;
        if (i > j) (i, j) = (j, i);
        uint256 n = _symbols[version].length;
        // Row-major strict upper triangle: row i starts after sum_{r<i} (n - 1 - r) entries.
        return _correlationUpper[version][i * n - (i * (i + 1)) / 2 + (j - i - 1)];
    }

    function _validateCommittee(address[] memory members, uint256[] memory weights, address newGuardian) private pure {
        if (members.length == 0) revert EmptyCommittee();
        if (members.length != weights.length) revert CommitteeLengthMismatch(members.length, weights.length);
        if (newGuardian == address(0)) revert InvalidGuardian(newGuardian);
        for (uint256 i = 0; i < members.length; i++) {
            if (members[i] == address(0)) revert InvalidMember(i, members[i]);
            if (weights[i] == 0) revert ZeroWeight(i);
            for (uint256 j = 0; j < i; j++) {
                if (members[j] == members[i]) revert InvalidMember(i, members[i]);
            }
        }
    }

    function _setCommittee(address[] memory members, uint256[] memory weights, address newGuardian) private {
        _validateCommittee(members, weights, newGuardian);
        uint256 epoch = committeeEpoch + 1;
        uint256 total = 0;
        for (uint256 i = 0; i < members.length; i++) {
            _membersAt[epoch].push(members[i]);
            _weightAt[epoch][members[i]] = weights[i];
            total += weights[i];
        }
        _totalWeightAt[epoch] = total;
        committeeEpoch = epoch;
        emit CommitteeChanged(epoch, members, weights);
        if (newGuardian != guardian) {
            emit GuardianChanged(guardian, newGuardian);
            guardian = newGuardian;
        }
    }

    function _validateRules(Rules memory r, Bounds memory b) private pure {
        if (r.votingPeriod == 0 || r.votingPeriod > MAX_PERIOD) revert InvalidRule("votingPeriod");
        if (r.lateQuorumExtension > r.votingPeriod) revert InvalidRule("lateQuorumExtension");
        if (r.timelockDelay > MAX_PERIOD) revert InvalidRule("timelockDelay");
        if (r.gracePeriod == 0 || r.gracePeriod > MAX_PERIOD) revert InvalidRule("gracePeriod");
        if (r.quorumBps == 0 || r.quorumBps > BPS) revert InvalidRule("quorumBps");
        // Unanimity (10000) is refused: one member could then block every later change, of the rules too.
        if (r.supermajorityBps <= BPS / 2 || r.supermajorityBps >= BPS) revert InvalidRule("supermajorityBps");
        _validateLimit(b.imMultiplier, "imMultiplier");
        _validateLimit(b.mmRatio, "mmRatio");
        _validateLimit(b.liquidationRatio, "liquidationRatio");
        _validateLimit(b.scanRange, "scanRange");
        _validateLimit(b.volUp, "volUp");
        _validateLimit(b.volDown, "volDown");
        _validateLimit(b.haircut, "haircut");
        if (b.imMultiplierStep < 0) revert InvalidBound("imMultiplierStep");
        if (b.scanRangeStep < 0) revert InvalidBound("scanRangeStep");
        if (b.volUpStep < 0) revert InvalidBound("volUpStep");
        if (b.volDownStep < 0) revert InvalidBound("volDownStep");
        if (b.haircutStep < 0) revert InvalidBound("haircutStep");
        if (b.correlationStep < 0) revert InvalidBound("correlationStep");
    }

    function _validateLimit(Limit memory limit, bytes32 field) private pure {
        if (limit.min > limit.max) revert InvalidBound(field);
    }

    function _setRules(Rules memory r, Bounds memory b) private {
        _validateRules(r, b);
        _rules = r;
        _bounds = b;
        emit RulesChanged(r, b);
    }

    function _storeVersion(RiskParameters memory p, bytes32 hash, bytes32 proposalId) private returns (uint256 version) {
        version = currentVersion + 1;
        VersionRecord storage v = _versions[version];
        v.paramsHash = hash;
        v.proposalId = proposalId;
        v.executedAt = uint64(block.timestamp);
        v.global = GlobalParams(p.method, p.imMultiplier, p.mmRatio, p.liquidationRatio, p.shortOptionMinimum, p.correlationStress);
        v.grid = p.grid;
        v.simulation = p.simulation;
        for (uint256 i = 0; i < p.assets.length; i++) {
            AssetParams memory a = p.assets[i];
            _symbols[version].push(a.symbol);
            _assets[version][a.symbol] = a;
            _assetIndexPlusOne[version][a.symbol] = i + 1;
        }
        _correlationUpper[version] = p.correlationUpper;
        currentVersion = version;
        emit ParametersExecuted(version, proposalId, hash);
    }

    function _version(uint256 version) private view returns (VersionRecord storage v) {
        if (version == 0 || version > currentVersion) revert UnknownVersion(version);
        return _versions[version];
    }
}
