using RiskGovernance.Engine.Json;
using RiskGovernance.Primitives;

namespace RiskGovernance.Cli.Tests;

/// <summary>The on-chain params hash: keccak-256 of the canonical JSON of the parameter set.</summary>
public class ParamsHashTests
{
    /// <summary><c>cast keccak "$(node: JSON.stringify(sortDeep(JSON.parse(examples/params.json))))"</c>
    /// with cast 1.7.1 and node v20.20.2: computed by tools nobody here wrote.</summary>
    private const string ExampleParamsHash = "d138e7ede03544d77e67880d2de3d656d3acf6580470bafefcadb01db8567ac5";

    [Fact]
    public void Keccak_CanonicalExampleParams_EqualsCastOverNodeJsonStringify()
    {
        var parameters = ParameterSetJson.Read(File.ReadAllBytes(CliRun.Params));
        var hash = Hash32.Keccak(ParameterSetJson.ToCanonicalJson(parameters));
        Assert.Equal("0x" + ExampleParamsHash, hash.ToString());
    }
}
