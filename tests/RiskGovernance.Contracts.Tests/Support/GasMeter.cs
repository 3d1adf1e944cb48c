using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Tests.Support;

#pragma warning disable CA1819 // DTOs mirror the ABI.

/// <summary>The constructor of contracts/RegistryGasMeter.sol (no arguments).</summary>
public sealed class RegistryGasMeterDeployment : ContractDeploymentMessage
{
    public RegistryGasMeterDeployment()
        : base(ContractArtifact.RegistryGasMeter.BytecodeHex)
    {
    }
}

/// <summary>measure(address target, bytes data) returns (uint256 gasUsed).</summary>
[Function("measure", "uint256")]
public sealed class MeasureFunction : FunctionMessage
{
    [Parameter("address", "target", 1)] public string Target { get; set; } = "";

    [Parameter("bytes", "data", 2)] public byte[] Data { get; set; } = [];
}

/// <summary>error CallFailed(bytes reason).</summary>
[Error("CallFailed")]
public sealed class CallFailedError
{
    [Parameter("bytes", "reason", 1)] public byte[] Reason { get; set; } = [];
}

#pragma warning restore CA1819

/// <summary>
/// The deployed RegistryGasMeter: the gas a contract pays for one cold call of a view of another
/// contract (the call, its account access and its storage reads), measured on chain.
/// </summary>
public sealed class GasMeter
{
    private readonly ChainClient _chain;

    private GasMeter(ChainClient chain, Address address)
    {
        _chain = chain;
        Address = address;
    }

    public Address Address { get; }

    public static async Task<GasMeter> DeployAsync(TransactionSender sender, SigningKey deployer, CancellationToken cancellationToken)
    {
        var address = await sender.DeployAsync(deployer, new RegistryGasMeterDeployment(), ContractArtifact.RegistryGasMeter.Errors, cancellationToken);
        return new GasMeter(sender.Chain, address);
    }

    /// <summary>The gas <paramref name="target"/> uses to answer the call <paramref name="data"/> (selector and arguments), called from the meter.</summary>
    public async Task<long> MeasureAsync(Address target, byte[] data, CancellationToken cancellationToken)
    {
        var gas = await _chain.Web3.Eth.GetContractQueryHandler<MeasureFunction>()
            .QueryAsync<BigInteger>(Address.ToString(), new MeasureFunction { Target = target.ToString(), Data = data })
            .WaitAsync(cancellationToken);
        return (long)gas;
    }
}
