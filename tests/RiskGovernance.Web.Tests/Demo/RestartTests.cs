using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Demo;

/// <summary>
/// The README's own flow, as a user who restarts: the demo (anvil saving its state to a file, as
/// ./run.sh runs it, and the portal on a SQLite file) stopped and started several times with time
/// travel in between. Every proposal, vote and audit entry must still be there, the portal must not
/// move its database, and the portal's clock must agree with the restarted chain's.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Stopping_and_starting_the_demo_with_time_travel_in_between_keeps_every_record()
    {
        var work = Directory.CreateTempSubdirectory("riskgov-restart-").FullName;
        var data = Path.Combine(work, "data");
        var node = new AnvilFixture { StatePath = Path.Combine(work, "state.json") };
        await node.InitializeAsync();
        try
        {
            Snapshot? before = null;
            for (var run = 0; run < 3; run++)
            {
                using (var portal = new PortalFactory(node, settings: new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data }))
                {
                    portal.Start();
                    var now = await SnapshotAsync(portal);
                    if (before is not null)
                    {
                        Assert.Equal(before.Proposals, now.Proposals);
                        Assert.Equal(before.Votes, now.Votes);
                        Assert.Equal(before.Audit, now.Audit);
                        Assert.Equal(before.Registry, now.Registry);
                        Assert.True(now.ChainTime >= before.ChainTime, $"the chain's clock went back from {before.ChainTime:O} to {now.ChainTime:O}");
                    }

                    var services = portal.Services;
                    await AssertClocksAgreeAsync(services, "after the restart");
                    Assert.Empty(Directory.EnumerateFiles(data, "*.stale-*"));

                    // Time travel (as the README's flow does): the chain moves forward from where it
                    // was, and the portal's clock with it.
                    await services.GetRequiredService<ChainTime>().AdvanceAsync(TimeSpan.FromDays(1), CancellationToken.None);
                    var travelled = await services.GetRequiredService<IRegistryGateway>().GetChainTimeAsync(CancellationToken.None);
                    Assert.True(travelled >= now.ChainTime + TimeSpan.FromDays(1), $"the chain read {travelled:O} after a day's travel from {now.ChainTime:O}");
                    await AssertClocksAgreeAsync(services, "after time travel");

                    // Something new to keep: the active proposal is finalized once its vote is over, by a member.
                    if (run == 1)
                    {
                        var active = (await services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Active, CancellationToken.None)).Single();
                        await services.GetRequiredService<ChainTime>().AdvanceAsync(TimeSpan.FromDays(3), CancellationToken.None);
                        await services.GetRequiredService<GovernanceService>().FinalizeAsync(active.Id, DemoCommittee.Members[0].Address, CancellationToken.None);
                    }

                    before = await SnapshotAsync(portal);
                }

                await node.RestartAsync();
            }

            Assert.Contains(before!.Proposals, p => p.EndsWith(":Defeated", StringComparison.Ordinal) || p.EndsWith(":Succeeded", StringComparison.Ordinal));
        }
        finally
        {
            await node.DisposeAsync();
            TryDelete(work);
        }
    }

    [Fact]
    public async Task A_chain_that_does_not_hold_the_recorded_registry_stops_the_start_and_leaves_the_database_alone()
    {
        var work = Directory.CreateTempSubdirectory("riskgov-otherchain-").FullName;
        var data = Path.Combine(work, "data");
        try
        {
            var first = new AnvilFixture();
            await first.InitializeAsync();
            try
            {
                using var portal = new PortalFactory(first, settings: new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data });
                portal.Start();
            }
            finally
            {
                await first.DisposeAsync();
            }

            var database = Path.Combine(data, PersistenceOptions.DatabaseFileName);
            var bytes = await File.ReadAllBytesAsync(database);

            // Another chain (a fresh anvil: the state file was lost) answers on the configured URL.
            var other = new AnvilFixture();
            await other.InitializeAsync();
            try
            {
                var configuration = new ConfigurationManager();
                configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Chain:RpcUrl"] = other.RpcUrl.ToString(),
                    ["Persistence:DataDirectory"] = data,
                    ["Portal:Demo:Enabled"] = "true",
                });
                var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalChainDeployment.EnsureAsync(configuration, CancellationToken.None));
                Assert.Contains("does not hold the registry recorded", refusal.Message, StringComparison.Ordinal);
                Assert.Contains(LocalChainDeployment.ResetCommand, refusal.Message, StringComparison.Ordinal);
                Assert.Null(configuration["Governance:RegistryAddress"]);

                // Nothing deployed on the other chain, the database neither moved nor changed.
                Assert.Equal(0, await other.CreateClient().GetBlockNumberAsync(CancellationToken.None));
                Assert.Equal(bytes, await File.ReadAllBytesAsync(database));
                Assert.Equal([database], Directory.EnumerateFiles(data, PersistenceOptions.DatabaseFileName + "*").Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)));
            }
            finally
            {
                await other.DisposeAsync();
            }
        }
        finally
        {
            TryDelete(work);
        }
    }

    [Fact]
    public async Task A_database_without_a_deployment_record_is_not_replaced()
    {
        var work = Directory.CreateTempSubdirectory("riskgov-norecord-").FullName;
        var node = new AnvilFixture();
        await node.InitializeAsync();
        try
        {
            var database = Path.Combine(work, PersistenceOptions.DatabaseFileName);
            await File.WriteAllTextAsync(database, "records of another registry");
            var configuration = new ConfigurationManager();
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Chain:RpcUrl"] = node.RpcUrl.ToString(),
                ["Persistence:DataDirectory"] = work,
                ["Portal:Demo:Enabled"] = "true",
            });
            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalChainDeployment.EnsureAsync(configuration, CancellationToken.None));
            Assert.Contains(LocalChainDeployment.RecordFileName, refusal.Message, StringComparison.Ordinal);
            Assert.Contains(LocalChainDeployment.ResetCommand, refusal.Message, StringComparison.Ordinal);
            Assert.Equal("records of another registry", await File.ReadAllTextAsync(database));
            Assert.False(File.Exists(Path.Combine(work, LocalChainDeployment.RecordFileName)));
        }
        finally
        {
            await node.DisposeAsync();
            TryDelete(work);
        }
    }

    /// <summary>The portal's clock and the chain's agree (neither runs days ahead of the other).</summary>
    private static async Task AssertClocksAgreeAsync(IServiceProvider services, string when)
    {
        var clock = services.GetRequiredService<PortalClock>().GetUtcNow();
        var chainNow = await services.GetRequiredService<IRegistryGateway>().GetChainTimeAsync(CancellationToken.None);
        Assert.True((clock - chainNow).Duration() < TimeSpan.FromMinutes(5), $"{when}: portal clock {clock:O}, chain clock {chainNow:O}");
    }

    private static async Task<Snapshot> SnapshotAsync(PortalFactory portal)
    {
        var services = portal.Services;
        var proposals = await services.GetRequiredService<IProposalRepository>().ListAsync(null, CancellationToken.None);
        var audit = await services.GetRequiredService<IAuditLog>().ListAsync(null, CancellationToken.None);
        var registry = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GovernanceRulesOptions>>().Value.RegistryAddress;
        return new Snapshot(
            [.. proposals.Select(p => $"{p.Id}:{p.State}").Order(StringComparer.Ordinal)],
            [.. proposals.SelectMany(p => p.Votes.Select(v => $"{p.Id}:{v.Voter}:{v.Support}:{v.Signature}")).Order(StringComparer.Ordinal)],
            [.. audit.Select(e => $"{e.Sequence}:{e.Hash}")],
            registry,
            await services.GetRequiredService<IRegistryGateway>().GetChainTimeAsync(CancellationToken.None));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temporary directory is cleaned by the OS.
        }
    }

    private sealed record Snapshot(string[] Proposals, string[] Votes, string[] Audit, string Registry, DateTimeOffset ChainTime);
}
