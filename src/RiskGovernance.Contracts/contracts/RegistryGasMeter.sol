// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title Measures what a contract pays to call a view of another contract.
/// @notice `measure` calls `target` with `data` and returns the gas the call consumed, cold, as a
/// protocol contract reading the registry would pay it (the call itself, its account access and
/// its storage reads). A measuring aid for tests and integrators; it holds no state.
contract RegistryGasMeter {
    error CallFailed(bytes reason);

    function measure(address target, bytes calldata data) external view returns (uint256 gasUsed) {
        uint256 before = gasleft();
        (bool ok, bytes memory result) = target.staticcall(data);
        gasUsed = before - gasleft();
        if (!ok) revert CallFailed(result);
    }
}
