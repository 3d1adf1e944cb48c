using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Contracts.Abi;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>Typed access to ExampleMarginConsumer, a protocol contract margining with the registry's current version.</summary>
public sealed class ExampleMarginConsumerContract
{
    /// <summary>Wraps the consumer at <paramref name="address"/>.</summary>
    public ExampleMarginConsumerContract(IChainGateway chain, Address address)
    {
        Chain = chain ?? throw new ArgumentNullException(nameof(chain));
        Address = address;
    }

    /// <summary>The gateway used.</summary>
    public IChainGateway Chain { get; }

    /// <summary>Consumer address.</summary>
    public Address Address { get; }

    /// <summary>Deploys a consumer reading <paramref name="registry"/>.</summary>
    public static async Task<ExampleMarginConsumerContract> DeployAsync(IChainGateway chain, EthPrivateKey deployer, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        byte[] data = [.. ContractArtifact.ExampleMarginConsumer.Bytecode, .. AbiValue.Tuple(AbiValue.Address(registry)).Encode()];
        var receipt = await RiskParameterRegistryContract.SendAsync(chain, deployer, null, data, cancellationToken);
        return new ExampleMarginConsumerContract(chain, receipt.ContractAddress
            ?? throw new InvalidOperationException($"deployment {receipt.TransactionHash} has no contract address."));
    }

    /// <summary>
    /// |q| * S * scanRange * max(1, extremeMultiple * extremeCoverage) * imMultiplier, as the contract computes it
    /// (18-decimal fixed point, products truncated left to right).
    /// </summary>
    public async Task<FixedPoint18> InitialMarginAsync(string symbol, FixedPoint18 quantity, FixedPoint18 price, CancellationToken cancellationToken)
    {
        if (price.Raw.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(price), "price must not be negative.");
        }

        var data = AbiValue.EncodeCall(
            RiskParameterRegistryContract.Selector("initialMargin(bytes32,int256,uint256)"),
            AbiValue.Bytes32(Bytes32Text.Encode(symbol, nameof(symbol))),
            AbiValue.Int256(quantity.Raw),
            AbiValue.UInt256(price.Raw));
        byte[] result;
        try
        {
            result = await Chain.CallAsync(null, Address, data, cancellationToken);
        }
        catch (ContractRevertException e) when (e.ErrorName is null)
        {
            // The consumer bubbles up the registry's errors (UnknownAsset, UnknownVersion).
            var registryError = ContractArtifact.RiskParameterRegistry.DecodeRevert(e.RevertData);
            throw registryError.ErrorName is null ? ContractArtifact.ExampleMarginConsumer.DecodeRevert(e.RevertData) : registryError;
        }

        return FixedPoint18.FromRaw(new AbiReader(result).UInt256(0));
    }

    /// <summary>The registry version the consumer reads.</summary>
    public async Task<BigInteger> GetParameterVersionAsync(CancellationToken cancellationToken)
        => new AbiReader(await Chain.CallAsync(null, Address, RiskParameterRegistryContract.Selector("parameterVersion()"), cancellationToken)).UInt256(0);
}
