using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using RiskGovernance.Contracts.MarginAccounts.Dto;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.Tests.MarginAccounts;

/// <summary>
/// The DTOs of <c>RiskGovernance.Contracts.MarginAccounts.Dto</c> against the committed ABI of
/// MarginAccounts (read with System.Text.Json): each function, event and error has the same name
/// and parameter types as its ABI entry (so the same selector), the constructor the same types, and
/// every ABI entry has its DTO.
/// </summary>
public sealed class MarginAccountsAbiTests
{
    private static readonly Type[] Dtos = [.. typeof(DepositFunction).Assembly.GetTypes().Where(t => t.Namespace == typeof(DepositFunction).Namespace && t.IsPublic)];

    [Fact]
    public void FunctionDtos_AgainstCommittedAbi_SameNamesInputsAndOutputs()
    {
        var fromDtos = Dtos.Where(t => t.IsSubclassOf(typeof(FunctionMessage)))
            .Select(t => (Abi: ABITypedRegistry.GetFunctionABI(t), Attribute: t.GetCustomAttribute<FunctionAttribute>()!))
            .Select(f => Signature(f.Abi.Name, f.Abi.InputParameters) + "->" + string.Join(',', Outputs(f.Abi, f.Attribute).OrderBy(p => p.Order).Select(p => p.Type)));
        var fromAbi = Entries("function").Select(e => Signature(e) + "->" + string.Join(',', e.GetProperty("outputs").EnumerateArray().Select(p => p.GetProperty("type").GetString())));

        Assert.Equal(fromAbi.Order(StringComparer.Ordinal), fromDtos.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EventAndErrorDtos_AgainstCommittedAbi_SameNamesTypesAndIndexedFlags()
    {
        var events = Dtos.Where(t => t.GetCustomAttribute<EventAttribute>() is not null).Select(t => ABITypedRegistry.GetEvent(t))
            .Select(e => e.Name + "(" + string.Join(',', e.InputParameters.OrderBy(p => p.Order).Select(p => p.Type + (p.Indexed ? " indexed" : ""))) + ")");
        var abiEvents = Entries("event").Select(e => e.GetProperty("name").GetString() + "("
            + string.Join(',', e.GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString() + (p.GetProperty("indexed").GetBoolean() ? " indexed" : ""))) + ")");
        var errors = Dtos.Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null).Select(t => ABITypedRegistry.GetError(t)).Select(e => Signature(e.Name, e.InputParameters));

        Assert.Equal(abiEvents.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
        Assert.Equal(Entries("error").Select(Signature).Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
        Assert.Equal(Entries("error").Select(Signature).Order(StringComparer.Ordinal), ContractArtifact.MarginAccounts.Errors.ErrorSignatures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeploymentDto_AgainstCommittedAbi_SameConstructorTypesAndBytecode()
    {
        var parameters = new AttributesToABIExtractor().ExtractParametersFromAttributes(typeof(MarginAccountsDeployment));

        Assert.Equal(["address", "bytes32"], parameters.OrderBy(p => p.Order).Select(p => p.Type));
        Assert.Equal(Entries("constructor").Single().GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString()), parameters.OrderBy(p => p.Order).Select(p => p.Type));
        Assert.Equal(ContractArtifact.MarginAccounts.BytecodeHex, new MarginAccountsDeployment().ByteCode);
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

    private static List<JsonElement> Entries(string kind)
    {
        using var abi = JsonDocument.Parse(ContractArtifact.MarginAccounts.AbiJson);
        return [.. abi.RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == kind).Select(e => e.Clone())];
    }
}
