using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Contracts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Contracts.Parameters;

namespace RiskGovernance.Contracts.Registry;

/// <summary>Typed access to ExampleMarginConsumer, a protocol contract margining with the registry's current version.</summary>
public sealed class ExampleMarginConsumerContract
{
    private static readonly AbiFunction InitialMargin = AbiFunction.Parse("initialMargin(bytes32,int256,uint256) returns (uint256)");
    private static readonly AbiFunction ParameterVersion = AbiFunction.Parse("parameterVersion() returns (uint256)");

    private readonly ContractClient _client;

    /// <summary>Wraps the consumer at <paramref name="address"/>.</summary>
    public ExampleMarginConsumerContract(EthRpcClient rpc, Address address)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        Address = address;
        _client = new ContractClient(rpc, address, Errors);
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

    /// <summary>Consumer address.</summary>
    public Address Address { get; }

    /// <summary>Deploys a consumer reading <paramref name="registry"/>.</summary>
    public static async Task<ExampleMarginConsumerContract> DeployAsync(TransactionSender sender, ITransactionSigner deployer, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var deployed = await new ContractDeployer(sender).DeployAsync(
            deployer, ContractArtifact.ExampleMarginConsumer.Bytecode, AbiCodec.Encode("address", registry),
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

        var margin = await _client.CallAsync<BigInteger>(
            InitialMargin, [Bytes32Field.Encode(symbol, nameof(symbol)), quantity.Raw, price.Raw], cancellationToken);
        return FixedPoint18.FromRaw(margin);
    }

    /// <summary>The registry version the consumer reads.</summary>
    public Task<BigInteger> GetParameterVersionAsync(CancellationToken cancellationToken)
        => _client.CallAsync<BigInteger>(ParameterVersion, [], cancellationToken);
}
