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

    [Theory]
    [InlineData("RiskParameterRegistry")]
    [InlineData("ExampleMarginConsumer")]
    [InlineData("RegistryGasMeter")]
    [InlineData("OperatedPriceFeed")]
    [InlineData("MarginAccounts")]
    public void EmbeddedArtifact_EachContract_IsTheCommittedFile(string name)
    {
        var artifact = name switch
        {
            "RiskParameterRegistry" => ContractArtifact.RiskParameterRegistry,
            "ExampleMarginConsumer" => ContractArtifact.ExampleMarginConsumer,
            "OperatedPriceFeed" => ContractArtifact.OperatedPriceFeed,
            "MarginAccounts" => ContractArtifact.MarginAccounts,
            _ => ContractArtifact.RegistryGasMeter,
        };
        using var onDisk = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "artifacts", $"{name}.json")));

        Assert.Equal(name, artifact.Name);
        Assert.Equal(onDisk.RootElement.GetProperty("sourceHash").GetString(), artifact.SourceHash);
        Assert.Equal(onDisk.RootElement.GetProperty("bytecode").GetString(), artifact.BytecodeHex);
        Assert.Equal(onDisk.RootElement.GetProperty("deployedBytecode").GetString(), artifact.DeployedBytecodeHex);
        Assert.StartsWith("0.8.37+", artifact.SolcVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRevert_KnownSelector_NamesTheErrorAndArguments()
    {
        // SupermajorityNotReached(bytes32 proposalId, uint256 forWeight, uint256 forNeeded), encoded by hand.
        var id = Primitives.Hash32.Keccak("p");
        var selector = Convert.ToHexStringLower(Primitives.Hash32.Keccak("SupermajorityNotReached(bytes32,uint256,uint256)").Span[..4]);
        var data = "0x" + selector + id.ToString()[2..] + 6.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)
                   + 9.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        var revert = new Nethereum.Contracts.SmartContractCustomErrorRevertException(data);

        var reason = ContractArtifact.RiskParameterRegistry.Errors.TryDecode(revert);

        Assert.NotNull(reason);
        Assert.Equal("SupermajorityNotReached", reason.ErrorName);
        Assert.Equal([id.ToString(), "6", "9"], reason.Arguments);
        Assert.Equal(data, reason.EncodedData);
        Assert.True(revert.IsCustomErrorFor<Registry.Dto.SupermajorityNotReachedError>());
        var dto = revert.DecodeError<Registry.Dto.SupermajorityNotReachedError>();
        Assert.Equal(id, Primitives.Hash32.FromBytes(dto.ProposalId));
        Assert.Equal(6, (int)dto.ForWeight);
        Assert.Equal(9, (int)dto.ForNeeded);
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
        var source = string.Concat(new[] { "RiskParameterRegistry.sol", "IRiskParameterRegistry.sol", "RiskParameters.sol" }
            .Select(f => File.ReadAllText(Path.Combine(RepositoryPaths.ContractsDirectory, "contracts", f))));
        var declared = System.Text.RegularExpressions.Regex.Matches(source, @"\berror\s+(\w+)\s*\(").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(declared, ContractArtifact.RiskParameterRegistry.Errors.ErrorSignatures.Select(s => s[..s.IndexOf('(', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains("SupermajorityNotReached(bytes32,uint256,uint256)", ContractArtifact.RiskParameterRegistry.Errors.ErrorSignatures);
        Assert.Contains("HardBoundExceeded(bytes32,bytes32,int256,int256,int256)", ContractArtifact.RiskParameterRegistry.Errors.ErrorSignatures);
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
        => Assert.True(ChainErrors.IsChainError(new ContractRevertException("QuorumNotReached", ["0x00", "2", "4"], null)));
}
