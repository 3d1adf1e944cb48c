// SPDX-License-Identifier: MIT
// Test contract for the chain layer's integration tests. Compiled with solc 0.8.37
// (evmVersion cancun, optimizer 200 runs); the creation code is in ChainProbeContract.cs.
pragma solidity 0.8.37;

contract ChainProbe {
    error NotAllowed(address caller, uint256 code);

    event Stored(address indexed by, uint256 indexed newValue, string note);

    address public immutable owner;
    uint256 public value;

    constructor(uint256 initial) {
        owner = msg.sender;
        value = initial;
    }

    function store(uint256 newValue, string calldata note) external {
        if (newValue == 13) revert NotAllowed(msg.sender, newValue);
        require(newValue != 7, "seven is not allowed");
        value = newValue;
        emit Stored(msg.sender, newValue, note);
    }

    function divide(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }

    function echo(bytes32[] calldata items, string calldata label) external pure returns (uint256 count, string memory echoed, bytes32 last) {
        count = items.length;
        echoed = label;
        last = items.length == 0 ? bytes32(0) : items[items.length - 1];
    }

    // EIP-1271: a signature is valid when the owner made it over the hash.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
