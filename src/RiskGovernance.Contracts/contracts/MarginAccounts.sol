// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IRiskParameterRegistry, AssetParams} from "./IRiskParameterRegistry.sol";

/// @title The demo protocol's margin accounts: collateral, perps and European options, as events.
/// @notice A reference contract, not a trading venue. It keeps an accounting ledger only:
/// - collateral is an amount per asset symbol that the account declares (no ERC-20 moves);
/// - a position is recorded as the account declares it (no matching, no counterparty, no price
///   check, no settlement), and closing it removes it without a profit or loss;
/// - it enforces no margin: the portal margins the book (rebuilt from these events) off chain.
/// What it does read from the registry: an asset may be deposited, or a position opened on it, only
/// when the registry's current ratified version lists it (else UnknownAsset), and every event
/// carries the registry version in force. The one exception is the quote asset fixed at deployment
/// (a stablecoin such as USDC, which the margin engine treats as riskless and the registry does not
/// list): it may always be deposited, and no position may be opened on it unless the registry lists it. Withdrawals never depend on the registry (an asset
/// dropped from a later version can still be taken out).
/// Numbers: amounts, quantities, prices and strikes have 18 decimals (1.0 = 1e18); asset symbols
/// are the bytes32 of their UTF-8, right padded (as in the registry); expiries are Unix seconds.
/// Every change emits one event that carries everything needed to rebuild the book from logs.
contract MarginAccounts {
    uint8 public constant PERP = 0;
    uint8 public constant OPTION = 1;
    uint8 public constant CALL = 0;
    uint8 public constant PUT = 1;

    struct Position {
        address account;
        bytes32 asset;
        uint8 kind; // PERP or OPTION
        uint8 right; // CALL or PUT (options)
        uint64 expiry; // Unix seconds (options)
        int256 quantity; // + long, - short
        uint256 price; // entry price (perp) or strike (option)
    }

    /// @notice Where the ratified parameters are read.
    IRiskParameterRegistry public immutable registry;

    /// @notice The stablecoin collateral accepted without a registry listing (bytes32(0): none).
    bytes32 public immutable quoteAsset;

    /// @notice The id the next opened position gets (ids start at 1).
    uint256 public nextPositionId = 1;

    mapping(address => mapping(bytes32 => uint256)) private _collateral;
    mapping(uint256 => Position) private _positions;

    /// @notice `account` deposited `amount` of `asset`; its balance is now `balance`.
    event CollateralDeposited(address indexed account, bytes32 indexed asset, uint256 amount, uint256 balance, uint256 parametersVersion);
    /// @notice `account` withdrew `amount` of `asset`; its balance is now `balance`.
    event CollateralWithdrawn(address indexed account, bytes32 indexed asset, uint256 amount, uint256 balance, uint256 parametersVersion);
    /// @notice `account` opened perp `positionId`: `quantity` of `asset` at `entryPrice`.
    event PerpOpened(uint256 indexed positionId, address indexed account, bytes32 asset, int256 quantity, uint256 entryPrice, uint256 parametersVersion);
    /// @notice `account` opened European option `positionId` (`right`: 0 call, 1 put).
    event OptionOpened(
        uint256 indexed positionId,
        address indexed account,
        bytes32 asset,
        uint8 right,
        uint256 strike,
        uint64 expiry,
        int256 quantity,
        uint256 parametersVersion
    );
    /// @notice `account` closed position `positionId`.
    event PositionClosed(uint256 indexed positionId, address indexed account, uint256 parametersVersion);

    error ZeroAddress();
    error ZeroAmount();
    error ZeroQuantity();
    error ZeroPrice();
    error InvalidRight(uint8 right);
    error ExpiryNotInFuture(uint64 expiry, uint256 blockTime);
    error UnknownAsset(bytes32 asset);
    error InsufficientCollateral(bytes32 asset, uint256 balance, uint256 amount);
    error UnknownPosition(uint256 positionId);
    error NotPositionOwner(uint256 positionId, address caller);

    constructor(IRiskParameterRegistry registry_, bytes32 quoteAsset_) {
        if (address(registry_) == address(0)) revert ZeroAddress();
        registry = registry_;
        quoteAsset = quoteAsset_;
    }

    /// @notice Adds `amount` of the quote asset, or of a ratified `asset`, to the caller's collateral.
    function deposit(bytes32 asset, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 version = asset != bytes32(0) && asset == quoteAsset ? registry.currentVersion() : _ratified(asset);
        uint256 balance = _collateral[msg.sender][asset] + amount;
        _collateral[msg.sender][asset] = balance;
        emit CollateralDeposited(msg.sender, asset, amount, balance, version);
    }

    /// @notice Takes `amount` of `asset` out of the caller's collateral.
    function withdraw(bytes32 asset, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 held = _collateral[msg.sender][asset];
        if (held < amount) revert InsufficientCollateral(asset, held, amount);
        uint256 balance = held - amount;
        _collateral[msg.sender][asset] = balance;
        emit CollateralWithdrawn(msg.sender, asset, amount, balance, registry.currentVersion());
    }

    /// @notice Records a perp of the caller on a ratified `asset`.
    /// @return positionId the new position's id
    function openPerp(bytes32 asset, int256 quantity, uint256 entryPrice) external returns (uint256 positionId) {
        if (quantity == 0) revert ZeroQuantity();
        if (entryPrice == 0) revert ZeroPrice();
        uint256 version = _ratified(asset);
        positionId = nextPositionId++;
        _positions[positionId] = Position(msg.sender, asset, PERP, 0, 0, quantity, entryPrice);
        emit PerpOpened(positionId, msg.sender, asset, quantity, entryPrice, version);
    }

    /// @notice Records a European cash-settled option of the caller on a ratified `asset`.
    /// @return positionId the new position's id
    function openOption(bytes32 asset, uint8 right, uint256 strike, uint64 expiry, int256 quantity) external returns (uint256 positionId) {
        if (quantity == 0) revert ZeroQuantity();
        if (strike == 0) revert ZeroPrice();
        if (right > PUT) revert InvalidRight(right);
        if (expiry <= block.timestamp) revert ExpiryNotInFuture(expiry, block.timestamp);
        uint256 version = _ratified(asset);
        positionId = nextPositionId++;
        _positions[positionId] = Position(msg.sender, asset, OPTION, right, expiry, quantity, strike);
        emit OptionOpened(positionId, msg.sender, asset, right, strike, expiry, quantity, version);
    }

    /// @notice Removes the caller's open position `positionId`.
    function close(uint256 positionId) external {
        address account = _positions[positionId].account;
        if (account == address(0)) revert UnknownPosition(positionId);
        if (account != msg.sender) revert NotPositionOwner(positionId, msg.sender);
        delete _positions[positionId];
        emit PositionClosed(positionId, msg.sender, registry.currentVersion());
    }

    /// @notice Runs several of this contract's calls in one transaction, in order, as the caller (OpenZeppelin's
    /// Multicall: each call is a delegatecall to this contract, so msg.sender is kept). An account can open with its
    /// collateral and its positions at once. Any failing call reverts the whole transaction with that call's error.
    /// @return results each call's return data
    function multicall(bytes[] calldata data) external returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i = 0; i < data.length; i++) {
            (bool ok, bytes memory result) = address(this).delegatecall(data[i]);
            if (!ok) {
                assembly {
                    revert(add(result, 32), mload(result))
                }
            }
            results[i] = result;
        }
    }

    /// @notice The collateral `account` holds in `asset`.
    function collateralOf(address account, bytes32 asset) external view returns (uint256) {
        return _collateral[account][asset];
    }

    /// @notice An open position (account zero when unknown or closed).
    function position(uint256 positionId) external view returns (Position memory) {
        return _positions[positionId];
    }

    /// @dev The current registry version, when it lists `asset`.
    function _ratified(bytes32 asset) private view returns (uint256 version) {
        version = registry.currentVersion();
        try registry.assetParameters(asset) returns (AssetParams memory p) {
            if (p.symbol != asset) revert UnknownAsset(asset);
        } catch {
            revert UnknownAsset(asset);
        }
    }
}
