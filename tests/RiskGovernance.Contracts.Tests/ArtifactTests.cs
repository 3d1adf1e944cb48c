using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class ArtifactTests
{
    [Fact]
    public async Task BuildCheck_CommittedArtifacts_MatchAFreshCompile()
    {
        var result = await ToolProcess.RunAsync(RepositoryPaths.Node, ["build.js", "--check"], CancellationToken.None);

        Assert.True(result.ExitCode == 0, $"artifacts/ are stale or the build failed ({result.StdErr} {result.StdOut}): run 'node build.js' in src/RiskGovernance.Contracts and commit artifacts/.");
    }

    [Fact]
    public void EmbeddedArtifact_Registry_IsTheCommittedFile()
    {
        using var onDisk = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "artifacts", "RiskParameterRegistry.json")));

        Assert.Equal(onDisk.RootElement.GetProperty("sourceHash").GetString(), ContractArtifact.RiskParameterRegistry.SourceHash);
        Assert.Equal(onDisk.RootElement.GetProperty("bytecode").GetString(), ContractArtifact.RiskParameterRegistry.BytecodeHex);
        Assert.StartsWith("0.8.37+", ContractArtifact.RiskParameterRegistry.SolcVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRevert_KnownSelector_NamesTheErrorAndArguments()
    {
        const string data = "0xb7842ce000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000003";
        var revert = new Nethereum.Contracts.SmartContractCustomErrorRevertException(data);

        var reason = ContractArtifact.RiskParameterRegistry.Errors.TryDecode(revert);

        Assert.NotNull(reason);
        Assert.Equal("ThresholdNotMet", reason.ErrorName);
        Assert.Equal(["2", "3"], reason.Arguments);
        Assert.Equal(data, reason.EncodedData);
        Assert.True(revert.IsCustomErrorFor<Registry.Dto.ThresholdNotMetError>());
        var dto = revert.DecodeError<Registry.Dto.ThresholdNotMetError>();
        Assert.Equal(2, (int)dto.ForWeight);
        Assert.Equal(3, (int)dto.RequiredWeight);
    }

    [Fact]
    public void DecodeRevert_SelectorOfNoRegistryError_ReportedUnknownWithTheData()
    {
        // NegativeParameter(bytes32) is the consumer's error, not the registry's.
        var data = "0x" + Convert.ToHexStringLower(Primitives.Hash32.Keccak("NegativeParameter(bytes32)").Span[..4]) + new string('0', 64);

        var reason = ContractArtifact.RiskParameterRegistry.Errors.TryDecode(new Nethereum.Contracts.SmartContractCustomErrorRevertException(data));

        Assert.Equal("Unknown", reason!.ErrorName);
        Assert.Empty(reason.Arguments);
        Assert.Equal(data, reason.EncodedData);
    }

    [Fact]
    public void RevertDecoder_RegistryArtifact_KnowsEveryCustomErrorOfTheSource()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "contracts", "RiskParameterRegistry.sol"))
                     + File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "contracts", "RiskParameters.sol"));
        var declared = System.Text.RegularExpressions.Regex.Matches(source, @"\berror\s+(\w+)\s*\(").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(declared, ContractArtifact.RiskParameterRegistry.Errors.ErrorSignatures.Select(s => s[..s.IndexOf('(', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains("ThresholdNotMet(uint256,uint256)", ContractArtifact.RiskParameterRegistry.Errors.ErrorSignatures);
    }

    [Fact]
    public void ConsumerErrors_IncludeTheRegistryErrorsItLetsThrough()
    {
        var signatures = ExampleMarginConsumerService.Errors.ErrorSignatures.ToList();

        Assert.Contains("NegativeParameter(bytes32)", signatures);
        Assert.Contains("UnknownAsset(uint256,bytes32)", signatures);
        Assert.Contains("UnknownVersion(uint256)", signatures);
        Assert.Equal(signatures.Count, signatures.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ChainErrors_ContractRevert_IsAChainError()
        => Assert.True(ChainErrors.IsChainError(new ContractRevertException("ThresholdNotMet", ["2", "3"], null)));
}
