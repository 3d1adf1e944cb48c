// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

// The on-chain mirror of params.json (FORMATS.md, "On-chain encoding of a ratified parameter set")
// is declared in IRiskParameterRegistry.sol; the encoded form a proposal carries is
// abi.encode(RiskParameters).

import {RiskParameters, GridParams, SimulationParams, AssetParams} from "./IRiskParameterRegistry.sol";

/// @notice The checks of METHODOLOGY.md section 8 that the chain can make on a parameter set.
/// The PSD check of the correlation matrix is left to the off-chain engine (it needs an
/// eigenvalue decomposition); the committee approves the canonical JSON hash after that check.
library RiskParametersValidation {
    int256 internal constant ONE = 1e18;

    error InvalidParameter(bytes32 field);
    error InvalidAssetParameter(bytes32 symbol, bytes32 field);
    error EmptyAssetList();
    error DuplicateSymbol(bytes32 symbol);
    error CorrelationLengthMismatch(uint256 expected, uint256 actual);
    error CorrelationOutOfRange(uint256 index, int256 value);

    function validate(RiskParameters memory p) internal pure {
        if (p.method != "grid" && p.method != "montecarlo" && p.method != "historical") {
            revert InvalidParameter("method");
        }
        if (p.imMultiplier <= 0) revert InvalidParameter("imMultiplier");
        if (p.mmRatio <= 0 || p.mmRatio > ONE) revert InvalidParameter("mmRatio");
        if (p.liquidationRatio <= 0 || p.liquidationRatio > ONE) revert InvalidParameter("liquidationRatio");
        if (p.shortOptionMinimum < 0) revert InvalidParameter("shortOptionMinimum");
        if (p.correlationStress < 0 || p.correlationStress > ONE) revert InvalidParameter("correlationStress");
        validateGrid(p.grid);
        validateSimulation(p.simulation);
        validateAssets(p.assets, p.grid.extremeMultiple);
        validateCorrelation(p.assets.length, p.correlationUpper);
    }

    function validateGrid(GridParams memory g) private pure {
        if (g.steps < ONE || g.steps % ONE != 0) revert InvalidParameter("grid.steps");
        if (g.extremeMultiple < 0) revert InvalidParameter("grid.extremeMultiple");
        if (g.extremeCoverage < 0 || g.extremeCoverage > ONE) revert InvalidParameter("grid.extremeCoverage");
        if (g.vegaPowerShort < 0) revert InvalidParameter("grid.vegaPowerShort");
        if (g.vegaPowerLong < 0) revert InvalidParameter("grid.vegaPowerLong");
        if (g.dteFloorDays <= 0) revert InvalidParameter("grid.dteFloorDays");
        if (g.volFloor <= 0) revert InvalidParameter("grid.volFloor");
    }

    function validateSimulation(SimulationParams memory s) private pure {
        if (s.measure != "ES" && s.measure != "VaR") revert InvalidParameter("simulation.measure");
        if (s.confidence <= 0 || s.confidence >= ONE) revert InvalidParameter("simulation.confidence");
        if (s.horizonDays < ONE || s.horizonDays % ONE != 0) revert InvalidParameter("simulation.horizonDays");
        if (s.scenarios < 100 * ONE || s.scenarios % ONE != 0) revert InvalidParameter("simulation.scenarios");
        if (s.seed % ONE != 0) revert InvalidParameter("simulation.seed");
        if (s.distribution != "normal" && s.distribution != "student-t") {
            revert InvalidParameter("simulation.distribution");
        }
        if (s.distribution == "student-t" && s.degreesOfFreedom <= 2 * ONE) {
            revert InvalidParameter("simulation.degreesOfFreedom");
        }
        if (s.historyDays < ONE || s.historyDays % ONE != 0) revert InvalidParameter("simulation.historyDays");
    }

    function validateAssets(AssetParams[] memory assets, int256 extremeMultiple) private pure {
        if (assets.length == 0) revert EmptyAssetList();
        for (uint256 i = 0; i < assets.length; i++) {
            AssetParams memory a = assets[i];
            if (a.symbol == bytes32(0)) revert InvalidAssetParameter(a.symbol, "symbol");
            for (uint256 j = 0; j < i; j++) {
                if (assets[j].symbol == a.symbol) revert DuplicateSymbol(a.symbol);
            }
            if (a.scanRange <= 0) revert InvalidAssetParameter(a.symbol, "scanRange");
            // extremeMultiple * scanRange < 1 (no negative scenario prices), compared exactly
            // and without overflow: em * sr < 1e36  <=>  sr <= (1e36 - 1) / em.
            if (extremeMultiple > 0 && a.scanRange > (ONE * ONE - 1) / extremeMultiple) {
                revert InvalidAssetParameter(a.symbol, "scanRange");
            }
            if (a.volUp < 0) revert InvalidAssetParameter(a.symbol, "volUp");
            if (a.volDown < 0) revert InvalidAssetParameter(a.symbol, "volDown");
            if (a.haircut < 0 || a.haircut >= ONE) revert InvalidAssetParameter(a.symbol, "haircut");
        }
    }

    function validateCorrelation(uint256 n, int256[] memory upper) private pure {
        uint256 expected = (n * (n - 1)) / 2;
        if (upper.length != expected) revert CorrelationLengthMismatch(expected, upper.length);
        for (uint256 k = 0; k < upper.length; k++) {
            if (upper[k] < -ONE || upper[k] > ONE) revert CorrelationOutOfRange(k, upper[k]);
        }
    }
}
