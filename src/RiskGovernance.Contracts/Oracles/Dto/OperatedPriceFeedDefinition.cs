using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.Oracles.Dto;

// AggregatorV3Interface and OperatedPriceFeed as Nethereum DTOs; OracleAbiTests checks them against artifacts/OperatedPriceFeed.json.
#pragma warning disable CA1819, CS1591 // DTOs mirror the ABI.

public class OperatedPriceFeedDeployment : ContractDeploymentMessage
{
    public OperatedPriceFeedDeployment()
        : base(ContractArtifact.OperatedPriceFeed.BytecodeHex)
    {
    }

    [Parameter("uint8", "decimals_", 1)] public byte Decimals { get; set; }
    [Parameter("string", "description_", 2)] public string Description { get; set; } = "";
}

[Function("decimals", "uint8")]
public class FeedDecimalsFunction : FunctionMessage
{
}

[Function("description", "string")]
public class FeedDescriptionFunction : FunctionMessage
{
}

[Function("version", "uint256")]
public class FeedVersionFunction : FunctionMessage
{
}

[Function("latestRoundData", typeof(RoundDataOutputDto))]
public class LatestRoundDataFunction : FunctionMessage
{
}

[Function("getRoundData", typeof(RoundDataOutputDto))]
public class GetRoundDataFunction : FunctionMessage
{
    [Parameter("uint80", "_roundId", 1)] public BigInteger RoundId { get; set; }
}

[FunctionOutput]
public class RoundDataOutputDto : IFunctionOutputDTO
{
    [Parameter("uint80", "roundId", 1)] public BigInteger RoundId { get; set; }
    [Parameter("int256", "answer", 2)] public BigInteger Answer { get; set; }
    [Parameter("uint256", "startedAt", 3)] public BigInteger StartedAt { get; set; }
    [Parameter("uint256", "updatedAt", 4)] public BigInteger UpdatedAt { get; set; }
    [Parameter("uint80", "answeredInRound", 5)] public BigInteger AnsweredInRound { get; set; }
}

[Function("latestRound", "uint80")]
public class LatestRoundFunction : FunctionMessage
{
}

[Function("owner", "address")]
public class FeedOwnerFunction : FunctionMessage
{
}

[Function("submit", "uint80")]
public class SubmitFunction : FunctionMessage
{
    [Parameter("int256", "answer", 1)] public BigInteger Answer { get; set; }
}

[Function("transferOwnership")]
public class FeedTransferOwnershipFunction : FunctionMessage
{
    [Parameter("address", "newOwner", 1)] public string NewOwner { get; set; } = "";
}

[Event("AnswerUpdated")]
public class AnswerUpdatedEventDto : IEventDTO
{
    [Parameter("int256", "current", 1, true)] public BigInteger Current { get; set; }
    [Parameter("uint256", "roundId", 2, true)] public BigInteger RoundId { get; set; }
    [Parameter("uint256", "updatedAt", 3, false)] public BigInteger UpdatedAt { get; set; }
}

[Event("OwnershipTransferred")]
public class FeedOwnershipTransferredEventDto : IEventDTO
{
    [Parameter("address", "previousOwner", 1, true)] public string PreviousOwner { get; set; } = "";
    [Parameter("address", "newOwner", 2, true)] public string NewOwner { get; set; } = "";
}

[Error("NotOwner")]
public class NotOwnerError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("NoDataPresent")]
public class NoDataPresentError
{
    [Parameter("uint80", "roundId", 1)] public BigInteger RoundId { get; set; }
}

[Error("ZeroAddress")]
public class ZeroAddressError
{
}
#pragma warning restore CA1819, CS1591
