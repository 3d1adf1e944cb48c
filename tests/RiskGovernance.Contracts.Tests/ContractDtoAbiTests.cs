using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// The DTOs of the price feed (<c>Oracles.Dto</c>) and of the margin accounts (<c>MarginAccounts.Dto</c>)
/// against their committed ABIs (read with System.Text.Json): each function, event and error has the
/// same name and parameter types as its ABI entry (so the same selector), the constructor the same
/// types, and every ABI entry has its DTO.
/// </summary>
public sealed class ContractDtoAbiTests
{
    /// <summary>The contracts: name, a DTO of their namespace, the deployment DTO and the constructor's types.</summary>
    public static TheoryData<string, Type, Type, string[]> Contracts => new()
    {
        { "OperatedPriceFeed", typeof(RiskGovernance.Contracts.Oracles.Dto.SubmitFunction), typeof(RiskGovernance.Contracts.Oracles.Dto.OperatedPriceFeedDeployment), ["uint8", "string"] },
        { "MarginAccounts", typeof(RiskGovernance.Contracts.MarginAccounts.Dto.DepositFunction), typeof(RiskGovernance.Contracts.MarginAccounts.Dto.MarginAccountsDeployment), ["address", "bytes32"] },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void FunctionDtos_AgainstCommittedAbi_SameNamesInputsAndOutputs(string contract, Type dto, Type deployment, string[] constructor)
    {
        _ = (deployment, constructor);
        var fromDtos = Dtos(dto).Where(t => t.IsSubclassOf(typeof(FunctionMessage)))
            .Select(t => (Abi: ABITypedRegistry.GetFunctionABI(t), Attribute: t.GetCustomAttribute<FunctionAttribute>()!))
            .Select(f => Signature(f.Abi.Name, f.Abi.InputParameters) + "->" + string.Join(',', Outputs(f.Abi, f.Attribute).OrderBy(p => p.Order).Select(p => p.Type)));
        var fromAbi = Entries(contract, "function").Select(e => Signature(e) + "->" + string.Join(',', e.GetProperty("outputs").EnumerateArray().Select(p => p.GetProperty("type").GetString())));

        Assert.Equal(fromAbi.Order(StringComparer.Ordinal), fromDtos.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void EventAndErrorDtos_AgainstCommittedAbi_SameNamesTypesAndIndexedFlags(string contract, Type dto, Type deployment, string[] constructor)
    {
        _ = (deployment, constructor);
        var events = Dtos(dto).Where(t => t.GetCustomAttribute<EventAttribute>() is not null).Select(t => ABITypedRegistry.GetEvent(t))
            .Select(e => e.Name + "(" + string.Join(',', e.InputParameters.OrderBy(p => p.Order).Select(p => p.Type + (p.Indexed ? " indexed" : ""))) + ")");
        var abiEvents = Entries(contract, "event").Select(e => e.GetProperty("name").GetString() + "("
            + string.Join(',', e.GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString() + (p.GetProperty("indexed").GetBoolean() ? " indexed" : ""))) + ")");
        var errors = Dtos(dto).Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null).Select(t => ABITypedRegistry.GetError(t)).Select(e => Signature(e.Name, e.InputParameters));

        Assert.Equal(abiEvents.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
        Assert.Equal(Entries(contract, "error").Select(Signature).Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
        Assert.Equal(Entries(contract, "error").Select(Signature).Order(StringComparer.Ordinal), Artifact(contract).Errors.ErrorSignatures.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void DeploymentDto_AgainstCommittedAbi_SameConstructorTypesAndBytecode(string contract, Type dto, Type deployment, string[] constructor)
    {
        _ = dto;
        var parameters = new AttributesToABIExtractor().ExtractParametersFromAttributes(deployment);

        Assert.Equal(constructor, parameters.OrderBy(p => p.Order).Select(p => p.Type));
        Assert.Equal(Entries(contract, "constructor").Single().GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString()), parameters.OrderBy(p => p.Order).Select(p => p.Type));
        Assert.Equal(Artifact(contract).BytecodeHex, ((ContractDeploymentMessage)Activator.CreateInstance(deployment)!).ByteCode);
    }

    /// <summary>A function's outputs: from [Function(name, "type")] or from the attributes of [Function(name, typeof(OutputDto))].</summary>
    private static IEnumerable<Parameter> Outputs(FunctionABI function, FunctionAttribute attribute)
        => function.OutputParameters
           ?? (attribute.DTOReturnType is { } dto ? new AttributesToABIExtractor().ExtractParametersFromAttributes(dto)
               : attribute.ReturnType is { } single ? [new Parameter(single, 1)]
               : []);

    private static string Signature(string name, IEnumerable<Parameter> inputs) => $"{name}({string.Join(',', inputs.OrderBy(p => p.Order).Select(p => p.Type))})";

    private static string Signature(JsonElement entry)
        => $"{entry.GetProperty("name").GetString()}({string.Join(',', entry.GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString()))})";

    private static Type[] Dtos(Type member) => [.. member.Assembly.GetTypes().Where(t => t.Namespace == member.Namespace && t.IsPublic)];

    private static ContractArtifact Artifact(string contract) => contract switch
    {
        "OperatedPriceFeed" => ContractArtifact.OperatedPriceFeed,
        "MarginAccounts" => ContractArtifact.MarginAccounts,
        _ => throw new ArgumentOutOfRangeException(nameof(contract), contract, "no such artifact"),
    };

    private static List<JsonElement> Entries(string contract, string kind)
    {
        using var abi = JsonDocument.Parse(Artifact(contract).AbiJson);
        return [.. abi.RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == kind).Select(e => e.Clone())];
    }
}
