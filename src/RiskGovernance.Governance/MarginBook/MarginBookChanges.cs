using System.Numerics;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.MarginBook;

/// <summary>A block the margin-book indexer has seen: its number and hash (how a reorg is detected).</summary>
/// <param name="Number">Block number.</param>
/// <param name="Hash">Block hash.</param>
public sealed record IndexedBlock(long Number, Hash32 Hash);

/// <summary>The kind of an open position.</summary>
public enum MarginPositionKind
{
    /// <summary>A perpetual: quantity at an entry price.</summary>
    Perp = 0,

    /// <summary>A European cash-settled option: right, strike, expiry, quantity.</summary>
    Option = 1,
}

/// <summary>
/// One change of the margin-account contract, as its log says it. Amounts, quantities and prices are
/// the contract's raw integers with 18 decimals (1.0 = 10^18).
/// </summary>
/// <param name="Block">The block that holds the log.</param>
/// <param name="LogIndex">The log's index in its block.</param>
public abstract record MarginBookChange(IndexedBlock Block, long LogIndex);

/// <summary>A deposit or withdrawal: <paramref name="Balance"/> is the account's balance of the asset after it.</summary>
/// <param name="Block">The block that holds the log.</param>
/// <param name="LogIndex">The log's index in its block.</param>
/// <param name="Account">The account.</param>
/// <param name="Asset">The collateral asset's symbol.</param>
/// <param name="Amount">Deposited (positive) or withdrawn (negative) amount, 18 decimals.</param>
/// <param name="Balance">The balance after the change, 18 decimals.</param>
public sealed record CollateralChange(IndexedBlock Block, long LogIndex, Address Account, string Asset, BigInteger Amount, BigInteger Balance)
    : MarginBookChange(Block, LogIndex);

/// <summary>A position opened.</summary>
/// <param name="Block">The block that holds the log.</param>
/// <param name="LogIndex">The log's index in its block.</param>
/// <param name="Position">The position.</param>
public sealed record PositionOpened(IndexedBlock Block, long LogIndex, MarginPosition Position) : MarginBookChange(Block, LogIndex);

/// <summary>A position closed.</summary>
/// <param name="Block">The block that holds the log.</param>
/// <param name="LogIndex">The log's index in its block.</param>
/// <param name="PositionId">The closed position's id.</param>
public sealed record PositionClosed(IndexedBlock Block, long LogIndex, long PositionId) : MarginBookChange(Block, LogIndex);

/// <summary>An open position of the margin-account contract (raw 18-decimal integers).</summary>
/// <param name="Id">The contract's position id.</param>
/// <param name="Account">The owner.</param>
/// <param name="Asset">The underlying's symbol.</param>
/// <param name="Kind">Perp or option.</param>
/// <param name="Right">The option's right (null for a perp).</param>
/// <param name="Quantity">Signed quantity (+ long, - short), 18 decimals.</param>
/// <param name="Price">Entry price (perp) or strike (option), 18 decimals.</param>
/// <param name="Expiry">The option's expiry (null for a perp).</param>
public sealed record MarginPosition(
    long Id, Address Account, string Asset, MarginPositionKind Kind, Engine.Model.OptionRight? Right, BigInteger Quantity, BigInteger Price, DateTimeOffset? Expiry);

/// <summary>A collateral balance (raw 18-decimal integer).</summary>
/// <param name="Account">The account.</param>
/// <param name="Asset">The asset's symbol.</param>
/// <param name="Balance">The balance, 18 decimals.</param>
public sealed record MarginCollateral(Address Account, string Asset, BigInteger Balance);
