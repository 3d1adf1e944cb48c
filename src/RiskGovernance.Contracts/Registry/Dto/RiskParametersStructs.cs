using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace RiskGovernance.Contracts.Registry.Dto;

// The Solidity structs of contracts/RiskParameters.sol as Nethereum tuple DTOs.
#pragma warning disable CA1819, CA2227, CS1591 // DTOs mirror the ABI: byte arrays and settable lists are what Nethereum binds.

/// <summary>struct GridParams.</summary>
public class GridParamsDto
{
    [Parameter("int256", "steps", 1)] public BigInteger Steps { get; set; }
    [Parameter("int256", "extremeMultiple", 2)] public BigInteger ExtremeMultiple { get; set; }
    [Parameter("int256", "extremeCoverage", 3)] public BigInteger ExtremeCoverage { get; set; }
    [Parameter("int256", "vegaPowerShort", 4)] public BigInteger VegaPowerShort { get; set; }
    [Parameter("int256", "vegaPowerLong", 5)] public BigInteger VegaPowerLong { get; set; }
    [Parameter("int256", "dteFloorDays", 6)] public BigInteger DteFloorDays { get; set; }
    [Parameter("int256", "volFloor", 7)] public BigInteger VolFloor { get; set; }
}

/// <summary>struct SimulationParams.</summary>
public class SimulationParamsDto
{
    [Parameter("bytes32", "measure", 1)] public byte[] Measure { get; set; } = new byte[32];
    [Parameter("int256", "confidence", 2)] public BigInteger Confidence { get; set; }
    [Parameter("int256", "horizonDays", 3)] public BigInteger HorizonDays { get; set; }
    [Parameter("int256", "scenarios", 4)] public BigInteger Scenarios { get; set; }
    [Parameter("int256", "seed", 5)] public BigInteger Seed { get; set; }
    [Parameter("bytes32", "distribution", 6)] public byte[] Distribution { get; set; } = new byte[32];
    [Parameter("int256", "degreesOfFreedom", 7)] public BigInteger DegreesOfFreedom { get; set; }
    [Parameter("int256", "historyDays", 8)] public BigInteger HistoryDays { get; set; }
}

/// <summary>struct AssetParams.</summary>
public class AssetParamsDto
{
    [Parameter("bytes32", "symbol", 1)] public byte[] Symbol { get; set; } = new byte[32];
    [Parameter("int256", "scanRange", 2)] public BigInteger ScanRange { get; set; }
    [Parameter("int256", "volUp", 3)] public BigInteger VolUp { get; set; }
    [Parameter("int256", "volDown", 4)] public BigInteger VolDown { get; set; }
    [Parameter("int256", "haircut", 5)] public BigInteger Haircut { get; set; }
}

/// <summary>struct RiskParameters.</summary>
public class RiskParametersDto
{
    [Parameter("bytes32", "method", 1)] public byte[] Method { get; set; } = new byte[32];
    [Parameter("int256", "imMultiplier", 2)] public BigInteger ImMultiplier { get; set; }
    [Parameter("int256", "mmRatio", 3)] public BigInteger MmRatio { get; set; }
    [Parameter("int256", "liquidationRatio", 4)] public BigInteger LiquidationRatio { get; set; }
    [Parameter("int256", "shortOptionMinimum", 5)] public BigInteger ShortOptionMinimum { get; set; }
    [Parameter("int256", "correlationStress", 6)] public BigInteger CorrelationStress { get; set; }
    [Parameter("tuple", "grid", 7)] public GridParamsDto Grid { get; set; } = new();
    [Parameter("tuple", "simulation", 8)] public SimulationParamsDto Simulation { get; set; } = new();
    [Parameter("tuple[]", "assets", 9)] public List<AssetParamsDto> Assets { get; set; } = [];
    [Parameter("int256[]", "correlationUpper", 10)] public List<BigInteger> CorrelationUpper { get; set; } = [];
}

/// <summary>abi.encode(RiskParameters): the struct as the single parameter of an encoding.</summary>
public class EncodedRiskParametersDto
{
    [Parameter("tuple", "parameters", 1)] public RiskParametersDto Parameters { get; set; } = new();
}
#pragma warning restore CA1819, CA2227, CS1591
