using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Abi;

namespace RiskGovernance.Contracts.Registry;

/// <summary>
/// A compiled contract embedded in this assembly (artifacts/&lt;Contract&gt;.json written by build.js):
/// creation bytecode, ABI custom errors and the compiler that made it.
/// </summary>
public sealed class ContractArtifact
{
    private readonly Dictionary<string, (string Name, string[] Types)> _errors;
    private readonly byte[] _bytecode;

    private ContractArtifact(string name, string solcVersion, string sourceHash, byte[] bytecode, Dictionary<string, (string, string[])> errors)
    {
        Name = name;
        SolcVersion = solcVersion;
        SourceHash = sourceHash;
        _bytecode = bytecode;
        _errors = errors;
    }

    /// <summary>The registry artifact.</summary>
    public static ContractArtifact RiskParameterRegistry { get; } = Load("RiskParameterRegistry");

    /// <summary>The example consumer artifact.</summary>
    public static ContractArtifact ExampleMarginConsumer { get; } = Load("ExampleMarginConsumer");

    /// <summary>Contract name.</summary>
    public string Name { get; }

    /// <summary>Full solc version string.</summary>
    public string SolcVersion { get; }

    /// <summary>sha256 over the sources that produced the artifact.</summary>
    public string SourceHash { get; }

    /// <summary>Creation bytecode (a copy).</summary>
    public byte[] Bytecode => (byte[])_bytecode.Clone();

    /// <summary>Signatures of the custom errors, e.g. "NotCommitteeMember(uint256,address)".</summary>
    public IEnumerable<string> ErrorSignatures => _errors.Values.Select(e => $"{e.Name}({string.Join(',', e.Types)})");

    /// <summary>
    /// A decoder for the chain layer that names this contract's custom errors
    /// (<see cref="RiskGovernance.Chain.Rpc.ContractRevertException.Reason"/>).
    /// </summary>
    public RevertDecoder RevertDecoder => new(ErrorSignatures.Select(s => AbiError.Parse(s)));

    private static ContractArtifact Load(string name)
    {
        var resource = $"RiskGovernance.Contracts.Artifacts.{name}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"embedded artifact {resource} is missing; run node build.js");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var errors = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("abi").EnumerateArray())
        {
            if (entry.GetProperty("type").GetString() != "error")
            {
                continue;
            }

            var errorName = entry.GetProperty("name").GetString()!;
            var types = entry.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()!).ToArray();
            var selector = Hash32.Keccak($"{errorName}({string.Join(',', types)})").ToBytes().AsSpan(0, 4);
            errors[Hex.Encode(selector)] = (errorName, types);
        }

        return new ContractArtifact(
            name,
            root.GetProperty("solcVersion").GetString()!,
            root.GetProperty("sourceHash").GetString()!,
            Hex.Decode(root.GetProperty("bytecode").GetString()!),
            errors);
    }
}
