using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Persistence;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Demo;

/// <summary>
/// The demo's registry on the local chain. Runs before the host is built, when Portal:Demo:Enabled
/// is set and Governance:RegistryAddress is empty: reuses the registry recorded in
/// DATA/local-chain.json when the chain still holds it (same genesis block, this build's contract code
/// at the address),
/// otherwise deploys a new one (the demo committee, rules and bounds, the ten-asset parameter set as
/// version 1) and
/// moves a database that belonged to a vanished chain aside. Writes the registry address and chain
/// id into configuration. Refuses any chain but 31337: the demo keys are public.
/// </summary>
public static class LocalChainDeployment
{
    /// <summary>The record of the deployment in the data directory.</summary>
    public const string RecordFileName = "local-chain.json";

    /// <summary>Deploys or reuses the demo registry when the configuration asks for the demo.</summary>
    public static async Task EnsureAsync(IConfigurationManager configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var portal = configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        if (!portal.Demo.Enabled || !string.IsNullOrWhiteSpace(configuration[$"{GovernanceRulesOptions.SectionName}:RegistryAddress"]))
        {
            return;
        }

        var rpcOptions = configuration.GetSection(ChainOptions.SectionName).Get<ChainOptions>() ?? new ChainOptions();
        if (rpcOptions.RpcUrl is null)
        {
            throw new InvalidOperationException("Chain:RpcUrl: the demo needs the local chain's URL (./run.sh starts anvil and passes it).");
        }

        var data = configuration.GetSection(PersistenceOptions.SectionName).Get<PersistenceOptions>() ?? new PersistenceOptions();
        using var chain = new ChainClient(rpcOptions);
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        if (chainId != DevelopmentKeys.LocalChainId)
        {
            throw new InvalidOperationException(
                $"Portal:Demo:Enabled: the demo uses the public development keys and runs only on a local chain (id {DevelopmentKeys.LocalChainId}); the chain at {rpcOptions.RpcUrl} has id {chainId}.");
        }

        Directory.CreateDirectory(data.DataDirectory);
        var recordPath = Path.Combine(data.DataDirectory, RecordFileName);
        var genesis = (await chain.GetBlockAsync(0, cancellationToken))!.Hash;
        var registry = await ReuseAsync(chain, recordPath, genesis, cancellationToken);
        if (registry is null)
        {
            MoveStaleDatabaseAside(data.DatabasePath);
            var sender = new TransactionSender(chain);
            var configurationOnChain = new RegistryConfiguration(
                DemoCommittee.OnChain(), DemoCommittee.Guardian.Address, DemoCommittee.Rules, DemoCommittee.Bounds,
                OnChainParameterCodec.ToOnChain(DemoInputs.Params10()));
            var deployed = await RiskParameterRegistryService.DeployAsync(sender, DevelopmentKeys.Key(DemoCommittee.RelayerKeyIndex), configurationOnChain, cancellationToken);
            registry = deployed.Address;
            await File.WriteAllTextAsync(recordPath, JsonSerializer.Serialize(new Record(registry.Value.ToString(), chainId, genesis.ToString())), cancellationToken);
        }

        configuration[$"{GovernanceRulesOptions.SectionName}:RegistryAddress"] = registry.Value.ToString();
        configuration[$"{GovernanceRulesOptions.SectionName}:ChainId"] = DevelopmentKeys.LocalChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Address?> ReuseAsync(ChainClient chain, string recordPath, Hash32 genesis, CancellationToken cancellationToken)
    {
        if (!File.Exists(recordPath))
        {
            return null;
        }

        var record = JsonSerializer.Deserialize<Record>(await File.ReadAllTextAsync(recordPath, cancellationToken));
        if (record is null || record.GenesisBlock != genesis.ToString() || !Address.TryParse(record.Registry, out var address))
        {
            return null;
        }

        // A registry of an older build (another contract) is not reused: the portal speaks only this one.
        var code = await chain.GetCodeAsync(address, cancellationToken);
        return HexText.Encode(code) == ContractArtifact.RiskParameterRegistry.DeployedBytecodeHex ? address : null;
    }

    private static void MoveStaleDatabaseAside(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return;
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(databasePath + suffix))
            {
                File.Move(databasePath + suffix, $"{databasePath}.stale-{stamp}{suffix}");
            }
        }
    }

    private sealed record Record(string Registry, long ChainId, string GenesisBlock);
}
