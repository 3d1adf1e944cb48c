using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using Xunit;

namespace RiskGovernance.Testing;

/// <summary>
/// A real anvil chain (chain id 31337, the public development accounts of
/// <see cref="RiskGovernance.Chain.Accounts.DevelopmentKeys"/>), started from
/// src/RiskGovernance.Contracts/node_modules on a free 127.0.0.1 port and stopped by its PID on
/// dispose. Use as an xunit class or collection fixture.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    private readonly List<HttpClient> _httpClients = [];
    private Process? _process;
    private EthRpcClient? _controlClient;

    /// <summary>The node's URL, http://127.0.0.1:PORT.</summary>
    public Uri RpcUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The PID of the anvil process.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("anvil is not running.");

    /// <summary>Options for a client of this node (short poll interval, few retries).</summary>
    public ChainRpcOptions CreateOptions() => new()
    {
        RpcUrl = RpcUrl,
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
        ReceiptTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A new client of this node (its HttpClient is disposed with the fixture).</summary>
    public EthRpcClient CreateClient(ChainRpcOptions? options = null)
    {
        var http = new HttpClient();
        lock (_httpClients)
        {
            _httpClients.Add(http);
        }

        return new EthRpcClient(http, Options.Create(options ?? CreateOptions()));
    }

    /// <summary>A sender over a new client, with its own nonce allocator.</summary>
    public TransactionSender CreateSender(int confirmations = 1, EthRpcClient? client = null)
        => new(client ?? CreateClient(), new NonceAllocator(), Options.Create(new TransactionSenderOptions { Confirmations = confirmations }));

    /// <summary>Raw JSON-RPC call, for node controls that <see cref="AnvilClient"/> does not offer.</summary>
    public Task<JsonElement> RpcAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
        => ControlClient.SendRequestAsync(method, parameters, cancellationToken);

    /// <summary>Moves the chain clock forward and mines a block carrying the new time.</summary>
    public async Task IncreaseTimeAsync(TimeSpan delta, CancellationToken cancellationToken)
    {
        var controls = new AnvilClient(ControlClient);
        await controls.IncreaseTimeAsync(delta, cancellationToken);
        await controls.MineAsync(cancellationToken);
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        RpcUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(RepositoryPaths.Anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("anvil did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var startupOptions = CreateOptions();
        startupOptions.MaxRetries = 0;
        var probe = CreateClient(startupOptions);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode} before answering on {RpcUrl}.");
            }

            try
            {
                await probe.GetChainIdAsync(CancellationToken.None);
                return;
            }
            catch (ChainUnavailableException) when (deadline.Elapsed < StartupTimeout)
            {
                await Task.Delay(100);
            }
            catch (ChainUnavailableException ex)
            {
                throw new TimeoutException($"anvil did not answer on {RpcUrl} within {StartupTimeout}.", ex);
            }
        }
    }

    public Task DisposeAsync()
    {
        lock (_httpClients)
        {
            foreach (var http in _httpClients)
            {
                http.Dispose();
            }
        }

        if (_process is { } process)
        {
            try
            {
                using var byId = Process.GetProcessById(process.Id);
                byId.Kill();
                byId.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already exited.
            }
            catch (InvalidOperationException)
            {
                // Exited between the look-up and the kill.
            }

            process.Dispose();
        }

        return Task.CompletedTask;
    }

    private EthRpcClient ControlClient
    {
        get
        {
            lock (_httpClients)
            {
                return _controlClient ??= CreateClient();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
