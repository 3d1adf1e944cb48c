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

    /// <summary>
    /// Each struct DTO (a tuple Nethereum binds) and an ABI parameter of the artifact that has exactly
    /// its shape: "function:name:outputs[0]" is the first output of a function, "event:name:inputs" the
    /// whole input list of an event, "constructor::inputs[0-3]" the first three constructor inputs,
    /// "function:bounds:outputs[0].components[0]" a component of a tuple.
    /// </summary>
    private static readonly Dictionary<Type, string> StructDtos = new()
    {
        [typeof(GlobalParamsDto)] = "function:globalParameters:outputs[0]",
        [typeof(GridParamsDto)] = "function:gridParameters:outputs[0]",
        [typeof(SimulationParamsDto)] = "function:simulationParameters:outputs[0]",
        [typeof(AssetParamsDto)] = "function:assetParameters:outputs[0]",
        [typeof(RiskParametersDto)] = "function:parameters:outputs[0]",
        [typeof(EncodedRiskParametersDto)] = "function:parameters:outputs",
        [typeof(RulesDto)] = "function:rules:outputs[0]",
        [typeof(BoundsDto)] = "function:bounds:outputs[0]",
        [typeof(LimitDto)] = "function:bounds:outputs[0].components[0]",
        [typeof(ProposalViewDto)] = "function:proposal:outputs[0]",
        [typeof(TallyViewDto)] = "function:tally:outputs[0]",
        [typeof(RulesPayloadDto)] = "event:RulesChanged:inputs",
        [typeof(MembershipPayloadDto)] = "constructor::inputs[0-3]",
    };

    public static TheoryData<string> StructDtoNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in StructDtos.Keys.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Fact]
    public void Discovery_DtoNamespace_FindsEveryKindForBothContracts()
    {
        var all = DtoTypes().ToList();

        Assert.Equal(4, ConsumerDtos.Count(all.Contains));
        Assert.True(all.Count(t => t.IsSubclassOf(typeof(FunctionMessage)) && !ConsumerDtos.Contains(t)) >= 40);
        Assert.Equal(12, all.Count(t => t.GetCustomAttribute<EventAttribute>() is not null));
        Assert.True(all.Count(t => t.GetCustomAttribute<ErrorAttribute>() is not null && !ConsumerDtos.Contains(t)) >= 40);
        Assert.Equal(2, all.Count(t => t.IsSubclassOf(typeof(ContractDeploymentMessage))));
    }

    /// <summary>The other direction: every function, event and custom error of the registry's ABI has its DTO, so nothing is left to hand-written encoding.</summary>
    [Theory]
    [InlineData("function")]
    [InlineData("event")]
    [InlineData("error")]
    public void RegistryAbi_EveryEntry_HasADtoOfTheSameName(string kind)
    {
        var registryDtos = DtoTypes().Where(t => !ConsumerDtos.Contains(t)).ToList();
        var names = kind switch
        {
            "function" => registryDtos.Select(t => t.GetCustomAttribute<FunctionAttribute>()?.Name),
            "event" => registryDtos.Select(t => t.GetCustomAttribute<EventAttribute>()?.Name),
            _ => registryDtos.Select(t => t.GetCustomAttribute<ErrorAttribute>()?.Name),
        };
        var abi = Entries(typeof(ProposeFunction), kind).Select(Name).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(abi);
        Assert.Equal(abi, names.OfType<string>().Order(StringComparer.Ordinal));
    }

    /// <summary>Every struct DTO of the namespace (a class that is none of function, output, event, error or deployment) is checked below.</summary>
    [Fact]
    public void Discovery_StructDtos_EveryTupleClassIsMappedToAnAbiParameter()
    {
        var structs = DtoTypes().Where(t => !t.IsSubclassOf(typeof(FunctionMessage)) && !t.IsSubclassOf(typeof(ContractDeploymentMessage))
                                           && t.GetCustomAttribute<FunctionOutputAttribute>() is null && t.GetCustomAttribute<EventAttribute>() is null
                                           && t.GetCustomAttribute<ErrorAttribute>() is null);

        Assert.Equal(StructDtos.Keys.Select(t => t.Name).Order(StringComparer.Ordinal), structs.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>A struct DTO against the ABI parameter it binds: same component names, types and order, recursively (a swap of two int256 fields fails here).</summary>
    [Theory]
    [MemberData(nameof(StructDtoNames))]
    public void StructDto_AgainstCommittedAbi_SameComponentNamesAndTypes(string dtoName)
    {
        var type = Dto(dtoName);
        var dto = Shape(new AttributesToABIExtractor().ExtractParametersFromAttributes(type), type.Name);

        var (abi, components) = AbiParameters(StructDtos[type]);

        // A tuple's component names are part of its shape; the top-level names of a parameter list
        // (an event's or a constructor's arguments, such as guardian_) are not the struct's.
        Assert.Equal(abi.Select(Shape).Select(x => components ? x : x[(x.IndexOf(':', StringComparison.Ordinal) + 1)..]),
            components ? dto : dto.Select(x => x[(x.IndexOf(':', StringComparison.Ordinal) + 1)..]));
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

    /// <summary>The gas meter's DTOs (test support) against artifacts/RegistryGasMeter.json.</summary>
    [Fact]
    public void GasMeterDtos_AgainstCommittedAbi_SameInputsOutputsAndSelector()
    {
        var dto = ABITypedRegistry.GetFunctionABI(typeof(Support.MeasureFunction));
        var entry = Assert.Single(GasMeterEntries("function"));
        var error = ABITypedRegistry.GetError(typeof(Support.CallFailedError));

        Assert.Equal("measure", Name(entry));
        Assert.Equal(Types(entry, "inputs"), Types(dto.InputParameters, nameof(Support.MeasureFunction)));
        Assert.Equal(Types(entry, "outputs"), Types(dto.OutputParameters, nameof(Support.MeasureFunction)));
        Assert.Equal(Selector("measure", Types(entry, "inputs"), 4), dto.Sha3Signature);
        Assert.Equal(Types(Assert.Single(GasMeterEntries("error")), "inputs"), Types(error.InputParameters, nameof(Support.CallFailedError)));
        Assert.Empty(GasMeterEntries("constructor"));
        Assert.Equal(ContractArtifact.RegistryGasMeter.BytecodeHex, new Support.RegistryGasMeterDeployment().ByteCode);
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

    /// <summary>"name:type" of each parameter in order, tuples as "name:(components)".</summary>
    private static List<string> Shape(IEnumerable<Parameter> parameters, string owner)
        => [.. parameters.OrderBy(p => p.Order).Select(p => Shape(p, owner))];

    private static string Shape(Parameter parameter, string owner)
    {
        if (!parameter.Type.StartsWith("tuple", StringComparison.Ordinal))
        {
            return $"{parameter.Name}:{parameter.Type}";
        }

        var tuple = parameter.ABIType switch
        {
            TupleType t => t,
            ArrayType { ElementType: TupleType t } => t,
            _ => null,
        };
        Assert.True(tuple?.Components is { Length: > 0 }, $"{owner}: Nethereum found no components for the tuple parameter '{parameter.Name}'.");
        return $"{parameter.Name}:({string.Join(",", Shape(tuple!.Components, owner))}){parameter.Type["tuple".Length..]}";
    }

    private static string Selector(string name, IEnumerable<string> types, int bytes)
        => Convert.ToHexStringLower(Hash32.Keccak($"{name}({string.Join(",", types)})").Span[..bytes]);

    // ------------------------------------------------------------------ the artifact side (System.Text.Json)

    private static List<JsonElement> Entries(Type dto, string kind)
        => [.. JsonDocument.Parse(Artifact(dto).AbiJson).RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == kind)];

    private static List<JsonElement> GasMeterEntries(string kind)
        => [.. JsonDocument.Parse(ContractArtifact.RegistryGasMeter.AbiJson).RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() == kind)];

    /// <summary>The registry ABI parameters a path names (see <see cref="StructDtos"/>): one tuple parameter's components, or a parameter list.</summary>
    private static (List<JsonElement> Parameters, bool Components) AbiParameters(string path)
    {
        var parts = path.Split(':');
        var entry = Assert.Single(Entries(typeof(ProposeFunction), parts[0]), e => parts[1].Length == 0 || Name(e) == parts[1]);
        var list = entry;
        JsonElement? tuple = null;
        foreach (var step in parts[2].Split('.'))
        {
            var open = step.IndexOf('[', StringComparison.Ordinal);
            var property = open < 0 ? step : step[..open];
            var items = (tuple ?? list).GetProperty(property).EnumerateArray().ToList();
            if (open < 0)
            {
                return (items, false);
            }

            var index = step[(open + 1)..^1];
            if (index.Contains('-', StringComparison.Ordinal))
            {
                var range = index.Split('-');
                return (items[int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture)..int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture)], false);
            }

            tuple = items[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        }

        return ([.. tuple!.Value.GetProperty("components").EnumerateArray()], true);
    }

    private static string Shape(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        var name = parameter.GetProperty("name").GetString();
        return type.StartsWith("tuple", StringComparison.Ordinal)
            ? $"{name}:({string.Join(",", parameter.GetProperty("components").EnumerateArray().Select(Shape))}){type["tuple".Length..]}"
            : $"{name}:{type}";
    }

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
