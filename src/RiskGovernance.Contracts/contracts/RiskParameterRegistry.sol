// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {RiskParameters, GridParams, SimulationParams, AssetParams, RiskParametersValidation} from "./RiskParameters.sol";

/// @title Registry of ratified margin parameter sets.
/// @notice A weighted committee approves a proposal off-chain with EIP-712 ballots
/// (domain name "RiskGovernance", version "1", this chain id, this contract;
/// typed struct Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support), support 1 = For,
/// 0 = Against, 2 = Abstain as in OpenZeppelin Governor). Anyone may submit the For ballots
/// with `queue`; once their weight reaches the threshold the proposal waits `timelockDelay`
/// seconds, then anyone may `execute` it within `gracePeriod` seconds. The guardian may veto
/// a queued proposal before it is executed.
///
/// How a bad ballot shows up: the contract recomputes the digest from the submitted proposal id
/// and params hash with support = For in its own domain and recovers the signer. A ballot signed
/// for another chain id or another verifying contract, for another params hash, with support
/// Against/Abstain, or with tampered bytes therefore recovers to an unrelated address and is
/// rejected as NotCommitteeMember(index, recovered) (or InvalidSignature(index) when ecrecover
/// finds no key at all). The params hash is the keccak-256 of the canonical JSON computed
/// off-chain; it cannot be recomputed here and is stored beside the values so that anyone can
/// check the on-chain values against the approved proposal.
contract RiskParameterRegistry {
    using RiskParametersValidation for RiskParameters;

    enum ProposalState {
        None,
        Queued,
        Executed,
        Vetoed,
        Expired
    }

    enum ProposalKind {
        Parameters,
        Membership
    }

    struct Proposal {
        ProposalKind kind;
        ProposalState state; // stored states: None, Queued, Executed, Vetoed (Expired is a view)
        uint64 eta;
        uint64 executedVersion;
        bytes32 paramsHash;
        bytes payload;
    }

    struct VersionRecord {
        bytes32 paramsHash;
        bytes32 proposalId;
        uint64 executedAt;
        bytes encoded;
        bytes32[] symbols;
        int256[] correlationUpper;
    }

    uint256 public constant THRESHOLD_DENOMINATOR = 10_000;
    uint8 public constant SUPPORT_FOR = 1;
    int256 private constant ONE = 1e18;
    uint256 private constant SECP256K1_HALF_N =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    bytes32 public constant BALLOT_TYPEHASH = keccak256("Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("RiskGovernance");
    bytes32 private constant VERSION_HASH = keccak256("1");

    uint256 public immutable timelockDelay;
    uint256 public immutable gracePeriod;
    address public immutable guardian;

    address[] private _members;
    mapping(address => uint256) private _weightOf;
    uint256 public totalWeight;
    uint256 public thresholdBps;
    uint256 public committeeEpoch;

    mapping(bytes32 => Proposal) private _proposals;

    uint256 public currentVersion;
    mapping(uint256 => VersionRecord) private _versions;
    mapping(uint256 => mapping(bytes32 => AssetParams)) private _assets;
    mapping(uint256 => mapping(bytes32 => uint256)) private _assetIndexPlusOne;

    event ProposalQueued(
        bytes32 indexed proposalId, ProposalKind kind, bytes32 paramsHash, uint256 eta, uint256 forWeight
    );
    event ParametersExecuted(uint256 indexed version, bytes32 indexed proposalId, bytes32 paramsHash);
    event MembershipExecuted(bytes32 indexed proposalId, uint256 indexed committeeEpoch, bytes32 membershipHash);
    event ProposalVetoed(bytes32 indexed proposalId, address guardian);

    error InvalidSignatureLength(uint256 index, uint256 length);
    error InvalidSignature(uint256 index);
    error SignatureHighS(uint256 index);
    error NotCommitteeMember(uint256 index, address recovered);
    error DuplicateSigner(uint256 index, address signer);
    error ThresholdNotMet(uint256 forWeight, uint256 requiredWeight);
    error ProposalAlreadyExists(bytes32 proposalId, ProposalState state);
    error ZeroParamsHash();
    error ProposalNotQueued(bytes32 proposalId, ProposalState state);
    error ProposalAlreadyExecuted(bytes32 proposalId, uint256 version);
    error TimelockNotElapsed(bytes32 proposalId, uint256 eta, uint256 timestamp);
    error ProposalExpired(bytes32 proposalId, uint256 deadline, uint256 timestamp);
    error NotGuardian(address caller);
    error EmptyCommittee();
    error CommitteeLengthMismatch(uint256 members, uint256 weights);
    error InvalidMember(uint256 index, address member);
    error ZeroWeight(uint256 index);
    error InvalidThreshold(uint256 thresholdBps);
    error InvalidPeriod(bytes32 field);
    error UnknownVersion(uint256 version);
    error UnknownAsset(uint256 version, bytes32 symbol);

    constructor(
        address[] memory initialMembers,
        uint256[] memory weights,
        uint256 thresholdBps_,
        uint256 timelockDelay_,
        uint256 gracePeriod_,
        address guardian_,
        bytes memory genesisParams,
        bytes32 genesisParamsHash
    ) {
        if (timelockDelay_ > type(uint32).max) revert InvalidPeriod("timelockDelay");
        if (gracePeriod_ == 0 || gracePeriod_ > type(uint32).max) revert InvalidPeriod("gracePeriod");
        timelockDelay = timelockDelay_;
        gracePeriod = gracePeriod_;
        guardian = guardian_;
        _setCommittee(initialMembers, weights, thresholdBps_);
        if (genesisParams.length != 0) {
            if (genesisParamsHash == bytes32(0)) revert ZeroParamsHash();
            RiskParameters memory p = abi.decode(genesisParams, (RiskParameters));
            p.validate();
            _storeVersion(p, genesisParams, genesisParamsHash, bytes32(0));
        }
    }

    // ----------------------------------------------------------------- proposals

    /// @notice Queues a parameter set approved by For ballots over (proposalId, paramsHash).
    /// @param encodedParams abi.encode(RiskParameters); validated here.
    function queue(bytes32 proposalId, bytes32 proposalParamsHash, bytes calldata encodedParams, bytes[] calldata forSignatures)
        external
        returns (uint256 eta)
    {
        RiskParameters memory p = abi.decode(encodedParams, (RiskParameters));
        p.validate();
        return _queue(proposalId, ProposalKind.Parameters, proposalParamsHash, encodedParams, forSignatures);
    }

    /// @notice Queues a committee change; the ballots' paramsHash is
    /// keccak256(abi.encode(members, weights, thresholdBps)).
    function queueMembership(
        bytes32 proposalId,
        address[] calldata newMembers,
        uint256[] calldata weights,
        uint256 newThresholdBps,
        bytes[] calldata forSignatures
    ) external returns (uint256 eta) {
        _validateCommittee(newMembers, weights, newThresholdBps);
        bytes memory payload = abi.encode(newMembers, weights, newThresholdBps);
        return _queue(proposalId, ProposalKind.Membership, keccak256(payload), payload, forSignatures);
    }

    /// @notice Executes a queued proposal once its timelock has elapsed and before it expires.
    function execute(bytes32 proposalId) external returns (uint256 version) {
        Proposal storage prop = _proposals[proposalId];
        if (prop.state == ProposalState.Executed) {
            revert ProposalAlreadyExecuted(proposalId, prop.executedVersion);
        }
        if (prop.state != ProposalState.Queued) revert ProposalNotQueued(proposalId, prop.state);
        if (block.timestamp < prop.eta) revert TimelockNotElapsed(proposalId, prop.eta, block.timestamp);
        uint256 deadline = uint256(prop.eta) + gracePeriod;
        if (block.timestamp > deadline) revert ProposalExpired(proposalId, deadline, block.timestamp);

        prop.state = ProposalState.Executed;
        if (prop.kind == ProposalKind.Parameters) {
            RiskParameters memory p = abi.decode(prop.payload, (RiskParameters));
            version = _storeVersion(p, prop.payload, prop.paramsHash, proposalId);
            prop.executedVersion = uint64(version);
        } else {
            (address[] memory newMembers, uint256[] memory weights, uint256 newThreshold) =
                abi.decode(prop.payload, (address[], uint256[], uint256));
            _setCommittee(newMembers, weights, newThreshold);
            emit MembershipExecuted(proposalId, committeeEpoch, prop.paramsHash);
            version = currentVersion;
        }
    }

    /// @notice The guardian cancels a queued proposal before it is executed.
    function veto(bytes32 proposalId) external {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        Proposal storage prop = _proposals[proposalId];
        if (prop.state == ProposalState.Executed) {
            revert ProposalAlreadyExecuted(proposalId, prop.executedVersion);
        }
        if (prop.state != ProposalState.Queued) revert ProposalNotQueued(proposalId, prop.state);
        prop.state = ProposalState.Vetoed;
        emit ProposalVetoed(proposalId, msg.sender);
    }

    // ----------------------------------------------------------------- readers

    function proposalState(bytes32 proposalId) public view returns (ProposalState) {
        Proposal storage prop = _proposals[proposalId];
        if (prop.state == ProposalState.Queued && block.timestamp > uint256(prop.eta) + gracePeriod) {
            return ProposalState.Expired;
        }
        return prop.state;
    }

    function proposal(bytes32 proposalId)
        external
        view
        returns (ProposalState state, ProposalKind kind, uint256 eta, bytes32 hash, uint256 executedVersion)
    {
        Proposal storage prop = _proposals[proposalId];
        return (proposalState(proposalId), prop.kind, prop.eta, prop.paramsHash, prop.executedVersion);
    }

    function committee() external view returns (address[] memory memberList, uint256[] memory weights) {
        memberList = _members;
        weights = new uint256[](memberList.length);
        for (uint256 i = 0; i < memberList.length; i++) {
            weights[i] = _weightOf[memberList[i]];
        }
    }

    function weightOf(address member) external view returns (uint256) {
        return _weightOf[member];
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function ballotDigest(bytes32 proposalId, bytes32 ballotParamsHash, uint8 support) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, ballotParamsHash, support));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    function paramsHash(uint256 version) external view returns (bytes32) {
        return _version(version).paramsHash;
    }

    function versionInfo(uint256 version)
        external
        view
        returns (bytes32 hash, bytes32 proposalId, uint256 executedAt)
    {
        VersionRecord storage v = _version(version);
        return (v.paramsHash, v.proposalId, v.executedAt);
    }

    /// @notice The full parameter set of a version (current or earlier).
    function parameters(uint256 version) public view returns (RiskParameters memory) {
        return abi.decode(_version(version).encoded, (RiskParameters));
    }

    /// @notice abi.encode(RiskParameters) of a version, byte for byte as it was queued.
    function encodedParameters(uint256 version) external view returns (bytes memory) {
        return _version(version).encoded;
    }

    function currentParameters() external view returns (RiskParameters memory) {
        return parameters(currentVersion);
    }

    /// @notice The global fields, grid and simulation settings of the current version.
    function globalParameters()
        external
        view
        returns (
            bytes32 method,
            int256 imMultiplier,
            int256 mmRatio,
            int256 liquidationRatio,
            int256 shortOptionMinimum,
            int256 correlationStress
        )
    {
        RiskParameters memory p = parameters(currentVersion);
        return (p.method, p.imMultiplier, p.mmRatio, p.liquidationRatio, p.shortOptionMinimum, p.correlationStress);
    }

    function gridParameters() external view returns (GridParams memory) {
        return parameters(currentVersion).grid;
    }

    function simulationParameters() external view returns (SimulationParams memory) {
        return parameters(currentVersion).simulation;
    }

    function assetSymbols(uint256 version) external view returns (bytes32[] memory) {
        return _version(version).symbols;
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
        VersionRecord storage v = _version(version);
        uint256 i = _assetIndexPlusOne[version][a];
        uint256 j = _assetIndexPlusOne[version][b];
        if (i == 0) revert UnknownAsset(version, a);
        if (j == 0) revert UnknownAsset(version, b);
        if (i == j) return ONE;
        if (i > j) (i, j) = (j, i);
        i -= 1;
        j -= 1;
        uint256 n = v.symbols.length;
        // Row-major strict upper triangle: row i starts after sum_{r<i} (n - 1 - r) entries.
        uint256 k = i * n - (i * (i + 1)) / 2 + (j - i - 1);
        return v.correlationUpper[k];
    }

    // ----------------------------------------------------------------- internals

    function _queue(
        bytes32 proposalId,
        ProposalKind kind,
        bytes32 hash,
        bytes memory payload,
        bytes[] calldata forSignatures
    ) private returns (uint256 eta) {
        Proposal storage prop = _proposals[proposalId];
        if (prop.state != ProposalState.None) revert ProposalAlreadyExists(proposalId, proposalState(proposalId));
        if (hash == bytes32(0)) revert ZeroParamsHash();

        uint256 forWeight = _tallyForWeight(proposalId, hash, forSignatures);
        uint256 required = _requiredWeight();
        if (forWeight < required) revert ThresholdNotMet(forWeight, required);

        eta = block.timestamp + timelockDelay;
        prop.kind = kind;
        prop.state = ProposalState.Queued;
        prop.eta = uint64(eta);
        prop.paramsHash = hash;
        prop.payload = payload;
        emit ProposalQueued(proposalId, kind, hash, eta, forWeight);
    }

    function _requiredWeight() private view returns (uint256) {
        // ceil(totalWeight * thresholdBps / 10000): forWeight * 10000 >= totalWeight * thresholdBps.
        return (totalWeight * thresholdBps + THRESHOLD_DENOMINATOR - 1) / THRESHOLD_DENOMINATOR;
    }

    function _tallyForWeight(bytes32 proposalId, bytes32 hash, bytes[] calldata signatures)
        private
        view
        returns (uint256 forWeight)
    {
        bytes32 digest = ballotDigest(proposalId, hash, SUPPORT_FOR);
        address[] memory seen = new address[](signatures.length);
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = _recover(digest, signatures[i], i);
            uint256 weight = _weightOf[signer];
            if (weight == 0) revert NotCommitteeMember(i, signer);
            for (uint256 j = 0; j < i; j++) {
                if (seen[j] == signer) revert DuplicateSigner(i, signer);
            }
            seen[i] = signer;
            forWeight += weight;
        }
    }

    function _recover(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address) {
        if (signature.length != 65) revert InvalidSignatureLength(index, signature.length);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        if (v != 27 && v != 28) revert InvalidSignature(index);
        if (uint256(s) > SECP256K1_HALF_N) revert SignatureHighS(index);
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature(index);
        return signer;
    }

    function _validateCommittee(address[] memory memberList, uint256[] memory weights, uint256 newThresholdBps)
        private
        pure
    {
        if (memberList.length == 0) revert EmptyCommittee();
        if (memberList.length != weights.length) revert CommitteeLengthMismatch(memberList.length, weights.length);
        if (newThresholdBps == 0 || newThresholdBps > THRESHOLD_DENOMINATOR) revert InvalidThreshold(newThresholdBps);
        for (uint256 i = 0; i < memberList.length; i++) {
            if (memberList[i] == address(0)) revert InvalidMember(i, memberList[i]);
            if (weights[i] == 0) revert ZeroWeight(i);
            for (uint256 j = 0; j < i; j++) {
                if (memberList[j] == memberList[i]) revert InvalidMember(i, memberList[i]);
            }
        }
    }

    function _setCommittee(address[] memory memberList, uint256[] memory weights, uint256 newThresholdBps) private {
        _validateCommittee(memberList, weights, newThresholdBps);
        for (uint256 i = 0; i < _members.length; i++) {
            delete _weightOf[_members[i]];
        }
        delete _members;
        uint256 total = 0;
        for (uint256 i = 0; i < memberList.length; i++) {
            _members.push(memberList[i]);
            _weightOf[memberList[i]] = weights[i];
            total += weights[i];
        }
        totalWeight = total;
        thresholdBps = newThresholdBps;
        committeeEpoch += 1;
    }

    function _storeVersion(RiskParameters memory p, bytes memory encoded, bytes32 hash, bytes32 proposalId)
        private
        returns (uint256 version)
    {
        version = currentVersion + 1;
        VersionRecord storage v = _versions[version];
        v.paramsHash = hash;
        v.proposalId = proposalId;
        v.executedAt = uint64(block.timestamp);
        v.encoded = encoded;
        v.correlationUpper = p.correlationUpper;
        for (uint256 i = 0; i < p.assets.length; i++) {
            AssetParams memory a = p.assets[i];
            v.symbols.push(a.symbol);
            _assets[version][a.symbol] = a;
            _assetIndexPlusOne[version][a.symbol] = i + 1;
        }
        currentVersion = version;
        emit ParametersExecuted(version, proposalId, hash);
    }

    function _version(uint256 version) private view returns (VersionRecord storage v) {
        if (version == 0 || version > currentVersion) revert UnknownVersion(version);
        return _versions[version];
    }
}
