using RiskGovernance.Chain;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class SimulationRecordTests
{
    private static readonly RiskLimits Lenient = new(1.0, 10.0);

    /// <summary>The example set against the same set with a higher IM multiplier (which raises every account's IM).</summary>
    private static SimulationInputs Inputs(double imMultiplier = 1.2) => new(
        Samples.Market(), Samples.Book(), ParameterSetJson.Read(Samples.ParamsJson()),
        ParameterSetJson.Read(Samples.ParamsJson().Replace("\"imMultiplier\": 1.0", $"\"imMultiplier\": {imMultiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)}", StringComparison.Ordinal)));

    [Fact]
    public void Run_TwiceOnSameInputs_SameHashesAndResult()
    {
        var a = SimulationRecord.Run(Inputs(), Lenient, Samples.Start, CancellationToken.None);
        var b = SimulationRecord.Run(Inputs(), Lenient, Samples.Start.AddHours(1), CancellationToken.None);
        Assert.Equal(a with { RanAt = b.RanAt }, b);
        Assert.Equal(Hash32.Keccak(MarketSnapshotJson.ToUtf8Bytes(Samples.Market(), indented: false)), a.MarketHash);
        Assert.Equal(OnChainParameterCodec.ParamsHash(ParameterSetJson.Read(Samples.ParamsJson())), a.CurrentParamsHash);
        Assert.Equal(42, a.Seed);
        Assert.Equal(SimulationRecord.CurrentEngineVersion, a.EngineVersion);
        Assert.NotEqual(a.CurrentParamsHash, a.ProposedParamsHash);
    }

    [Fact]
    public void Run_OnASnapshotsBook_RecordsTheSnapshotsHashes_AndAnotherMarketInACopyIsHashedAfresh()
    {
        var plain = Inputs();
        var snapshotMarketHash = Hash32.Keccak("market with its oracle provenance"u8);
        var snapshotBookHash = plain.BookHash();
        var on = SimulationInputs.On(new SimulationBook(plain.Market, plain.Book, snapshotMarketHash, snapshotBookHash), plain.Current, plain.Proposed);

        var record = SimulationRecord.Run(on, Lenient, Samples.Start, CancellationToken.None);
        var otherMarket = MarketSnapshotJson.Read(Samples.MarketJson());
        var copy = on with { Market = otherMarket };

        Assert.Equal(snapshotMarketHash, record.MarketHash);
        Assert.Equal(snapshotBookHash, record.BookHash);
        Assert.True(record.Reproduce(on, CancellationToken.None));
        Assert.False(record.Reproduce(plain, CancellationToken.None));
        Assert.Equal(plain.MarketHash(), copy.MarketHash());
        Assert.Equal(snapshotBookHash, copy.BookHash());
        Assert.Equal(plain, SimulationInputs.On(SimulationBook.Of(plain.Market, plain.Book), plain.Current, plain.Proposed));
    }

    [Fact]
    public void Run_Summary_MatchesEngineImpact()
    {
        var inputs = Inputs();
        var record = SimulationRecord.Run(inputs, Lenient, Samples.Start, CancellationToken.None);
        var impact = new MarginEngine().Impact(MarginInputs.Create(inputs.Market, inputs.Current, inputs.Book), inputs.Proposed);
        Assert.Equal(ImpactSummary.Of(impact), record.Summary);
        Assert.Equal(impact.Current.Totals.InitialMargin, record.Summary.TotalImBefore);
        Assert.True(record.Summary.TotalImAfter > record.Summary.TotalImBefore); // a higher multiplier needs more margin
        Assert.Equal(SimulationRecord.ResultHashOf(impact), record.ResultHash);
    }

    [Fact]
    public void Reproduce_SameInputs_True()
    {
        var record = SimulationRecord.Run(Inputs(), Lenient, Samples.Start, CancellationToken.None);
        Assert.True(record.Reproduce(Inputs(), CancellationToken.None));
    }

    [Fact]
    public void Reproduce_TamperedResultHash_False()
    {
        var record = SimulationRecord.Run(Inputs(), Lenient, Samples.Start, CancellationToken.None);
        Assert.False((record with { ResultHash = Hash32.Keccak("tampered") }).Reproduce(Inputs(), CancellationToken.None));
    }

    [Fact]
    public void Reproduce_OtherProposedSet_False()
    {
        var record = SimulationRecord.Run(Inputs(), Lenient, Samples.Start, CancellationToken.None);
        Assert.False(record.Reproduce(Inputs(1.1), CancellationToken.None));
    }

    [Fact]
    public void Run_ImGrowthAboveLimit_WarningStored()
    {
        var record = SimulationRecord.Run(Inputs(), new RiskLimits(1.0, 0.0), Samples.Start, CancellationToken.None);
        var warning = Assert.Single(record.Warnings);
        Assert.StartsWith("totalInitialMargin: grows by", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithinLimits_NoWarnings()
        => Assert.Empty(SimulationRecord.Run(Inputs(), Lenient, Samples.Start, CancellationToken.None).Warnings);

    [Fact]
    public void Warnings_NewlyLiquidatableShareAboveLimit_Warns()
    {
        var summary = new ImpactSummary(100, 10, 11, 100, 0, 0, 0, 95, 0, 0, 5, 5, 0, 1);
        var warnings = new RiskLimits(0.01, 1.0).Warnings(summary, newlyLiquidatable: 5);
        Assert.Equal("liquidatable: 5 of 100 accounts (5.00 %) become liquidatable, above the limit 1.00 %", Assert.Single(warnings));
    }
}
