using System.Reflection;
using System.Runtime.CompilerServices;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Design;

/// <summary>House rules, checked over the Chain and the Primitives assemblies.</summary>
public sealed class DesignRuleTests
{
    public static TheoryData<string> Assemblies => ["RiskGovernance.Chain", "RiskGovernance.Primitives"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicTypes_ExceptOptions_HaveNoPublicSetters(string assembly)
    {
        var offenders = Load(assembly).GetExportedTypes()
            .Where(t => !t.Name.EndsWith("Options", StringComparison.Ordinal) && !typeof(Attribute).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } && !IsInitOnly(p))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void AllTypes_NoMutableStaticFields(string assembly)
    {
        var offenders = Load(assembly).GetTypes()
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.Contains('<', StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsInitOnly && !f.IsLiteral && f.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Select(f => $"{t.Name}.{f.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Overrides of a library's methods (Nethereum's request interceptor) keep the signature the library gives them.</summary>
    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicAsyncMethods_TakeCancellationToken(string assembly)
    {
        var offenders = Load(assembly).GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && !m.IsSpecialName)
                .Where(m => m.GetBaseDefinition().DeclaringType == t)
                .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void TypeNames_NoHelperOrManager(string assembly)
    {
        var offenders = Load(assembly).GetExportedTypes()
            .Where(t => t.Name.Contains("Helper", StringComparison.Ordinal) || t.Name.Contains("Manager", StringComparison.Ordinal))
            .Select(t => t.Name)
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Primitives takes only Keccak and the EIP-55 checksum from Nethereum (Nethereum.Util).</summary>
    [Fact]
    public void Primitives_ReferencesNoNethereumButUtil()
    {
        var nethereum = Load("RiskGovernance.Primitives").GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Nethereum", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["Nethereum.Util"], nethereum);
    }

    /// <summary>The chain layer knows no web host, database or governance domain.</summary>
    [Fact]
    public void Chain_ReferencesNoAspNetEfCoreOrOtherProjectButPrimitives()
    {
        var offenders = Load("RiskGovernance.Chain").GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                        || n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                        || (n.StartsWith("RiskGovernance.", StringComparison.Ordinal) && n != "RiskGovernance.Primitives"))
            .ToList();

        Assert.Empty(offenders);
    }

    private static Assembly Load(string name) => name switch
    {
        "RiskGovernance.Chain" => typeof(ChainClient).Assembly,
        "RiskGovernance.Primitives" => typeof(Address).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an assembly of these rules"),
    };

    private static bool IsInitOnly(PropertyInfo property)
        => property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
