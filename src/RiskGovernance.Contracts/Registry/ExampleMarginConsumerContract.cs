using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Contracts.Abi;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>Typed access to ExampleMarginConsumer, a protocol contract margining with the registry's current version.</summary>
public sealed class ExampleMarginConsumerContract
{
    /// <summary>Wraps the consumer at <paramref name="address"/>.</summary>
    public ExampleMarginConsumerContract(EthRpcClient rpc, Address address)
    {
        Rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Address = address;
    }

    /// <summary>
    /// Decoder naming the consumer's own errors and the registry's, which the consumer lets through
    /// (UnknownAsset, UnknownVersion).
    /// </summary>
    public static RevertDecoder Errors { get; } = new(
        ContractArtifact.ExampleMarginConsumer.ErrorSignatures
            .Concat(ContractArtifact.RiskParameterRegistry.ErrorSignatures)
            .Distinct(StringComparer.Ordinal)
            .Select(s => AbiError.Parse(s)));

    /// <summary>The JSON-RPC client used.</summary>
    public EthRpcClient Rpc { get; }

    /// <summary>Consumer address.</summary>
    public Address Address { get; }

    /// <summary>Deploys a consumer reading <paramref name="registry"/>.</summary>
    public static async Task<ExampleMarginConsumerContract> DeployAsync(TransactionSender sender, ITransactionSigner deployer, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var deployed = await new ContractDeployer(sender).DeployAsync(
            deployer, ContractArtifact.ExampleMarginConsumer.Bytecode, AbiValue.Tuple(AbiValue.Address(registry)).Encode(),
            BigInteger.Zero, cancellationToken, revertDecoder: Errors);
        return new ExampleMarginConsumerContract(sender.Rpc, deployed.Address);
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
            AbiValue.Bytes32(Bytes32Field.Encode(symbol, nameof(symbol))),
            AbiValue.Int256(quantity.Raw),
            AbiValue.UInt256(price.Raw));
        var result = await Rpc.CallAsync(new CallRequest(Address, data), BlockParameter.Latest, Errors, cancellationToken);
        return FixedPoint18.FromRaw(new AbiReader(result).UInt256(0));
    }

    /// <summary>The registry version the consumer reads.</summary>
    public async Task<BigInteger> GetParameterVersionAsync(CancellationToken cancellationToken)
    {
        var data = RiskParameterRegistryContract.Selector("parameterVersion()");
        return new AbiReader(await Rpc.CallAsync(new CallRequest(Address, data), BlockParameter.Latest, Errors, cancellationToken)).UInt256(0);
    }
}
