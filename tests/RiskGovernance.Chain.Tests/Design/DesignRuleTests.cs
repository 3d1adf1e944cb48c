using System.Reflection;
using System.Runtime.CompilerServices;

namespace RiskGovernance.Chain.Tests.Design;

/// <summary>House rules checked over the whole chain assembly.</summary>
public sealed class DesignRuleTests
{
    private static readonly Assembly ChainAssembly = typeof(Address).Assembly;

    [Fact]
    public void PublicTypes_ExceptOptionsAndAttributes_HaveNoPublicSetters()
    {
        var offenders = ChainAssembly.GetExportedTypes()
            .Where(t => !t.Name.EndsWith("Options", StringComparison.Ordinal) && !typeof(Attribute).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } && !IsInitOnly(p))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void AllTypes_NoMutableStaticFields()
    {
        var offenders = ChainAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.Contains('<', StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsInitOnly && !f.IsLiteral && f.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Select(f => $"{t.Name}.{f.Name}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void PublicAsyncMethods_TakeCancellationToken()
    {
        var offenders = ChainAssembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && !m.IsSpecialName)
                .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TypeNames_NoHelperOrManager()
    {
        var offenders = ChainAssembly.GetExportedTypes()
            .Where(t => t.Name.Contains("Helper", StringComparison.Ordinal) || t.Name.Contains("Manager", StringComparison.Ordinal))
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(offenders);
    }

    private static bool IsInitOnly(PropertyInfo property)
        => property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
