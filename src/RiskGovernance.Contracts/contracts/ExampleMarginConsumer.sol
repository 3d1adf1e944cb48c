// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IRiskParameterRegistry, AssetParams, GridParams, GlobalParams} from "./IRiskParameterRegistry.sol";

/// @title A protocol contract that margins with the ratified parameters.
/// @notice Shows how an integrator reads the registry through IRiskParameterRegistry (MIT): the
/// initial margin of a single linear position is the grid method's worst loss for one unit,
/// |q| * S * scanRange * max(1, extremeMultiple * extremeCoverage) * imMultiplier,
/// every factor an 18-decimal fixed-point number, products truncated left to right.
contract ExampleMarginConsumer {
    uint256 private constant ONE = 1e18;

    IRiskParameterRegistry public immutable registry;

    error NegativeParameter(bytes32 field);

    constructor(IRiskParameterRegistry registry_) {
        registry = registry_;
    }

    /// @param symbol asset symbol as bytes32 (UTF-8, right padded)
    /// @param quantity signed position size, 18 decimals
    /// @param price mark price, 18 decimals
    /// @return margin initial margin in quote currency, 18 decimals
    function initialMargin(bytes32 symbol, int256 quantity, uint256 price) external view returns (uint256 margin) {
        AssetParams memory asset = registry.assetParameters(symbol);
        GridParams memory grid = registry.gridParameters();
        GlobalParams memory global = registry.globalParameters();

        uint256 extremeFactor = _nonNegative(grid.extremeMultiple, "grid.extremeMultiple")
            * _nonNegative(grid.extremeCoverage, "grid.extremeCoverage") / ONE;
        if (extremeFactor < ONE) extremeFactor = ONE;

        uint256 size = quantity < 0 ? uint256(-quantity) : uint256(quantity);
        margin = size * price / ONE;
        margin = margin * _nonNegative(asset.scanRange, "scanRange") / ONE;
        margin = margin * extremeFactor / ONE;
        margin = margin * _nonNegative(global.imMultiplier, "imMultiplier") / ONE;
    }

    /// @notice The registry version this consumer margins with right now.
    function parameterVersion() external view returns (uint256) {
        return registry.currentVersion();
    }

    function _nonNegative(int256 value, bytes32 field) private pure returns (uint256) {
        if (value < 0) revert NegativeParameter(field);
        return uint256(value);
    }
}
