using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RiskGovernance.Chain;
using RiskGovernance.Primitives;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Cli.Tests.Registry;

/// <summary><c>riskgov registry deploy|read|verify</c> against a real anvil. Each test deploys its own
/// registry, so no test depends on another's chain state.</summary>
public sealed class RegistryCommandTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>, IDisposable
{
    private const int Mismatch = 3;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private string Rpc => anvil.RpcUrl.ToString();

    [Fact]
    public async Task Deploy_DevKeyAndExampleParams_PrintsAddressesVersion1AndCanonicalHash()
    {
        var r = CliRun.Run("registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params, "--dev-key", "0");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        var registry = Address.Parse(root.GetProperty("registry").GetString()!);
        var consumer = Address.Parse(root.GetProperty("consumer").GetString()!);
        Assert.NotEqual(registry, consumer);
        Assert.Equal("1", root.GetProperty("version").GetString());
        Assert.Equal("31337", root.GetProperty("chainId").GetString());
        Assert.Equal(ExampleParamsHash().ToString(), root.GetProperty("paramsHash").GetString());
        Assert.Equal(DevelopmentKeys.Addresses()[0].ToString(), root.GetProperty("guardian").GetString());
        Assert.Equal(5, root.GetProperty("committee").GetArrayLength());
        // cast, not our client, confirms the code is there.
        Assert.NotEqual("0x", await CastTool.RunAsync(CancellationToken.None, "code", registry.ToString(), "--rpc-url", Rpc));
        Assert.NotEqual("0x", await CastTool.RunAsync(CancellationToken.None, "code", consumer.ToString(), "--rpc-url", Rpc));
    }

    [Fact]
    public void Read_DeployedRegistry_PrintsParamsJsonWithTheExampleCanonicalJson()
    {
        var registry = Deploy();

        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", registry);

        Assert.True(r.ExitCode == 0, r.Stderr);
        var read = ParameterSetJson.Read(r.Stdout);
        var example = ParameterSetJson.Read(File.ReadAllBytes(CliRun.Params));
        Assert.Equal(ParameterSetJson.ToCanonicalJson(example), ParameterSetJson.ToCanonicalJson(read));
        Assert.Contains("equals the keccak-256 of the canonical JSON", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_VersionNotYetRatified_ExitTwoNamingVersion()
    {
        var registry = Deploy();

        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", registry, "--version", "2");

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("--version", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Verify_SameParams_ExitZeroEqualWithoutDifferences()
    {
        var registry = Deploy();

        var r = CliRun.Run("registry", "verify", "--rpc", Rpc, "--address", registry, "--params", CliRun.Params);

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.True(root.GetProperty("equal").GetBoolean());
        Assert.Equal(0, root.GetProperty("differences").GetArrayLength());
        Assert.Equal(ExampleParamsHash().ToString(), root.GetProperty("onChainParamsHash").GetString());
        Assert.Equal(ExampleParamsHash().ToString(), root.GetProperty("expectedParamsHash").GetString());
    }

    [Fact]
    public void Verify_ChangedScanRange_ExitThreeNamingFieldAndHash()
    {
        var registry = Deploy();
        var json = JsonNode.Parse(File.ReadAllText(CliRun.Params))!.AsObject();
        json["assets"]!["BTC"]!["scanRange"] = 0.16;
        var changed = _run.Write("changed.json", json.ToJsonString());

        var r = CliRun.Run("registry", "verify", "--rpc", Rpc, "--address", registry, "--params", changed);

        Assert.Equal(Mismatch, r.ExitCode);
        using var doc = r.Json();
        var root = doc.RootElement;
        Assert.False(root.GetProperty("equal").GetBoolean());
        var differences = root.GetProperty("differences").EnumerateArray()
            .ToDictionary(d => d.GetProperty("field").GetString()!, d => (Expected: d.GetProperty("expected").GetString(), OnChain: d.GetProperty("onChain").GetString()));
        Assert.Equal(["assets.BTC.scanRange", "paramsHash"], differences.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("0.16", "0.15"), differences["assets.BTC.scanRange"]);
        Assert.Equal(ExampleParamsHash().ToString(), differences["paramsHash"].OnChain);
    }

    [Fact]
    public void Read_AddressWithoutCode_ExitTwoNamingAddress()
    {
        var externallyOwned = DevelopmentKeys.Addresses()[7].ToString();

        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", externallyOwned);

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("--address", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no contract", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("registry")]
    public void Read_MalformedAddress_ExitTwoNamingAddress(string address)
    {
        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", address);

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("--address", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Deploy_ClosedRpcPort_ExitOneNamingEndpointAndNothingChanged()
    {
        var endpoint = $"127.0.0.1:{ClosedPort()}";

        var r = CliRun.Run("registry", "deploy", "--rpc", $"http://{endpoint}", "--params", CliRun.Params, "--dev-key", "0");

        Assert.Equal(ExitCodes.UnexpectedFailure, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.Contains(endpoint, line, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", line, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Deploy_RpcFailsAfterFirstBroadcast_ExitOneWithoutClaimingNothingChanged()
    {
        var deployer = DevelopmentKeys.Addresses()[0];
        var nonceBefore = await NonceAsync(deployer);
        using var proxy = new RpcProxyFailingAfterFirstSend(anvil.RpcUrl);

        var r = CliRun.Run("registry", "deploy", "--rpc", proxy.Url.ToString(), "--params", CliRun.Params, "--dev-key", "0");

        Assert.Equal(ExitCodes.UnexpectedFailure, r.ExitCode);
        Assert.Equal(nonceBefore + 1, await NonceAsync(deployer));
        var line = Assert.Single(r.StderrLines);
        Assert.DoesNotContain("nothing was changed", line, StringComparison.Ordinal);
        Assert.Contains("may be incomplete", line, StringComparison.Ordinal);
        Assert.Contains(deployer.ToString(), line, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    /// <summary>Runs riskgov as a child process whose environment lacks RISKGOV_SIGNER_KEY, so the test
    /// neither depends on nor changes this process's environment.</summary>
    [Fact]
    public async Task Deploy_NoSignerKeyAndNoDevKey_ExitTwoNamingTheVariableAndSendsNothing()
    {
        var deployer = DevelopmentKeys.Addresses()[0];
        var nonceBefore = await NonceAsync(deployer);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Remove(SigningKey.DefaultEnvironmentVariable);
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "riskgov.dll"), "registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(ProcessTimeout), "riskgov did not finish");

        Assert.Equal(ExitCodes.InvalidInput, process.ExitCode);
        Assert.Contains(SigningKey.DefaultEnvironmentVariable, await stderr, StringComparison.Ordinal);
        Assert.Equal("", await stdout);
        Assert.Equal(nonceBefore, await NonceAsync(deployer));
    }

    [Fact]
    public async Task Deploy_RulesFile_TheRegistryHoldsThoseRulesAsCastReadsThem()
    {
        var rules = _run.Write("rules.json", """
            {"rules": {"votingPeriod": 7200, "lateQuorumExtension": 600, "timelockDelay": 3600, "gracePeriod": 86400,
                       "quorumBps": 6000, "supermajorityBps": 7500},
             "bounds": {"scanRange": {"min": "0.02", "max": 0.8}, "steps": {"correlation": "0.1"}}}
            """);

        var r = CliRun.Run("registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params, "--dev-key", "0", "--rules", rules);

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var registry = doc.RootElement.GetProperty("registry").GetString()!;
        Assert.Equal(6000, doc.RootElement.GetProperty("rules").GetProperty("quorumBps").GetInt32());
        // cast decodes the contract's own answer: the rules the file asked for.
        var onChain = await CastTool.RunAsync(CancellationToken.None, "call", registry, "rules()((uint64,uint64,uint64,uint64,uint256,uint256))", "--rpc-url", Rpc);
        Assert.Equal("(7200, 600, 3600, 86400 [8.64e4], 6000, 7500)", onChain.Trim());
        var bounds = await CastTool.RunAsync(CancellationToken.None, "call", registry,
            "bounds()(((int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),(int256,int256),int256,int256,int256,int256,int256,int256))",
            "--rpc-url", Rpc);
        Assert.Contains("(20000000000000000 [2e16], 800000000000000000 [8e17])", bounds, StringComparison.Ordinal);
        Assert.EndsWith("100000000000000000 [1e17])", bounds.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadShowRules_DefaultDeployment_PrintsTheRulesTheCommitteeAndTheGuardianAsTheRegistryHoldsThem()
    {
        var registry = Deploy();

        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", registry, "--show", "rules");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        var root = doc.RootElement;
        var rules = root.GetProperty("rules");
        Assert.Equal(3 * 24 * 3600, rules.GetProperty("votingPeriod").GetInt64());
        Assert.Equal(12 * 3600, rules.GetProperty("lateQuorumExtension").GetInt64());
        Assert.Equal(5000, rules.GetProperty("quorumBps").GetInt32());
        Assert.Equal(6667, rules.GetProperty("supermajorityBps").GetInt32());
        Assert.Equal("0.5", root.GetProperty("bounds").GetProperty("steps").GetProperty("scanRange").GetString());
        Assert.Equal("1", root.GetProperty("committeeEpoch").GetString());
        Assert.Equal(5, root.GetProperty("committee").GetArrayLength());
        Assert.Equal(DevelopmentKeys.Addresses()[0].ToString(), root.GetProperty("guardian").GetString());
        Assert.Contains("quorum 50 %", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_RulesFileWithUnknownAndBadFields_ExitTwoNamingEachFieldAndSendsNothing()
    {
        var rules = _run.Write("bad-rules.json", """{"rules": {"quorum": 5000, "votingPeriod": -1}, "bounds": {"haircut": {"max": "abc"}}}""");

        var r = CliRun.Run("registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params, "--dev-key", "0", "--rules", rules);

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("rules.rules.quorum", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("rules.rules.votingPeriod", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("rules.bounds.haircut.max", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Deploy_UnanimityRule_TheRegistryRefusesItNamingTheFieldAndNothingIsDeployed()
    {
        var deployer = DevelopmentKeys.Addresses()[0];
        var nonceBefore = await NonceAsync(deployer);
        var rules = _run.Write("unanimity.json", """{"rules": {"supermajorityBps": 10000}}""");

        var r = CliRun.Run("registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params, "--dev-key", "0", "--rules", rules);

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("rules.supermajorityBps", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("5001..9999", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await NonceAsync(deployer));
    }

    [Fact]
    public void ReadShowRulesWithVersion_ExitTwoNamingVersion()
    {
        var registry = Deploy();

        var r = CliRun.Run("registry", "read", "--rpc", Rpc, "--address", registry, "--show", "rules", "--version", "1");

        Assert.Equal(ExitCodes.InvalidInput, r.ExitCode);
        Assert.Contains("--version", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The account's nonce as <c>cast nonce</c> reads it.</summary>
    private async Task<long> NonceAsync(Address account)
        => long.Parse(await CastTool.RunAsync(CancellationToken.None, "nonce", account.ToString(), "--rpc-url", Rpc), System.Globalization.CultureInfo.InvariantCulture);

    private static Hash32 ExampleParamsHash() => OnChainParameterCodec.ParamsHash(ParameterSetJson.Read(File.ReadAllBytes(CliRun.Params)));

    /// <summary>Deploys the example set with development key 0 and returns the registry address.</summary>
    private string Deploy()
    {
        var r = CliRun.Run("registry", "deploy", "--rpc", Rpc, "--params", CliRun.Params, "--dev-key", "0");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = r.Json();
        return doc.RootElement.GetProperty("registry").GetString()!;
    }

    /// <summary>Forwards JSON-RPC to the node until one eth_sendRawTransaction has gone through, then
    /// answers every request with HTTP 503: a node that becomes unreachable mid-deployment.</summary>
    private sealed class RpcProxyFailingAfterFirstSend : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly HttpClient _http = new();
        private readonly Uri _target;
        private readonly Task _loop;
        private bool _broken;

        public RpcProxyFailingAfterFirstSend(Uri target)
        {
            _target = target;
            Url = new Uri($"http://127.0.0.1:{ClosedPort()}/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _http.Dispose();
        }

        private async Task ServeAsync()
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                if (_broken)
                {
                    context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                    context.Response.Close();
                    continue;
                }

                using var forwarded = await _http.PostAsync(_target, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                var answer = await forwarded.Content.ReadAsByteArrayAsync();
                _broken = body.Contains("eth_sendRawTransaction", StringComparison.Ordinal);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
