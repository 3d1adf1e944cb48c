using System.Reflection;
using System.Text.Json;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Registry.Dto;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// Every Nethereum DTO of <c>RiskGovernance.Contracts.Registry.Dto</c> (found by reflection) against the
/// committed ABI of its contract: the ABI Nethereum derives from the DTO's attributes must name an
/// entry of the artifact with the same name, the same input types (tuples expanded to their
/// components), the same output types and the same indexed flags, and the same selector. The artifact
/// is read with System.Text.Json, independently of Nethereum's ABI reader.
/// </summary>
public sealed class RegistryAbiTests
{
    private const string DtoNamespace = "RiskGovernance.Contracts.Registry.Dto";

    /// <summary>The DTOs of ExampleMarginConsumer; every other DTO of the namespace is the registry's.</summary>
    private static readonly HashSet<Type> ConsumerDtos =
        [typeof(ExampleMarginConsumerDeployment), typeof(InitialMarginFunction), typeof(ParameterVersionFunction), typeof(NegativeParameterError)];

    public static TheoryData<string> FunctionDtos() => Names(t => t.IsSubclassOf(typeof(FunctionMessage)));

    public static TheoryData<string> EventDtos() => Names(t => t.GetCustomAttribute<EventAttribute>() is not null);

    public static TheoryData<string> ErrorDtos() => Names(t => t.GetCustomAttribute<ErrorAttribute>() is not null);

    public static TheoryData<string> DeploymentDtos() => Names(t => t.IsSubclassOf(typeof(ContractDeploymentMessage)));

    [Fact]
    public void Discovery_DtoNamespace_FindsEveryKindForBothContracts()
    {
        var all = DtoTypes().ToList();

        Assert.Equal(4, ConsumerDtos.Count(all.Contains));
        Assert.True(all.Count(t => t.IsSubclassOf(typeof(FunctionMessage)) && !ConsumerDtos.Contains(t)) >= 19);
        Assert.Equal(4, all.Count(t => t.GetCustomAttribute<EventAttribute>() is not null));
        Assert.True(all.Count(t => t.GetCustomAttribute<ErrorAttribute>() is not null && !ConsumerDtos.Contains(t)) >= 10);
        Assert.Equal(2, all.Count(t => t.IsSubclassOf(typeof(ContractDeploymentMessage))));
    }

    [Theory]
    [MemberData(nameof(FunctionDtos))]
    public void FunctionDto_AgainstCommittedAbi_SameNameInputsOutputsAndSelector(string dtoName)
    {
        var type = Dto(dtoName);
        Assert.True(type.GetCustomAttribute<FunctionAttribute>() is not null, $"{type.Name} is a FunctionMessage without [Function].");
        var dto = ABITypedRegistry.GetFunctionABI(type);
        var inputs = Types(dto.InputParameters, type.Name);
        var outputs = Types(dto.OutputParameters, type.Name);

        var candidates = Entries(type, "function").Where(e => Name(e) == dto.Name).ToList();
        Assert.True(candidates.Count > 0, $"{type.Name}: the artifact has no function '{dto.Name}'.");
        var entry = candidates.FirstOrDefault(e => Types(e, "inputs").SequenceEqual(inputs));
        Assert.True(entry.ValueKind == JsonValueKind.Object,
            $"{type.Name}: {dto.Name}({string.Join(",", inputs)}) is not in the artifact, which has {string.Join(" ", candidates.Select(c => $"{dto.Name}({string.Join(",", Types(c, "inputs"))})"))}.");
        Assert.Equal(Types(entry, "outputs"), outputs);
        Assert.Equal(Selector(dto.Name, inputs, 4), dto.Sha3Signature);
    }

