using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// A local anvil chain on 127.0.0.1 and a free port, started from the pinned npm binary and
/// stopped by its PID. Its ten dev keys are public knowledge (local use only).
/// </summary>
public sealed class AnvilNode : IAsyncLifetime
{
    /// <summary>anvil's default dev keys, accounts 0..9.</summary>
    public static readonly IReadOnlyList<string> DevKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;

    public const long ChainId = 31337;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo(ContractsToolchain.Bin("anvil"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("anvil did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode}");
            }

            try
            {
                await RpcAsync("eth_chainId", [], CancellationToken.None);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"anvil did not answer on {Endpoint} within {StartTimeout}.");
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Raw JSON-RPC call for test-only node controls (evm_increaseTime, evm_mine, snapshots).</summary>
    public async Task<JsonElement> RpcAsync(string method, object[] parameters, CancellationToken cancellationToken)
    {
        var request = new { jsonrpc = "2.0", id = 1, method, @params = parameters };
        using var response = await _http.PostAsJsonAsync(Endpoint, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (body.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}: {error}");
        }

        return body.GetProperty("result").Clone();
    }

    /// <summary>Moves the chain clock forward and mines a block.</summary>
    public async Task IncreaseTimeAsync(long seconds, CancellationToken cancellationToken)
    {
        await RpcAsync("evm_increaseTime", [seconds], cancellationToken);
        await RpcAsync("evm_mine", [], cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
