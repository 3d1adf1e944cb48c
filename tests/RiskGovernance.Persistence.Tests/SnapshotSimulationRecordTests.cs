using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The real governance service (real registry on anvil, real SQLite) records a simulation on a stored
/// snapshot with that snapshot's hashes: an oracle market's provenance is in the record's market hash,
/// and the record reproduces on the snapshot read back from its book file.
/// </summary>
public sealed class SnapshotSimulationRecordTests(TemporaryDirectory directory, AnvilFixture node)
    : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AttachSimulation_OnAnOracleSnapshot_RecordNamesTheSnapshotsMarketHashWithItsProvenance_AndReproduces()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var store = s.Database.Services.GetRequiredService<IBookStore>();
        var market = GovernanceStack.Market();
        const string provenance = """{"asOf":"2026-01-01T00:00:00Z","origin":{"chainId":31337,"blockNumber":7,"blockHash":"0xaa"},"assets":[]}""";
        var snapshot = await store.SetCurrentAsync(
            new NewBookSnapshot(market.AsOf, market, GovernanceStack.Book(), "oracle test", DateTimeOffset.UtcNow, provenance), Ct);
        var draft = await s.Service.DraftParametersAsync(
            new DraftParametersCommand("Raise BTC scan range", "BTC realised volatility rose.", s[0].Address, GovernanceStack.Params(("assets.BTC.scanRange", 0.18))), Ct);

        var simulated = await s.Service.AttachSimulationAsync(draft.Id, s[0].Address, snapshot.Inputs, Ct);

        var record = simulated.Simulation!;
        var plainMarketHash = Hash32.Keccak(MarketSnapshotJson.ToUtf8Bytes(market, indented: false));
        Assert.Equal(snapshot.MarketHash, record.MarketHash);
        Assert.Equal(OracleMarketHash.Of(MarketSnapshotJson.ToUtf8Bytes(market, indented: false), System.Text.Encoding.UTF8.GetBytes(provenance)), record.MarketHash);
        Assert.NotEqual(plainMarketHash, record.MarketHash);
        Assert.Equal(Hash32.Keccak(BookJson.ToUtf8Bytes(GovernanceStack.Book(), indented: false)), record.BookHash);

        // Read back by a fresh store (from the book file): the record reproduces on it, and not on the bare market.
        await using var fresh = TestDatabase.Build(s.Database.DataDirectory, s.Database.Time);
        var read = (await fresh.GetRequiredService<IBookStore>().GetCurrentAsync(Ct))!;
        var inForce = ParameterSetJson.Read((await s.Service.GetInForceAsync(Ct))!.ParamsJson);
        var proposed = ParameterSetJson.Read(simulated.ParamsJson!);
        Assert.True(record.Reproduce(SimulationInputs.On(read.Inputs, inForce, proposed), Ct));
        Assert.False(record.Reproduce(new SimulationInputs(read.Market, read.Book, inForce, proposed), Ct));
        Assert.Equal(record, (await s.Database.Services.GetRequiredService<IProposalRepository>().GetAsync(draft.Id, Ct))!.Simulation);
    }
}
