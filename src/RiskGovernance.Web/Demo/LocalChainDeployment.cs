using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Persistence;
using RiskGovernance.Persistence.Files;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Live;

namespace RiskGovernance.Web.Demo;

/// <summary>
/// The demo's registry on the local chain. Runs before the host is built, when Portal:Demo:Enabled
/// is set and Governance:RegistryAddress is empty.
/// <list type="bullet">
/// <item>First start (no record, no database): deploys a registry (the demo committee, rules and bounds,
/// the ten-asset parameter set as version 1), three OperatedPriceFeed contracts per asset (each with a first
/// round at the demo's prices, <see cref="DemoChain.DeployFeedsAsync"/>) and the MarginAccounts
/// contract, and records their addresses and code hashes in DATA/local-chain.json.</item>
/// <item>Every later start: the chain must hold the recorded registry, feeds and MarginAccounts, checked by their address and the
/// hash of their code (not by block 0, which anvil may rebuild when it reloads its state). When it does
/// not, the start stops with a message that says what to do; the database is never moved, renamed or
/// replaced.</item>
/// <item>The chain's clock is put back where its latest block left it (anvil forgets a time-travel
/// offset when it restarts), so that the portal's clock, which follows the latest block, agrees with
/// the chain's.</item>
/// </list>
/// Writes the registry address and chain id, and the Live section (the MarginAccounts contract, its deployment block and the
/// feeds), into configuration. Refuses any chain but 31337: the demo
/// keys are public.
/// </summary>
public static class LocalChainDeployment
{
    /// <summary>The record of the deployment in the data directory.</summary>
    public const string RecordFileName = "local-chain.json";

    /// <summary>What to run to start the demo afresh; named by every refusal.</summary>
    public const string ResetCommand = "RESET=1 ./run.sh";

    /// <summary>Deploys or reuses the demo registry when the configuration asks for the demo.</summary>
    /// <exception cref="InvalidOperationException">The chain does not hold the recorded registry, or a database exists without a record; the message says what to do.</exception>
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

