using System.Text.Json;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// A compiled contract embedded in this assembly (artifacts/&lt;Contract&gt;.json, written by
/// build.js): its ABI, creation bytecode and the compiler that made it.
/// </summary>
public sealed class ContractArtifact
{
    private ContractArtifact(string name, string solcVersion, string sourceHash, string bytecodeHex, string deployedBytecodeHex, string abiJson)
    {
        DeployedBytecodeHex = deployedBytecodeHex;
        Name = name;
        SolcVersion = solcVersion;
        SourceHash = sourceHash;
        BytecodeHex = bytecodeHex;
        AbiJson = abiJson;
        Errors = new RevertDecoder(abiJson);
    }

    /// <summary>The registry artifact.</summary>
    public static ContractArtifact RiskParameterRegistry { get; } = Load("RiskParameterRegistry");

    /// <summary>The gas meter used by the tests (measures the gas of a view call).</summary>
    public static ContractArtifact RegistryGasMeter { get; } = Load("RegistryGasMeter");

    /// <summary>The example consumer artifact.</summary>
    public static ContractArtifact ExampleMarginConsumer { get; } = Load("ExampleMarginConsumer");

    /// <summary>The operated price feed (AggregatorV3Interface, updated by its owner).</summary>
    public static ContractArtifact OperatedPriceFeed { get; } = Load("OperatedPriceFeed");

    /// <summary>The demo protocol's margin accounts (collateral, perps and options, every change an event).</summary>
    public static ContractArtifact MarginAccounts { get; } = Load("MarginAccounts");

    /// <summary>Contract name.</summary>
    public string Name { get; }

    /// <summary>Full solc version string.</summary>
    public string SolcVersion { get; }

    /// <summary>sha256 over the sources that produced the artifact.</summary>
    public string SourceHash { get; }

    /// <summary>Creation bytecode, 0x-hex.</summary>
    public string BytecodeHex { get; }

    /// <summary>Runtime bytecode, 0x-hex: what the chain holds at a deployed address (no immutables).</summary>
    public string DeployedBytecodeHex { get; }

    /// <summary>The ABI as solc wrote it (a JSON array).</summary>
    public string AbiJson { get; }

    /// <summary>Names this contract's custom errors in reverts (decoded by Nethereum).</summary>
    public RevertDecoder Errors { get; }

    private static ContractArtifact Load(string name)
    {
        var resource = $"RiskGovernance.Contracts.Artifacts.{name}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"embedded artifact {resource} is missing; run node build.js");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        return new ContractArtifact(
            name,
            root.GetProperty("solcVersion").GetString()!,
            root.GetProperty("sourceHash").GetString()!,
            root.GetProperty("bytecode").GetString()!,
            root.GetProperty("deployedBytecode").GetString()!,
            root.GetProperty("abi").GetRawText());
    }
}
