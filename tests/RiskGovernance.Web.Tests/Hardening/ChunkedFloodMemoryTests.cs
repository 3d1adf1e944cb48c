using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RiskGovernance.Testing;
using Xunit.Abstractions;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>
/// The memory attack of the issue against the portal running as its own process (dotnet
/// RiskGovernance.Web.dll, Development, the demo, a real anvil node): 8 parallel chunked bodies of
/// 28 MB to the sign-in endpoint. Each gets a 413 problem, and the process's peak resident memory
/// (VmHWM, reset just before the attack through /proc/PID/clear_refs) grows by less than
/// <see cref="MaxGrowthBytes"/>: had the bodies been read, they alone would be 224 MB.
/// </summary>
public sealed partial class ChunkedFloodMemoryTests(AnvilFixture node, ITestOutputHelper output) : IClassFixture<AnvilFixture>
{
    /// <summary>The most the attack may add to the process's peak resident memory.</summary>
    private const long MaxGrowthBytes = 96L * 1024 * 1024;

    private const long BodyBytes = 28L * 1000 * 1000;

    [Fact]
    public async Task EightParallelChunkedBodiesOf28MB_413Problems_PeakMemoryGrowsLessThan96MB()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("reads /proc (Linux).");
        }

        await using var portal = await PortalProcess.StartAsync(node.RpcUrl);

        // Warm the path once (JIT, the endpoint, the problem writer) so that the attack measures only itself.
        var warm = await RawHttp.PostChunkedAsync(portal.Address, "/auth/challenge", "application/json", "{\"address\":\"", 1024 * 1024);
        Assert.Equal(413, warm.Status);
        var before = portal.ResetPeakAndReadResident();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => RawHttp.PostChunkedAsync(portal.Address, "/auth/challenge", "application/json", "{\"address\":\"", BodyBytes))));
        var peak = portal.ReadPeak();
        output.WriteLine($"resident before the attack {before / (1024 * 1024)} MB, peak during it {peak / (1024 * 1024)} MB");

        Assert.All(answers, a =>
        {
            Assert.Equal(413, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
            using var json = JsonDocument.Parse(a.Body);
            Assert.Equal("body: larger than 64 KiB.", json.RootElement.GetProperty("detail").GetString());
        });
        Assert.True(peak - before < MaxGrowthBytes,
            $"the attack raised the portal's peak resident memory from {before / (1024 * 1024)} MB to {peak / (1024 * 1024)} MB (limit: +{MaxGrowthBytes / (1024 * 1024)} MB)");
        Assert.False(portal.HasExited);
    }

    /// <summary>The portal as its own process, on a free loopback port, with a fresh data directory.</summary>
    private sealed partial class PortalProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _data;

        private PortalProcess(Process process, string data, Uri address)
        {
            _process = process;
            _data = data;
            Address = address;
        }

        public Uri Address { get; }

        public bool HasExited => _process.HasExited;

        public static async Task<PortalProcess> StartAsync(Uri rpc)
        {
            var output = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var configuration = Path.GetFileName(Path.GetDirectoryName(output))!; // bin/<Configuration>/net10.0
            var dll = Path.Combine(RepositoryPaths.Root, "src", "RiskGovernance.Web", "bin", configuration, Path.GetFileName(output), "RiskGovernance.Web.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing (built with the tests)");
            var data = Path.Combine(Path.GetTempPath(), "riskgov-flood-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(data);
            // The portal answers only at its public origin: a loopback port chosen here, bound by Kestrel.
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            var origin = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}";
            probe.Stop();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         dll, "--contentRoot", RepositoryPaths.Root, "--urls", origin, "--Portal:PublicOrigin", origin,
                         "--Chain:RpcUrl", rpc.ToString(), "--Persistence:DataDirectory", data,
                         "--Portal:Demo:Enabled", "true", "--Portal:Demo:Accounts", "300", "--Portal:DevWallet", "true",
                         "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetException(new InvalidOperationException("the portal stopped:\n" + string.Join('\n', log)));
                    return;
                }

                log.Enqueue(e.Data);
                if (Listening().Match(e.Data) is { Success: true } m)
                {
                    listening.TrySetResult(new Uri(m.Groups[1].Value));
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    log.Enqueue(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var portal = new PortalProcess(process, data, await listening.Task.WaitAsync(TimeSpan.FromMinutes(3)));

            // Ready when the sign-in endpoint answers (the demo is deployed and seeded before Kestrel listens).
            using var client = new HttpClient { BaseAddress = portal.Address };
            using var me = await client.GetAsync(new Uri("/auth/me", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode);
            return portal;
        }

        /// <summary>Resets the process's peak resident set (VmHWM) to its current size and returns that size.</summary>
        public long ResetPeakAndReadResident()
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return Status("VmRSS");
        }

        /// <summary>The peak resident set since the reset.</summary>
        public long ReadPeak() => Status("VmHWM");

        private long Status(string field)
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temporary directory.
            }
        }

        [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
        private static partial Regex Listening();
    }
}