        OwnerOnlyFiles.EnsureDirectory(Path.GetFullPath(data.DataDirectory));
        var recordPath = Path.Combine(Path.GetFullPath(data.DataDirectory), RecordFileName);
        var record = File.Exists(recordPath)
            ? await VerifyRecordedAsync(chain, recordPath, rpcOptions.RpcUrl, cancellationToken)
            : await DeployAsync(chain, recordPath, data.DatabasePath, portal.Demo.Seed, cancellationToken);
        await AlignClockAsync(chain, cancellationToken);

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        configuration[$"{GovernanceRulesOptions.SectionName}:RegistryAddress"] = record.Registry;
        configuration[$"{GovernanceRulesOptions.SectionName}:ChainId"] = DevelopmentKeys.LocalChainId.ToString(invariant);
        configuration[$"{LiveOptions.SectionName}:MarginAccounts"] = record.MarginAccounts;
        configuration[$"{LiveOptions.SectionName}:StartBlock"] = record.MarginAccountsBlock!.Value.ToString(invariant);
        if (string.IsNullOrWhiteSpace(configuration[$"{LiveOptions.SectionName}:Heartbeat"]))
        {
            // The demo moves its chain's clock by days to take proposals through their voting period and timelock.
            configuration[$"{LiveOptions.SectionName}:Heartbeat"] = DemoFeedHeartbeat.ToString("c", invariant);
        }
        // The demo feeds' first round is the close of the demo's date: the embedded closes before it continue their history.
        configuration[$"{LiveOptions.SectionName}:EmbeddedHistoryUntil"] = DemoInputs.AsOf.ToString("yyyy-MM-dd", invariant);
        for (var i = 0; i < record.Feeds!.Count; i++)
        {
            configuration[$"{LiveOptions.SectionName}:Feeds:{i}:Asset"] = record.Feeds[i].Asset;
            configuration[$"{LiveOptions.SectionName}:Feeds:{i}:Address"] = record.Feeds[i].Address;
        }
    }

    /// <summary>How old a demo feed's round may be and still be used (the demo moves its clock by days for the governance timelines).</summary>
    public static TimeSpan DemoFeedHeartbeat { get; } = TimeSpan.FromDays(30);

    /// <summary>Keccak-256 of a contract's runtime code, as recorded.</summary>
    public static Hash32 CodeHash(byte[] code) => Hash32.Keccak(code ?? throw new ArgumentNullException(nameof(code)));

    private static async Task<Record> DeployAsync(ChainClient chain, string recordPath, string databasePath, long seed, CancellationToken cancellationToken)
    {
        if (File.Exists(databasePath) && new FileInfo(databasePath).Length > 0)
        {
            throw new InvalidOperationException(
                $"The database {databasePath} exists but {recordPath} does not say which registry it belongs to, so the demo cannot tell "
                + $"whether this chain holds its proposals. Nothing was changed. Put the record back, or start the demo afresh with {ResetCommand} "
                + "(which deletes the local chain and the database).");
        }

        var sender = new TransactionSender(chain);
        var configurationOnChain = new RegistryConfiguration(
            DemoCommittee.OnChain(), DemoCommittee.Guardian.Address, DemoCommittee.Rules, DemoCommittee.Bounds,
            OnChainParameterCodec.ToOnChain(DemoInputs.Params10()));
        var deployed = await RiskParameterRegistryService.DeployAsync(sender, DevelopmentKeys.Key(DemoCommittee.RelayerKeyIndex), configurationOnChain, cancellationToken);
        var code = await chain.GetCodeAsync(deployed.Address, cancellationToken);
        var feeds = new List<FeedRecord>();
        foreach (var feed in await DemoChain.DeployFeedsAsync(chain, seed, deployed.Address, cancellationToken))
        {
            feeds.Add(new FeedRecord(feed.Asset, feed.Index, feed.Address.ToString(), CodeHash(await chain.GetCodeAsync(feed.Address, cancellationToken)).ToString()));
        }
        var (margin, block) = await DemoChain.DeployMarginAccountsAsync(chain, seed, deployed.Address, cancellationToken);
        var record = new Record(deployed.Address.ToString(), DevelopmentKeys.LocalChainId, CodeHash(code).ToString(),
            margin.ToString(), CodeHash(await chain.GetCodeAsync(margin, cancellationToken)).ToString(), block, feeds);
        await OwnerOnlyFiles.WriteAllTextAsync(recordPath, JsonSerializer.Serialize(record), cancellationToken);
        return record;
    }

    private static async Task<Record> VerifyRecordedAsync(ChainClient chain, string recordPath, Uri rpcUrl, CancellationToken cancellationToken)
    {
        Record? record;
        try
        {
            record = JsonSerializer.Deserialize<Record>(await File.ReadAllTextAsync(recordPath, cancellationToken));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{recordPath}: is not a deployment record ({e.Message}). Nothing was changed; start the demo afresh with {ResetCommand}.", e);
        }

        if (record is null || !Address.TryParse(record.Registry, out var address) || !Hash32.TryParse(record.CodeHash, out var recordedHash))
        {
            throw new InvalidOperationException(
                $"{recordPath}: does not name a registry address and code hash (written by an older portal?). Nothing was changed; start the demo afresh with {ResetCommand}.");
        }

        var code = await chain.GetCodeAsync(address, cancellationToken);
        if (code.Length == 0 || CodeHash(code) != recordedHash)
        {
            throw new InvalidOperationException(
                $"The chain at {rpcUrl} does not hold the registry recorded in {recordPath} ({address}, code hash {recordedHash}): "
                + (code.Length == 0 ? "there is no contract at that address" : $"the code there hashes to {CodeHash(code)}")
                + ". The database records the proposals of that registry and was left as it is. Start the chain whose state holds it "
                + $"(./run.sh keeps it in .run/chain/state.json), or start the demo afresh with {ResetCommand}, which deletes the local chain and the database.");
        }

        if (HexText.Encode(code) != ContractArtifact.RiskParameterRegistry.DeployedBytecodeHex)
        {
            throw new InvalidOperationException(
                $"The registry recorded in {recordPath} ({address}) was deployed by an older build of the portal, which speaks another contract. "
                + $"The database was left as it is. Start the demo afresh with {ResetCommand}, which deletes the local chain and the database.");
        }

        if (record.MarginAccounts is null || record.MarginAccountsCodeHash is null || record.MarginAccountsBlock is null || record.Feeds is not { Count: > 0 })
        {
            throw new InvalidOperationException(
                $"{recordPath}: names no price feeds or margin-account contract (written by an older portal, before the demo's book came from the chain). "
                + $"The database was left as it is. Start the demo afresh with {ResetCommand}, which deletes the local chain and the database.");
        }

        var contracts = record.Feeds.Select(f => ($"price feed {f.Index + 1} of {f.Asset}", f.Address, f.CodeHash))
            .Prepend(("MarginAccounts contract", record.MarginAccounts, record.MarginAccountsCodeHash));
        foreach (var (name, text, hash) in contracts)
        {
            if (!Address.TryParse(text, out var at) || !Hash32.TryParse(hash, out var expected))
            {
                throw new InvalidOperationException($"{recordPath}: the {name} has no valid address and code hash. Nothing was changed; start the demo afresh with {ResetCommand}.");
            }
            var deployed = await chain.GetCodeAsync(at, cancellationToken);
            if (deployed.Length == 0 || CodeHash(deployed) != expected)
            {
                throw new InvalidOperationException(
                    $"The chain at {rpcUrl} does not hold the {name} recorded in {recordPath} ({at}, code hash {expected}). The database was left as it is. "
                    + $"Start the chain whose state holds it (./run.sh keeps it in .run/chain/state.json), or start the demo afresh with {ResetCommand}.");
            }
        }

        return record;
    }

    /// <summary>
    /// anvil restarted from its saved state mines the next block at the host's time, which may be
    /// before the latest block's time after a time travel: set its clock back to the latest block's.
    /// </summary>
    private static async Task AlignClockAsync(ChainClient chain, CancellationToken cancellationToken)
    {
        var latest = await chain.GetLatestBlockAsync(cancellationToken);
        if (latest.Timestamp > DateTimeOffset.UtcNow)
        {
            await new AnvilClient(chain).SetTimeAsync(latest.Timestamp, cancellationToken);
        }
    }

    private sealed record Record(
        string Registry, long ChainId, string CodeHash,
        string? MarginAccounts = null, string? MarginAccountsCodeHash = null, long? MarginAccountsBlock = null, IReadOnlyList<FeedRecord>? Feeds = null);

    private sealed record FeedRecord(string Asset, int Index, string Address, string CodeHash);
}
