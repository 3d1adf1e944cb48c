using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RiskGovernance.Chain;
using Xunit;

namespace RiskGovernance.Testing;

/// <summary>
/// A real anvil chain (chain id 31337, the public development accounts of
/// <see cref="DevelopmentKeys"/>), started from
/// src/RiskGovernance.Contracts/node_modules on a free 127.0.0.1 port and stopped by its PID on
/// dispose. Use as an xunit class or collection fixture.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    private readonly List<ChainClient> _clients = [];
    private Process? _process;
    private ChainClient? _controlClient;

    /// <summary>The node's URL, http://127.0.0.1:PORT.</summary>
    public Uri RpcUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The PID of the anvil process.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("anvil is not running.");

    /// <summary>Options for a client of this node (short poll interval, few retries).</summary>
    public ChainOptions CreateOptions() => new()
    {
        RpcUrl = RpcUrl,
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
        ReceiptTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A new client of this node (disposed with the fixture); each has its own nonce services.</summary>
    public ChainClient CreateClient(ChainOptions? options = null)
    {
        var client = new ChainClient(options ?? CreateOptions());
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>A sender over a new client (so with its own nonce services).</summary>
    public TransactionSender CreateSender(int confirmations = 1)
    {
        var options = CreateOptions();
        options.Confirmations = confirmations;
        return new TransactionSender(CreateClient(options));
    }

    /// <summary>The node's test controls (time, mining, snapshots).</summary>
    public AnvilClient Controls => new(ControlClient);

    /// <summary>Moves the chain clock forward and mines a block carrying the new time.</summary>
    public async Task IncreaseTimeAsync(TimeSpan delta, CancellationToken cancellationToken)
    {
        var controls = Controls;
        await controls.IncreaseTimeAsync(delta, cancellationToken);
        await controls.MineAsync(cancellationToken);
    }

    /// <summary>
    /// When set before <see cref="InitializeAsync"/>: anvil loads its state from this file on start and
    /// saves it every second and when stopped (as ./run.sh runs it), so that <see cref="RestartAsync"/>
    /// finds the chain it left.
    /// </summary>
    public string? StatePath { get; init; }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        RpcUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await StartProcessAsync(port);
    }

    /// <summary>
    /// Stops anvil as Ctrl+C in ./run.sh does (SIGTERM: it saves its state to <see cref="StatePath"/>),
    /// waits for it to exit, and starts it again on the same port.
    /// </summary>
    public async Task RestartAsync()
    {
        var process = _process ?? throw new InvalidOperationException("anvil is not running.");
        if (Signals.Terminate(process.Id) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to anvil (pid {process.Id}) failed.");
        }

        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
        lock (_clients)
        {
            _controlClient = null;
        }

        await StartProcessAsync(RpcUrl.Port);
    }

    private async Task StartProcessAsync(int port)
    {
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

        if (StatePath is not null)
        {
            foreach (var argument in new[] { "--state", StatePath, "--state-interval", "1" })
            {
                start.ArgumentList.Add(argument);
            }
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
                await probe.ReadChainIdAsync(CancellationToken.None);
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
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
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

    private ChainClient ControlClient
    {
        get
        {
            lock (_clients)
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

/// <summary>POSIX signals for the processes the tests start.</summary>
internal static class Signals
{
    /// <summary>Sends SIGTERM with the system's kill(1); its exit code (0 on success).</summary>
    public static int Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill(1) did not start.");
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
