// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title The read interface of a price feed, as Chainlink's AggregatorV3Interface declares it.
/// @notice Chainlink feeds, and the adapters of Pyth, RedStone and API3, answer these five calls; the
/// portal's market-data adapter reads any contract that does.
interface AggregatorV3Interface {
    /// @notice Decimals of the answer (8 for most USD pairs, 18 for ETH pairs).
    function decimals() external view returns (uint8);

    /// @notice What the feed prices, for example "ETH / USD".
    function description() external view returns (string memory);

    /// @notice Version of the feed's implementation.
    function version() external view returns (uint256);

    /// @notice A past round; reverts when the round has no data.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The newest round.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
