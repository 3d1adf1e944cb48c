// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title A price feed that one operator updates, read through AggregatorV3Interface.
/// @notice Each submit opens and completes a round at the block's time: rounds are numbered from 1,
/// and every round answers in itself (answeredInRound == roundId). The feed stores any answer,
/// zero and negative ones included: judging a round (stale, non-positive, an outlier) is the
/// reader's work, as it is for a Chainlink feed.
contract OperatedPriceFeed is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    uint8 private immutable _decimals;
    string private _description;

    /// @notice The account allowed to submit answers.
    address public owner;

    /// @notice The newest round's id (0 before the first submit).
    uint80 public latestRound;

    mapping(uint80 => Round) private _rounds;

    /// @notice A round was completed with `current` at `updatedAt`.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice The operator changed.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error ZeroAddress();
    error NoDataPresent(uint80 roundId);

    constructor(uint8 decimals_, string memory description_) {
        _decimals = decimals_;
        _description = description_;
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Records `answer` as a new round at the block's time.
    /// @return roundId the new round's id
    function submit(int256 answer) external onlyOwner returns (uint80 roundId) {
        roundId = latestRound + 1;
        latestRound = roundId;
        uint64 time = uint64(block.timestamp);
        _rounds[roundId] = Round(answer, time, time);
        emit AnswerUpdated(answer, roundId, time);
    }

    /// @notice Hands the feed to another operator.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _round(_roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _round(latestRound);
    }

    function _round(uint80 id)
        private
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[id];
        if (r.updatedAt == 0) revert NoDataPresent(id);
        return (id, r.answer, r.startedAt, r.updatedAt, id);
    }
}
