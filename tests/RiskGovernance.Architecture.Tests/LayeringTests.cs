using System.Reflection;
using NetArchTest.Rules;

namespace RiskGovernance.Architecture.Tests;

/// <summary>
/// The solution's layers, checked on the compiled assemblies: references point one way,
/// Web and Cli -> infrastructure (Persistence, Chain, Contracts) -> Governance (the domain) -> Engine,
/// with the shared Primitives (Address, Hash32, EcdsaSignature, validated options) beneath the domain.
/// Engine and Governance depend on no ASP.NET Core, no EF Core and no Nethereum.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Frameworks = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Nethereum"];

    public static TheoryData<string> DomainAssemblies => new() { Layers.Engine, Layers.Governance };

    /// <summary>Every type of the assembly (NetArchTest reads their IL): none uses ASP.NET Core, EF Core or Nethereum.</summary>
    [Theory]
    [MemberData(nameof(DomainAssemblies))]
    public void Types_EngineAndGovernance_DependOnNoAspNetEfCoreOrNethereum(string assembly)
    {
        var result = Types.InAssembly(Layers.Load(assembly)).Should().NotHaveDependencyOnAny(Frameworks).GetResult();

        Assert.True(result.IsSuccessful, $"{assembly} types depending on {string.Join(", ", Frameworks)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>The assembly's own reference list (what the compiler emitted): no ASP.NET Core, EF Core, Nethereum or hosting.</summary>
    [Theory]
    [MemberData(nameof(DomainAssemblies))]
    public void References_EngineAndGovernance_NoAspNetEfCoreNethereumOrHosting(string assembly)
    {
        var offenders = Layers.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => Frameworks.Append("Microsoft.Extensions.Hosting").Any(f => n.StartsWith(f, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Which of our assemblies each assembly may reference: only those of lower layers.</summary>
    public static TheoryData<string, string[]> AllowedReferences => new()
    {
        { Layers.Engine, [] },
        { Layers.Primitives, [] },
        { Layers.Governance, [Layers.Engine, Layers.Primitives] },
        { Layers.Chain, [Layers.Primitives] },
        { Layers.Persistence, [Layers.Governance, Layers.Engine, Layers.Primitives] },
        { Layers.Contracts, [Layers.Chain, Layers.Governance, Layers.Engine, Layers.Primitives] },
        { Layers.Migrations, [Layers.Persistence, Layers.Governance, Layers.Engine, Layers.Primitives] },
        { Layers.Cli, [Layers.Contracts, Layers.Chain, Layers.Migrations, Layers.Persistence, Layers.Governance, Layers.Engine, Layers.Primitives] },
        { Layers.Web, [Layers.Contracts, Layers.Chain, Layers.Migrations, Layers.Persistence, Layers.Governance, Layers.Engine, Layers.Primitives] },
    };

    /// <summary>No reference runs against the layer order (checked both on the IL dependencies of the types and on the assembly's reference list).</summary>
    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void References_EachAssembly_OnlyItsLowerLayers(string assembly, string[] allowed)
    {
        var forbidden = Layers.All.Where(a => a != assembly && !allowed.Contains(a)).ToArray();
        var loaded = Layers.Load(assembly);

        var referenced = loaded.GetReferencedAssemblies().Select(a => a.Name!).Where(forbidden.Contains).ToList();
        // Namespaces with their trailing dot: NetArchTest also reads string constants, and Persistence names
        // its migrations assembly ("RiskGovernance.Migrations") in one without depending on it.
        var types = Types.InAssembly(loaded).Should().NotHaveDependencyOnAny(forbidden.Select(a => Layers.Namespace(a) + ".").ToArray()).GetResult();

        Assert.Empty(referenced);
        Assert.True(types.IsSuccessful, $"{assembly} types depending on a higher layer: {string.Join(", ", types.FailingTypeNames ?? [])}");
    }

    /// <summary>The shared primitives wrap Nethereum's utilities (Keccak-256, EIP-55) and nothing else of it: no RPC, contracts or signing.</summary>
    [Fact]
    public void References_Primitives_OnlyNethereumUtilAndHex()
    {
        var nethereum = Layers.Load(Layers.Primitives).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("Nethereum", StringComparison.Ordinal)).ToList();

        Assert.All(nethereum, n => Assert.Contains(n, new[] { "Nethereum.Util", "Nethereum.Hex" }));
        Assert.Contains("Nethereum.Util", nethereum);
    }

    /// <summary>Components and page services reach the chain through adapters: nothing in the Web uses Nethereum directly.</summary>
    [Fact]
    public void Types_Web_NoDirectNethereumUse()
    {
        var result = Types.InAssembly(Layers.Load(Layers.Web)).Should().NotHaveDependencyOn("Nethereum").GetResult();

        Assert.True(result.IsSuccessful, $"Web types using Nethereum directly: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>No service locator in the portal: no type asks an IServiceProvider for its dependencies except the composition root.</summary>
    [Fact]
    public void Types_WebPagesAndServices_NoServiceLocator()
    {
        var result = Types.InAssembly(Layers.Load(Layers.Web))
            .That().ResideInNamespace("RiskGovernance.Web.Proposals")
            .Or().ResideInNamespace("RiskGovernance.Web.Components")
            .Or().ResideInNamespace("RiskGovernance.Web.RegistryView")
            .Or().ResideInNamespace("RiskGovernance.Web.Simulation")
            .Or().ResideInNamespace("RiskGovernance.Web.History")
            .Or().ResideInNamespace("RiskGovernance.Web.Drafting")
            .ShouldNot().HaveDependencyOn("System.IServiceProvider")
            .GetResult();

        Assert.True(result.IsSuccessful, $"types pulling services from IServiceProvider: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}

/// <summary>The solution's assemblies, loaded from the test's output folder.</summary>
internal static class Layers
{
    public const string Engine = "RiskGovernance.Engine";
    public const string Primitives = "RiskGovernance.Primitives";
    public const string Governance = "RiskGovernance.Governance";
    public const string Chain = "RiskGovernance.Chain";
    public const string Contracts = "RiskGovernance.Contracts";
    public const string Persistence = "RiskGovernance.Persistence";
    public const string Migrations = "RiskGovernance.Migrations";
    public const string Cli = "riskgov";
    public const string Web = "RiskGovernance.Web";

    public static readonly string[] All = [Engine, Primitives, Governance, Chain, Contracts, Persistence, Migrations, Cli, Web];

    public static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    /// <summary>The root namespace of an assembly (the CLI's assembly is riskgov, its namespace RiskGovernance.Cli).</summary>
    public static string Namespace(string assembly) => assembly == Cli ? "RiskGovernance.Cli" : assembly;
}
