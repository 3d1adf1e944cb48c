using RiskGovernance.Contracts.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public class ArtifactTests
{
    [Fact]
    public async Task BuildCheck_CommittedArtifacts_MatchAFreshCompile()
    {
        var (code, stdout, stderr) = await ToolProcess.RunAsync(RepositoryPaths.Node, ["build.js", "--check"], CancellationToken.None);

        Assert.True(code == 0, $"artifacts/ are stale or the build failed ({stderr} {stdout}): run 'node build.js' in src/RiskGovernance.Contracts and commit artifacts/.");
    }

    [Fact]
    public void EmbeddedArtifact_Registry_IsTheCommittedFile()
    {
        var onDisk = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "artifacts", "RiskParameterRegistry.json")));

        Assert.Equal(onDisk.RootElement.GetProperty("sourceHash").GetString(), ContractArtifact.RiskParameterRegistry.SourceHash);
        Assert.StartsWith("0.8.37+", ContractArtifact.RiskParameterRegistry.SolcVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRevert_KnownSelector_NamesTheErrorAndArguments()
    {
        var data = RiskGovernance.Chain.Encoding.Hex.Decode(
            "0xb7842ce000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000003");

        var reason = ContractArtifact.RiskParameterRegistry.RevertDecoder.Decode(data);

        Assert.Equal("ThresholdNotMet", reason.ErrorName);
        Assert.Equal(2, (int)reason.Arguments.GetBigInteger(0));
        Assert.Equal(3, (int)reason.Arguments.GetBigInteger(1));
    }
}
