using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Primitives;

namespace RiskGovernance.Cli.Registry;

/// <summary><c>riskgov registry deploy|read|verify</c>: the on-chain parameter registry from the
/// command line. Keys come from the RISKGOV_SIGNER_KEY environment variable, or (local chains only,
/// chain id 31337) from anvil's public development keys with --dev-key.</summary>
internal static class RegistryCommand
{
    /// <summary>Exit code of <c>verify</c> when the chain does not hold the given parameter set.</summary>
    public const int Mismatch = 3;

    private static readonly ImmutableArray<string> DeployOptions =
        ["rpc", "params", "members", "rules", "guardian", "dev-key", "out"];
    private static readonly ImmutableArray<string> ReadOptions = ["rpc", "address", "version", "show", "out"];
    private static readonly ImmutableArray<string> VerifyOptions = ["rpc", "address", "params", "version"];

    public static int Run(string[] args, CommandOutput stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            throw new UsageException("'riskgov registry' needs a command: deploy, read or verify");
        }
        if (args[0] is "--help" or "-h")
        {
            stdout.Write(HelpText.Registry);
            return ExitCodes.Success;
        }
        var rest = args.AsSpan(1).ToArray();
        var (name, known) = args[0] switch
        {
            "deploy" => ("registry deploy", DeployOptions),
            "read" => ("registry read", ReadOptions),
            "verify" => ("registry verify", VerifyOptions),
            _ => throw new UsageException($"unknown command 'registry {args[0]}' (registry deploy | read | verify)"),
        };
        var o = CommandOptions.Parse(name, rest, known);
        if (o.Help)
        {
            stdout.Write(HelpText.Registry);
            return ExitCodes.Success;
        }
        try
        {
            return args[0] switch
            {
                "deploy" => DeployAsync(o, stdout, stderr, ct).GetAwaiter().GetResult(),
                "read" => ReadAsync(o, stdout, stderr, ct).GetAwaiter().GetResult(),
                _ => VerifyAsync(o, stdout, ct).GetAwaiter().GetResult(),
            };
        }
        catch (ChainUnavailableException ex)
        {
            stderr.WriteLine($"riskgov: --rpc: {OneLine(ex.Message)}; nothing was changed");
            return ExitCodes.UnexpectedFailure;
        }
        catch (ContractRevertException ex)
        {
            stderr.WriteLine($"riskgov: the registry refused: {RegistryRefusals.Explain(ex).Message} ({ex.Message})");
            return ExitCodes.InvalidInput;
        }
    }

    private static async Task<int> DeployAsync(CommandOptions o, CommandOutput stdout, TextWriter stderr, CancellationToken ct)
    {
        var rpcUrl = RpcUrl(o);
        var paramsPath = o.Required("params");
        var outPath = o.Optional("out");
        var devKey = o.Integer("dev-key", 0, DevelopmentKeys.Count - 1);
        var rulesPath = o.Optional("rules");
        InputFiles.RequireExisting(("params", paramsPath), ("rules", rulesPath));
        OutputFile.CheckWritable(outPath);
        var parameters = ParameterSetJson.Read(InputFiles.ReadBytes("params", paramsPath));
        var genesis = OnChainParameterCodec.ToOnChain(parameters);
        var (rules, bounds) = rulesPath is null ? (RegistryDefaults.Rules, RegistryDefaults.Bounds) : RulesFile.Read(InputFiles.ReadBytes("rules", rulesPath));

        // Everything that needs no chain is checked before the RPC endpoint is contacted.
        var environmentSigner = devKey is null ? EnvironmentSigner() : null;
        var members = Members(o.Optional("members"), devKey is not null);
        var guardianOption = o.Optional("guardian") is { } g ? ParseAddress("guardian", g) : (Address?)null;

        using var chain = Connect(rpcUrl);
        var sender = new TransactionSender(chain);
        var chainId = await chain.GetChainIdAsync(ct);
        var signer = environmentSigner ?? DevelopmentSigner(devKey!.Value, chainId);
        var guardian = guardianOption ?? signer.Address;
        var configuration = Configure(members, guardian, rules, bounds, genesis);

        RiskParameterRegistryService registry;
        ExampleMarginConsumerService consumer;
        long version;
        try
        {
            registry = await RiskParameterRegistryService.DeployAsync(sender, signer, configuration, ct);
            consumer = await ExampleMarginConsumerService.DeployAsync(sender, signer, registry.Address, ct);
            version = await registry.GetCurrentVersionAsync(ct);
        }
        catch (ChainUnavailableException ex)
        {
            // A deployment transaction may already be on the chain: "nothing was changed" would be untrue here.
            stderr.WriteLine($"riskgov: --rpc: {OneLine(ex.Message)}; the deployment may be incomplete: "
                + $"check the transactions of {signer.Address} on the chain before deploying again");
            return ExitCodes.UnexpectedFailure;
        }
        OutputFile.Write(outPath, s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("registry", registry.Address.ToString());
            w.WriteString("consumer", consumer.Address.ToString());
            w.WriteString("chainId", chainId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("version", version.ToString(CultureInfo.InvariantCulture));
            w.WriteString("paramsHash", genesis.ParamsHash.ToString());
            w.WriteString("guardian", guardian.ToString());
            WriteCommittee(w, members);
            RulesFile.Write(w, rules, bounds);
            w.WriteEndObject();
        }, stdout);
        stderr.WriteLine($"riskgov: registry deployed at {registry.Address} (chain {chainId}), version {version} holds {paramsPath}");
        return ExitCodes.Success;
    }

    private static async Task<int> ReadAsync(CommandOptions o, CommandOutput stdout, TextWriter stderr, CancellationToken ct)
    {
        var rpcUrl = RpcUrl(o);
        var address = ParseAddress("address", o.Required("address"));
        var requested = o.Long("version", 1, long.MaxValue);
        var show = o.Optional("show") ?? "params";
        if (show is not ("params" or "rules"))
        {
            throw new UsageException($"--show: '{show}' is not params or rules");
        }

        if (show == "rules" && requested is not null)
        {
            throw new UsageException("--version: only with --show params (the registry keeps the rules in force, not their history; its RulesChanged events have it)");
        }

        var outPath = o.Optional("out");
        OutputFile.CheckWritable(outPath);
        using var chain = Connect(rpcUrl);
        var registry = await Registry(chain, address, ct);
        if (show == "rules")
        {
            var committee = await registry.GetCommitteeAsync(null, ct);
            var rules = await registry.GetRulesAsync(ct);
            var bounds = await registry.GetBoundsAsync(ct);
            var current = await registry.GetCurrentVersionAsync(ct);
            OutputFile.Write(outPath, s =>
            {
                using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
                w.WriteStartObject();
                w.WriteString("registry", address.ToString());
                w.WriteString("currentVersion", current.ToString(CultureInfo.InvariantCulture));
                w.WriteString("committeeEpoch", committee.Epoch.ToString(CultureInfo.InvariantCulture));
                w.WriteString("guardian", committee.Guardian.ToString());
                WriteCommittee(w, committee.Members);
                RulesFile.Write(w, rules, bounds);
                w.WriteEndObject();
            }, stdout);
            stderr.WriteLine($"riskgov: the rules of {address} as the registry enforces them: {rules.Describe()}");
            return ExitCodes.Success;
        }

        var version = await ResolveVersionAsync(registry, requested, ct);
        var onChain = await registry.GetParametersAsync(version, ct);
        var parameters = OnChainParameterCodec.FromOnChain(onChain);
        OutputFile.Write(outPath, s => s.Write(ParameterSetJson.ToUtf8Bytes(parameters)), stdout);
        var recomputed = OnChainParameterCodec.ParamsHash(parameters);
        var hashNote = recomputed == onChain.ParamsHash
            ? "equals the keccak-256 of the canonical JSON of these values"
            : $"does NOT equal the keccak-256 of the canonical JSON of these values ({recomputed})";
        stderr.WriteLine($"riskgov: version {version} of {address}; stored params hash {onChain.ParamsHash} {hashNote}");
        return ExitCodes.Success;
    }

    private static async Task<int> VerifyAsync(CommandOptions o, CommandOutput stdout, CancellationToken ct)
    {
        var rpcUrl = RpcUrl(o);
        var address = ParseAddress("address", o.Required("address"));
        var paramsPath = o.Required("params");
        var requested = o.Long("version", 1, long.MaxValue);
        InputFiles.RequireExisting(("params", paramsPath));
        var expected = ParameterSetJson.Read(InputFiles.ReadBytes("params", paramsPath));
        using var chain = Connect(rpcUrl);
        var registry = await Registry(chain, address, ct);
        var version = await ResolveVersionAsync(registry, requested, ct);
        var onChain = await registry.GetParametersAsync(version, ct);
        var differences = OnChainParameterCodec.Compare(expected, onChain);
        var fields = OnChainParameterCodec.Flatten(onChain).Count;

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("registry", address.ToString());
            w.WriteString("version", version.ToString(CultureInfo.InvariantCulture));
            w.WriteBoolean("equal", differences.Count == 0);
            w.WriteString("expectedParamsHash", OnChainParameterCodec.ParamsHash(expected).ToString());
            w.WriteString("onChainParamsHash", onChain.ParamsHash.ToString());
            w.WriteNumber("fieldsCompared", fields);
            w.WriteStartArray("differences");
            foreach (var d in differences)
            {
                w.WriteStartObject();
                w.WriteString("field", d.Field);
                w.WriteString("expected", d.Expected);
                w.WriteString("onChain", d.OnChain);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.Write(Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine);
        return differences.Count == 0 ? ExitCodes.Success : Mismatch;
    }

    private static Uri RpcUrl(CommandOptions o)
    {
        var text = o.Required("rpc");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--rpc: '{text}' is not an http(s) URL");
        }
        return uri;
    }

    private static Address ParseAddress(string option, string text)
    {
        try
        {
            return Address.Parse(text, option);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new UsageException($"--{option}: {OneLine(WithoutParameterName(ex))}");
        }
    }

    private static ChainClient Connect(Uri rpcUrl) => new(new ChainOptions
    {
        RpcUrl = rpcUrl,
        RequestTimeout = TimeSpan.FromSeconds(15),
        MaxRetries = 2,
        ReceiptPollInterval = TimeSpan.FromMilliseconds(200),
        ReceiptTimeout = TimeSpan.FromMinutes(2),
    });

    private static async Task<RiskParameterRegistryService> Registry(ChainClient chain, Address address, CancellationToken ct)
    {
        var code = await chain.GetCodeAsync(address, ct);
        if (code.Length == 0)
        {
            throw new UsageException($"--address: no contract at {address} on {chain.Endpoint}");
        }
        return new RiskParameterRegistryService(new TransactionSender(chain), address);
    }

    private static async Task<long> ResolveVersionAsync(RiskParameterRegistryService registry, long? requested, CancellationToken ct)
    {
        var current = await registry.GetCurrentVersionAsync(ct);
        if (current == 0)
        {
            throw new UsageException($"--address: the registry at {registry.Address} holds no parameter set yet");
        }
        if (requested is { } v && v > current)
        {
            throw new UsageException($"--version: {v} does not exist (the registry holds versions 1 to {current})");
        }
        return requested ?? current;
    }

    private static SigningKey DevelopmentSigner(int index, long chainId)
    {
        if (chainId != DevelopmentKeys.LocalChainId)
        {
            throw new UsageException(
                $"--dev-key: the public development keys are only for a local chain (id {DevelopmentKeys.LocalChainId}), this is chain {chainId}");
        }
        return DevelopmentKeys.Key(index);
    }

    private static SigningKey EnvironmentSigner()
    {
        try
        {
            return SigningKey.FromEnvironment();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new UsageException(
                $"no signing key: set {SigningKey.DefaultEnvironmentVariable} (a 0x-prefixed private key), or use --dev-key on a local chain ({OneLine(WithoutParameterName(ex))})");
        }
    }

    private static void WriteCommittee(Utf8JsonWriter w, IReadOnlyList<WeightedMember> members)
    {
        w.WriteStartArray("committee");
        foreach (var m in members)
        {
            w.WriteStartObject();
            w.WriteString("address", m.Address.ToString());
            w.WriteString("weight", m.Weight.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>--members "0xA:3,0xB:1"; on a local chain with --dev-key and no --members, the first
    /// five development accounts with weight 1 each.</summary>
    private static IReadOnlyList<WeightedMember> Members(string? text, bool development)
    {
        if (text is null)
        {
            if (!development)
            {
                throw new UsageException("'riskgov registry deploy' needs --members ADDRESS:WEIGHT,... (or --dev-key on a local chain)");
            }
            return DevelopmentKeys.Addresses().Take(5).Select(a => new WeightedMember(a, 1)).ToArray();
        }
        var members = new List<WeightedMember>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2 || !long.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight <= 0)
            {
                throw new UsageException($"--members: '{part}' is not ADDRESS:WEIGHT with a positive integer weight");
            }
            members.Add(new WeightedMember(ParseAddress("members", pieces[0]), weight));
        }
        if (members.Count == 0)
        {
            throw new UsageException("--members: lists no member");
        }
        return members;
    }

    private static RegistryConfiguration Configure(
        IReadOnlyList<WeightedMember> members, Address guardian, GovernanceRules rules, RegistryBounds bounds, OnChainParameterSet genesis)
    {
        try
        {
            return new RegistryConfiguration(members, guardian, rules, bounds, genesis);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--members: {OneLine(ex.Message)}");
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    /// <summary>The message without .NET's " (Parameter 'x')" suffix: the option is named already.</summary>
    private static string WithoutParameterName(Exception ex) =>
        ex is ArgumentException { ParamName: { } name } a ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;
}
