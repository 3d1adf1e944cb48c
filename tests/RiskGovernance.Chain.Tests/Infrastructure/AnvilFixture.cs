using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;

namespace RiskGovernance.Chain.Tests.Infrastructure;

/// <summary>
/// Starts a real anvil (from src/RiskGovernance.Contracts/node_modules) on a free 127.0.0.1 port and
/// stops it by its PID on dispose. Use as an xunit class or collection fixture. Self-contained:
/// depends only on the chain layer and the anvil binary.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    private Process? _process;
    private readonly List<HttpClient> _httpClients = [];

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

    public async Task InitializeAsync()
    {
        var port = FreePort();
        RpcUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(RepositoryPaths.Anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
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
        var client = CreateClient(startupOptions);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.GetChainIdAsync(CancellationToken.None);
                return;
            }
            catch (ChainUnavailableException) when (deadline.Elapsed < StartupTimeout && !_process.HasExited)
            {
                await Task.Delay(100);
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

            process.Dispose();
        }

        return Task.CompletedTask;
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