    [Theory]
    [MemberData(nameof(EventDtos))]
    public void EventDto_AgainstCommittedAbi_SameNameTypesIndexedFlagsAndTopic(string dtoName)
    {
        var type = Dto(dtoName);
        var dto = ABITypedRegistry.GetEvent(type);
        var inputs = Types(dto.InputParameters, type.Name);

        var entry = Assert.Single(Entries(type, "event"), e => Name(e) == dto.Name);
        Assert.Equal(Types(entry, "inputs"), inputs);
        Assert.Equal(
            entry.GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("indexed").GetBoolean()),
            dto.InputParameters.OrderBy(p => p.Order).Select(p => p.Indexed));
        Assert.False(entry.GetProperty("anonymous").GetBoolean());
        Assert.False(dto.IsAnonymous);
        Assert.Equal(Selector(dto.Name, inputs, 32), dto.Sha3Signature);
    }

    [Theory]
    [MemberData(nameof(ErrorDtos))]
    public void ErrorDto_AgainstCommittedAbi_SameNameTypesAndSelector(string dtoName)
    {
        var type = Dto(dtoName);
        var dto = ABITypedRegistry.GetError(type);
        var inputs = Types(dto.InputParameters, type.Name);

        var entry = Assert.Single(Entries(type, "error"), e => Name(e) == dto.Name);
        Assert.Equal(Types(entry, "inputs"), inputs);
        Assert.Equal(Selector(dto.Name, inputs, 4), dto.Sha3Signature);
    }

    [Theory]
    [MemberData(nameof(DeploymentDtos))]
    public void DeploymentDto_AgainstCommittedAbi_SameConstructorTypesAndBytecode(string dtoName)
    {
        var type = Dto(dtoName);
        var parameters = new AttributesToABIExtractor().ExtractParametersFromAttributes(type);
        var deployment = (ContractDeploymentMessage)Activator.CreateInstance(type)!;

        var constructor = Assert.Single(Entries(type, "constructor"));
        Assert.Equal(Types(constructor, "inputs"), Types(parameters, type.Name));
        Assert.Equal(Artifact(type).BytecodeHex, deployment.ByteCode);
    }

    /// <summary>The tuple DTO that RiskParametersAbi encodes is the struct the registry's parameters(version) returns.</summary>
    [Fact]
    public void EncodedRiskParametersDto_AgainstParametersOutput_SameStructType()
    {
        var encoded = new AttributesToABIExtractor().ExtractParametersFromAttributes(typeof(EncodedRiskParametersDto));
        var parameters = Assert.Single(Entries(typeof(ParametersFunction), "function"), e => Name(e) == "parameters");

        Assert.Equal(Types(parameters, "outputs"), Types(encoded, nameof(EncodedRiskParametersDto)));
    }

    // ------------------------------------------------------------------ the DTO side (Nethereum)

    private static IEnumerable<Type> DtoTypes()
        => typeof(ContractArtifact).Assembly.GetTypes().Where(t => t.Namespace == DtoNamespace && t.IsClass && !t.IsAbstract && t.IsPublic);

    private static TheoryData<string> Names(Func<Type, bool> kind)
    {
        var data = new TheoryData<string>();
        foreach (var type in DtoTypes().Where(kind).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type.Name);
        }

        return data;
    }

    private static Type Dto(string name)
        => typeof(ContractArtifact).Assembly.GetType($"{DtoNamespace}.{name}", throwOnError: true)!;

    private static ContractArtifact Artifact(Type dto)
        => ConsumerDtos.Contains(dto) ? ContractArtifact.ExampleMarginConsumer : ContractArtifact.RiskParameterRegistry;

    /// <summary>Canonical types of Nethereum parameters in declaration order, tuples written as their components.</summary>
    private static List<string> Types(IEnumerable<Parameter>? parameters, string owner)
        => [.. (parameters ?? []).OrderBy(p => p.Order).Select(p => Type(p, owner))];

    private static string Type(Parameter parameter, string owner)
    {
        if (!parameter.Type.StartsWith("tuple", StringComparison.Ordinal))
        {
            return parameter.Type;
        }

        var tuple = parameter.ABIType switch
        {
            TupleType t => t,
            ArrayType { ElementType: TupleType t } => t,
            _ => null,
        };
        Assert.True(tuple?.Components is { Length: > 0 }, $"{owner}: Nethereum found no components for the tuple parameter '{parameter.Name}'.");
        return $"({string.Join(",", Types(tuple!.Components, owner))}){parameter.Type["tuple".Length..]}";
    }

    private static string Selector(string name, IEnumerable<string> types, int bytes)
        => Convert.ToHexStringLower(Hash32.Keccak($"{name}({string.Join(",", types)})").Span[..bytes]);

    // ------------------------------------------------------------------ the artifact side (System.Text.Json)

    private static List<JsonElement> Entries(Type dto, string kind)
        => [.. JsonDocument.Parse(Artifact(dto).AbiJson).RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == kind)];

    private static string? Name(JsonElement entry) => entry.TryGetProperty("name", out var name) ? name.GetString() : null;

    private static List<string> Types(JsonElement entry, string property)
        => entry.TryGetProperty(property, out var list) ? [.. list.EnumerateArray().Select(Type)] : [];

    private static string Type(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        return type.StartsWith("tuple", StringComparison.Ordinal)
            ? $"({string.Join(",", Types(parameter, "components"))}){type["tuple".Length..]}"
            : type;
    }
}
