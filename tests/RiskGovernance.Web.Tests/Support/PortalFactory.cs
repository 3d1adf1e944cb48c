using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RiskGovernance.Testing;

namespace RiskGovernance.Web.Tests.Support;

/// <summary>
/// The real portal (Development, the demo seeded) over a real anvil node and a real SQLite file in
/// a fresh temporary directory. <see cref="ServeOnLoopback"/> serves it on a real 127.0.0.1 port
/// for a browser; otherwise it runs on the in-memory TestServer.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly AnvilFixture _node;
    private readonly bool _kestrel;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly int _port;

    /// <summary>
    /// A portal over <paramref name="node"/>; <paramref name="settings"/> override configuration and
    /// <paramref name="services"/>, when given, changes the registrations (e.g. removes a hosted service).
    /// </summary>
    public PortalFactory(
        AnvilFixture node, bool serveOnLoopback = false, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _node = node ?? throw new ArgumentNullException(nameof(node));
        _kestrel = serveOnLoopback;
        _services = services;
        DataDirectory = Path.Combine(Path.GetTempPath(), "riskgov-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Chain:RpcUrl"] = _node.RpcUrl.ToString(),
            ["Chain:ReceiptPollInterval"] = "00:00:00.050",
            ["Persistence:DataDirectory"] = DataDirectory,
            ["Portal:Demo:Enabled"] = "true",
            ["Portal:Demo:Accounts"] = "300",

            // Opening 300 accounts by transactions costs each portal seconds; the Live tests (and the run.sh
            // default) open them on chain, the rest take the same generated plan directly.
            ["Portal:Demo:BookOnChain"] = "false",
            ["Portal:DevWallet"] = "true",

            // The live chain follower and the feeder's timer would store snapshots under the other tests' feet;
            // the Live tests turn the follower on and drive the feeder step by step.
            ["Live:Follow"] = "false",
            ["Live:Feeder:AutoRun"] = "false",

            // Tests sign in and write far more often than people; the rate limits' own tests set low ones.
            ["Portal:RateLimits:AuthPerClient"] = "100000",
            ["Portal:RateLimits:AuthPerAddress"] = "100000",
            ["Portal:RateLimits:WritesPerClient"] = "100000",
            ["Portal:RateLimits:WritesPerAddress"] = "100000",
        };

        // The portal answers only at its public origin: the TestServer's http://localhost, or a
        // loopback port chosen here (Kestrel binds it in Start).
        if (serveOnLoopback)
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        _settings["Portal:PublicOrigin"] = serveOnLoopback ? $"http://127.0.0.1:{_port}" : "http://localhost";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The portal's data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the portal is served by Kestrel on a loopback port.</summary>
    public bool ServeOnLoopback => _kestrel;

    /// <summary>The base address (http://127.0.0.1:PORT/ with Kestrel; the TestServer's otherwise).</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost/");

    /// <summary>Starts the host (and Kestrel when asked) and returns the base address.</summary>
    public Uri Start()
    {
        if (_kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            BaseAddress = new Uri(addresses.Addresses.First() + "/");
        }
        else
        {
            BaseAddress = CreateClient().BaseAddress!;
        }

        return BaseAddress;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environments.Development);
        builder.UseSolutionRelativeContentRoot(".", solutionName: "RiskGovernance.sln");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>Removes the registry reconciliation's hosted service (for tests that act on the chain behind the portal's back).</summary>
    public static void WithoutReconciliation(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var d in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RiskGovernance.Contracts.GovernanceAdapters.ChainReconciliation)).ToList())
        {
            services.Remove(d);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp directory is cleaned by the OS.
            }
        }
    }
}
