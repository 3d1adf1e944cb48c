using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace RiskGovernance.Contracts.Registry.Dto;

// ExampleMarginConsumer as Nethereum DTOs; RegistryAbiTests checks them against artifacts/ExampleMarginConsumer.json.
#pragma warning disable CA1819, CS1591 // DTOs mirror the ABI.

public class ExampleMarginConsumerDeployment : ContractDeploymentMessage
{
    public ExampleMarginConsumerDeployment()
        : base(ContractArtifact.ExampleMarginConsumer.BytecodeHex)
    {
    }

    [Parameter("address", "registry_", 1)] public string Registry { get; set; } = "";
}

[Function("initialMargin", "uint256")]
public class InitialMarginFunction : FunctionMessage
{
    [Parameter("bytes32", "symbol", 1)] public byte[] Symbol { get; set; } = new byte[32];
    [Parameter("int256", "quantity", 2)] public BigInteger Quantity { get; set; }
    [Parameter("uint256", "price", 3)] public BigInteger Price { get; set; }
}

[Function("parameterVersion", "uint256")]
public class ParameterVersionFunction : FunctionMessage
{
}

[Error("NegativeParameter")]
public class NegativeParameterError
{
    [Parameter("bytes32", "field", 1)] public byte[] Field { get; set; } = new byte[32];
}
#pragma warning restore CA1819, CS1591
