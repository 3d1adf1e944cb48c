using System.Numerics;
using Nethereum.Contracts.ContractHandlers;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Registry;

/// <summary>Typed access to ExampleMarginConsumer, a protocol contract margining with the registry's current version.</summary>
public sealed class ExampleMarginConsumerService
{
    private readonly ContractHandler _handler;

    /// <summary>Wraps the consumer at <paramref name="address"/>.</summary>
    public ExampleMarginConsumerService(ChainClient chain, Address address)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Address = address;
        _handler = chain.Web3.Eth.GetContractHandler(address.ToString());
    }

    /// <summary>Names the consumer's own errors and the registry's, which the consumer lets through (UnknownAsset, UnknownVersion).</summary>
    public static RevertDecoder Errors { get; } = new(MergedAbi());

    /// <summary>Consumer address.</summary>
    public Address Address { get; }

    /// <summary>Deploys a consumer reading <paramref name="registry"/>.</summary>
    public static async Task<ExampleMarginConsumerService> DeployAsync(TransactionSender sender, SigningKey deployer, Address registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var address = await sender.DeployAsync(deployer, new ExampleMarginConsumerDeployment { Registry = registry.ToString() }, Errors, cancellationToken).ConfigureAwait(false);
        return new ExampleMarginConsumerService(sender.Chain, address);
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

        try
        {
            var margin = await _handler.QueryAsync<InitialMarginFunction, BigInteger>(
                new InitialMarginFunction { Symbol = Bytes32Field.Encode(symbol, nameof(symbol)), Quantity = quantity.Raw, Price = price.Raw }).WaitAsync(cancellationToken).ConfigureAwait(false);
            return FixedPoint18.FromRaw(margin);
        }
        catch (Exception ex) when (ex is not ContractRevertException && Errors.TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }

    /// <summary>The registry version the consumer reads.</summary>
    public async Task<long> GetParameterVersionAsync(CancellationToken cancellationToken)
        => (long)await _handler.QueryAsync<ParameterVersionFunction, BigInteger>(new ParameterVersionFunction()).WaitAsync(cancellationToken).ConfigureAwait(false);

    private static string MergedAbi()
    {
        var consumer = System.Text.Json.Nodes.JsonNode.Parse(ContractArtifact.ExampleMarginConsumer.AbiJson)!.AsArray();
        var registry = System.Text.Json.Nodes.JsonNode.Parse(ContractArtifact.RiskParameterRegistry.AbiJson)!.AsArray();
        var names = consumer.Where(e => (string?)e!["type"] == "error").Select(e => (string?)e!["name"]).ToHashSet();
        foreach (var error in registry.Where(e => (string?)e!["type"] == "error" && !names.Contains((string?)e!["name"])).ToList())
        {
            consumer.Add(error!.DeepClone());
        }

        return consumer.ToJsonString();
    }
}
