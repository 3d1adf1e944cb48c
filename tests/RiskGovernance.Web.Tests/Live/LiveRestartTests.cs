using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Batching;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Live;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Live;

/// <summary>A second portal on the same data directory and chain neither redeploys nor re-seeds; the indexer and the feeder resume.</summary>
public sealed class LiveRestartTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_second_portal_on_the_same_data_and_chain_reuses_the_contracts_and_the_book_and_resumes()
    {
        var data = Directory.CreateTempSubdirectory("riskgov-live-restart-").FullName;
        var node = new AnvilFixture();
        await node.InitializeAsync();
        try
        {
            string record;
            long nextPosition;
            IndexedBlock cursor;
            DateOnly day;
            int snapshots;
            Address contract;
            using (var first = new PortalFactory(node, settings: LivePortal.Settings(data)))
            {
                first.Start();
                var services = first.Services;
                record = await File.ReadAllTextAsync(Path.Combine(data, LocalChainDeployment.RecordFileName));
                contract = Address.Parse(services.GetRequiredService<IOptions<LiveOptions>>().Value.MarginAccounts!);
                await services.GetRequiredService<PriceFeeder>().StepAsync(None);
                day = services.GetRequiredService<PriceFeeder>().Status.DayReplayed!.Value;
                await services.GetRequiredService<ChainFollower>().TickAsync(None);
                nextPosition = await new MarginAccountsService(node.CreateSender(), contract).GetNextPositionIdAsync(None);
                cursor = (await services.GetRequiredService<IMarginBookStore>().GetCursorAsync(contract, None))!;
                snapshots = (await services.GetRequiredService<IBookStore>().ListAsync(100, None)).Count;
            }

            using var second = new PortalFactory(node, settings: LivePortal.Settings(data));
            second.Start();
            var again = second.Services;
            Assert.Equal(record, await File.ReadAllTextAsync(Path.Combine(data, LocalChainDeployment.RecordFileName)));
            Assert.Equal(contract.ToString(), again.GetRequiredService<IOptions<LiveOptions>>().Value.MarginAccounts);
            Assert.Equal(nextPosition, await new MarginAccountsService(node.CreateSender(), contract).GetNextPositionIdAsync(None));
            using var chain = node.CreateClient();
            Assert.Equal(1, await DemoChain.Batch(chain).GetNonceAsync(DemoChain.AccountKey(20241231, contract, 0).Address, None));

            // Nothing changed on the chain's book and no round was added: no new snapshot, and the cursor went on from where it was.
            Assert.False(await again.GetRequiredService<ChainFollower>().TickAsync(None));
            Assert.Equal(snapshots, (await again.GetRequiredService<IBookStore>().ListAsync(100, None)).Count);
            var resumed = (await again.GetRequiredService<IMarginBookStore>().GetCursorAsync(contract, None))!;
            Assert.True(resumed.Number >= cursor.Number, $"the cursor went back from {cursor.Number} to {resumed.Number}");
            Assert.Equal(300, (await again.GetRequiredService<IBookStore>().GetCurrentAsync(None))!.Book.Accounts.Count);

            // The feeder replays the next day.
            var status = await again.GetRequiredService<PriceFeeder>().StepAsync(None);
            Assert.Equal(day.AddDays(1), status.DayReplayed);
            Assert.True(await again.GetRequiredService<ChainFollower>().TickAsync(None));
        }
        finally
        {
            await node.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment.
            }
        }
    }
}
