using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.MarginAccounts.Dto;

// MarginAccounts as Nethereum DTOs; MarginAccountsAbiTests checks them against artifacts/MarginAccounts.json.
#pragma warning disable CA1819, CS1591 // DTOs mirror the ABI.

public class MarginAccountsDeployment : ContractDeploymentMessage
{
    public MarginAccountsDeployment()
        : base(ContractArtifact.MarginAccounts.BytecodeHex)
    {
    }

    [Parameter("address", "registry_", 1)] public string Registry { get; set; } = "";
    [Parameter("bytes32", "quoteAsset_", 2)] public byte[] QuoteAsset { get; set; } = new byte[32];
}

[Function("quoteAsset", "bytes32")]
public class QuoteAssetFunction : FunctionMessage
{
}

[Function("PERP", "uint8")]
public class PerpKindFunction : FunctionMessage
{
}

[Function("OPTION", "uint8")]
public class OptionKindFunction : FunctionMessage
{
}

[Function("CALL", "uint8")]
public class CallRightFunction : FunctionMessage
{
}

[Function("PUT", "uint8")]
public class PutRightFunction : FunctionMessage
{
}

[Function("registry", "address")]
public class MarginRegistryFunction : FunctionMessage
{
}

[Function("nextPositionId", "uint256")]
public class NextPositionIdFunction : FunctionMessage
{
}

[Function("deposit")]
public class DepositFunction : FunctionMessage
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
}

[Function("withdraw")]
public class WithdrawFunction : FunctionMessage
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
}

[Function("openPerp", "uint256")]
public class OpenPerpFunction : FunctionMessage
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("int256", "quantity", 2)] public BigInteger Quantity { get; set; }
    [Parameter("uint256", "entryPrice", 3)] public BigInteger EntryPrice { get; set; }
}

[Function("openOption", "uint256")]
public class OpenOptionFunction : FunctionMessage
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint8", "right", 2)] public byte Right { get; set; }
    [Parameter("uint256", "strike", 3)] public BigInteger Strike { get; set; }
    [Parameter("uint64", "expiry", 4)] public ulong Expiry { get; set; }
    [Parameter("int256", "quantity", 5)] public BigInteger Quantity { get; set; }
}

[Function("multicall", "bytes[]")]
public class MulticallFunction : FunctionMessage
{
    [Parameter("bytes[]", "data", 1)] public List<byte[]> Data { get; set; } = [];
}

[Function("close")]
public class ClosePositionFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)] public BigInteger PositionId { get; set; }
}

[Function("collateralOf", "uint256")]
public class CollateralOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 2)] public byte[] Asset { get; set; } = new byte[32];
}

[Function("position", typeof(PositionOutputDto))]
public class PositionFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)] public BigInteger PositionId { get; set; }
}

[FunctionOutput]
public class PositionOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public PositionTuple Position { get; set; } = new();
}

public class PositionTuple
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 2)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint8", "kind", 3)] public byte Kind { get; set; }
    [Parameter("uint8", "right", 4)] public byte Right { get; set; }
    [Parameter("uint64", "expiry", 5)] public ulong Expiry { get; set; }
    [Parameter("int256", "quantity", 6)] public BigInteger Quantity { get; set; }
    [Parameter("uint256", "price", 7)] public BigInteger Price { get; set; }
}

[Event("CollateralDeposited")]
public class CollateralDepositedEventDto : IEventDTO
{
    [Parameter("address", "account", 1, true)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 2, true)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "balance", 4, false)] public BigInteger Balance { get; set; }
    [Parameter("uint256", "parametersVersion", 5, false)] public BigInteger ParametersVersion { get; set; }
}

[Event("CollateralWithdrawn")]
public class CollateralWithdrawnEventDto : IEventDTO
{
    [Parameter("address", "account", 1, true)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 2, true)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "balance", 4, false)] public BigInteger Balance { get; set; }
    [Parameter("uint256", "parametersVersion", 5, false)] public BigInteger ParametersVersion { get; set; }
}

[Event("PerpOpened")]
public class PerpOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)] public BigInteger PositionId { get; set; }
    [Parameter("address", "account", 2, true)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 3, false)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("int256", "quantity", 4, false)] public BigInteger Quantity { get; set; }
    [Parameter("uint256", "entryPrice", 5, false)] public BigInteger EntryPrice { get; set; }
    [Parameter("uint256", "parametersVersion", 6, false)] public BigInteger ParametersVersion { get; set; }
}

[Event("OptionOpened")]
public class OptionOpenedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)] public BigInteger PositionId { get; set; }
    [Parameter("address", "account", 2, true)] public string Account { get; set; } = "";
    [Parameter("bytes32", "asset", 3, false)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint8", "right", 4, false)] public byte Right { get; set; }
    [Parameter("uint256", "strike", 5, false)] public BigInteger Strike { get; set; }
    [Parameter("uint64", "expiry", 6, false)] public ulong Expiry { get; set; }
    [Parameter("int256", "quantity", 7, false)] public BigInteger Quantity { get; set; }
    [Parameter("uint256", "parametersVersion", 8, false)] public BigInteger ParametersVersion { get; set; }
}

[Event("PositionClosed")]
public class PositionClosedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)] public BigInteger PositionId { get; set; }
    [Parameter("address", "account", 2, true)] public string Account { get; set; } = "";
    [Parameter("uint256", "parametersVersion", 3, false)] public BigInteger ParametersVersion { get; set; }
}

[Error("ZeroAddress")]
public class MarginZeroAddressError
{
}

[Error("ZeroAmount")]
public class ZeroAmountError
{
}

[Error("ZeroQuantity")]
public class ZeroQuantityError
{
}

[Error("ZeroPrice")]
public class ZeroPriceError
{
}

[Error("InvalidRight")]
public class InvalidRightError
{
    [Parameter("uint8", "right", 1)] public byte Right { get; set; }
}

[Error("ExpiryNotInFuture")]
public class ExpiryNotInFutureError
{
    [Parameter("uint64", "expiry", 1)] public ulong Expiry { get; set; }
    [Parameter("uint256", "blockTime", 2)] public BigInteger BlockTime { get; set; }
}

[Error("UnknownAsset")]
public class MarginUnknownAssetError
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
}

[Error("InsufficientCollateral")]
public class InsufficientCollateralError
{
    [Parameter("bytes32", "asset", 1)] public byte[] Asset { get; set; } = new byte[32];
    [Parameter("uint256", "balance", 2)] public BigInteger Balance { get; set; }
    [Parameter("uint256", "amount", 3)] public BigInteger Amount { get; set; }
}

[Error("UnknownPosition")]
public class UnknownPositionError
{
    [Parameter("uint256", "positionId", 1)] public BigInteger PositionId { get; set; }
}

[Error("NotPositionOwner")]
public class NotPositionOwnerError
{
    [Parameter("uint256", "positionId", 1)] public BigInteger PositionId { get; set; }
    [Parameter("address", "caller", 2)] public string Caller { get; set; } = "";
}
#pragma warning restore CA1819, CS1591
