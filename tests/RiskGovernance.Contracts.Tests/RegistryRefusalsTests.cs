using System.Text.Json;
using System.Text.RegularExpressions;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// <see cref="RegistryRefusals.Explain"/> for every custom error of the registry's ABI (read from the
/// committed artifact, so that a new error without its words fails here), and for every rule and
/// bound name the contract can refuse (read from its source).
/// </summary>
public sealed partial class RegistryRefusalsTests
{
    private const string GenericField = "registry";

    public static TheoryData<string> RegistryErrors() => Data(AbiErrors().Select(e => e.Name));

    /// <summary>Every field of <c>revert InvalidRule("...")</c> in the contract.</summary>
    public static TheoryData<string> RuleFields() => Data(InvalidRuleCall().Matches(RegistrySource()).Select(m => m.Groups[1].Value));

    /// <summary>Every field of <c>revert InvalidBound("...")</c> and of <c>_validateLimit(b.x, "...")</c> (which reverts InvalidBound(field)).</summary>
    public static TheoryData<string> BoundFields()
        => Data(InvalidBoundCall().Matches(RegistrySource()).Concat(ValidateLimitCall().Matches(RegistrySource())).Select(m => m.Groups[1].Value));

    /// <summary>The enumerations below find what they should (an empty theory would prove nothing).</summary>
    [Fact]
    public void Discovery_ErrorsRulesAndBounds_AllFound()
    {
        Assert.True(RegistryErrors().Count >= 40, $"only {RegistryErrors().Count} errors in the registry's ABI");
        Assert.Equal(6, RuleFields().Count);
        Assert.Equal(13, BoundFields().Count);
    }

    [Theory]
    [MemberData(nameof(RegistryErrors))]
    public void Explain_EachErrorOfTheAbi_NamesAFieldInPlainWords(string errorName)
    {
        var inputs = AbiErrors().Single(e => e.Name == errorName).Inputs;
        var arguments = inputs.Select(SampleArgument).ToList();

        var refusal = RegistryRefusals.Explain(new ContractRevertException(errorName, arguments, null));

        Assert.Equal(errorName, refusal.ErrorName);
        Assert.NotEqual(GenericField, refusal.Field);
        Assert.StartsWith(refusal.Field + ": ", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the registry refused", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("?", refusal.Message, StringComparison.Ordinal);
        Assert.True(refusal.Message.Length > refusal.Field.Length + 10, refusal.Message);
    }

    [Fact]
    public void Explain_UnknownError_FallsThroughToTheGenericText()
    {
        var refusal = RegistryRefusals.Explain(new ContractRevertException("SomethingNew", ["1"], null));

        Assert.Equal(GenericField, refusal.Field);
        Assert.Equal("registry: the registry refused: SomethingNew(1)", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(RuleFields))]
    public void Explain_InvalidRuleOfEachFieldTheContractChecks_SaysWhatTheRuleMustBe(string field)
    {
        var refusal = RegistryRefusals.Explain(new ContractRevertException("InvalidRule", [Bytes32(field)], null));

        Assert.Equal($"rules.{field}", refusal.Field);
        Assert.DoesNotContain("is refused by the registry", refusal.Message, StringComparison.Ordinal);
        Assert.Matches(@"must|between", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(BoundFields))]
    public void Explain_InvalidBoundOfEachFieldTheContractChecks_NamesTheBound(string field)
    {
        var refusal = RegistryRefusals.Explain(new ContractRevertException("InvalidBound", [Bytes32(field)], null));

        Assert.Equal($"bounds.{field}", refusal.Field);
        Assert.Equal(field.EndsWith("Step", StringComparison.Ordinal) ? "must be >= 0 (0: no step bound)" : "min must not exceed max", refusal.Message[(refusal.Field.Length + 2)..]);
    }

    [Fact]
    public void Explain_HardBoundOfAGlobalField_NamesParamsField()
    {
        var refusal = RegistryRefusals.Explain(new ContractRevertException(
            "HardBoundExceeded", [Bytes32("imMultiplier"), Hash32.Zero.ToString(), "3100000000000000000", "500000000000000000", "3000000000000000000"], null));

        Assert.Equal("params.imMultiplier: 3.1 is outside the registry's hard limits [0.5, 3]", refusal.Message);
    }

    private static string SampleArgument((string Name, string Type) input) => input.Type switch
    {
        "bytes32" when input.Name == "symbol" => Bytes32("BTC"),
        "bytes32" when input.Name == "proposalId" || input.Name.EndsWith("Hash", StringComparison.Ordinal) || input.Name == "head" => Hash32.Keccak(input.Name).ToString(),
        "bytes32" => Bytes32("quorumBps"),
        "address" => DevelopmentKeys.Key(3).Address.ToString(),
        "uint8" => "1",
        "int256" => "1500000000000000000",
        "bytes" => "0x",
        _ => input.Name switch
        {
            "forNeeded" => "9",
            "forWeight" => "6",
            _ => "1764000000",
        },
    };

    private static string Bytes32(string text) => HexText.Encode(Bytes32Field.Encode(text, "t"));

    private static IEnumerable<(string Name, List<(string Name, string Type)> Inputs)> AbiErrors()
        => JsonDocument.Parse(ContractArtifact.RiskParameterRegistry.AbiJson).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "error")
            .Select(e => (e.GetProperty("name").GetString()!,
                e.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("type").GetString()!)).ToList()))
            .OrderBy(e => e.Item1, StringComparer.Ordinal);

    private static string RegistrySource() => File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "contracts", "RiskParameterRegistry.sol"));

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [GeneratedRegex(@"InvalidRule\(""(\w+)""\)")]
    private static partial Regex InvalidRuleCall();

    [GeneratedRegex(@"InvalidBound\(""(\w+)""\)")]
    private static partial Regex InvalidBoundCall();

    [GeneratedRegex(@"_validateLimit\(b\.\w+, ""(\w+)""\)")]
    private static partial Regex ValidateLimitCall();
}
