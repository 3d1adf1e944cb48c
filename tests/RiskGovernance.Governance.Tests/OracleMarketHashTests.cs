using System.Numerics;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Governance.Tests;

/// <summary>The hash of an oracle market snapshot that goes into simulation records: keccak256 of its canonical
/// market JSON and provenance (checked against cast), the same for the same inputs, different when any source changes.</summary>
public sealed class OracleMarketHashTests
{
    private static readonly DateTimeOffset AsOf = new(2022, 11, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_IsKeccakOfTheCanonicalBytes_AsCastComputesIt()
    {
        var snapshot = Snapshot();

        var expected = CastTool.Run("keccak", "0x" + Convert.ToHexStringLower(snapshot.CanonicalBytes())).Trim();

        Assert.Equal(Hash32.Parse(expected), OracleMarketHash.Of(snapshot));
    }

    [Fact]
    public void Of_StoredTexts_SameHashAsTheSnapshot()
    {
        var snapshot = Snapshot();

        var fromTexts = OracleMarketHash.Of(snapshot.MarketJson(indented: false), snapshot.ProvenanceJson(indented: false));

        Assert.Equal(OracleMarketHash.Of(snapshot), fromTexts);
        Assert.NotEqual(Hash32.Keccak(snapshot.MarketJson(indented: false)), fromTexts);
    }

    [Fact]
    public void Of_ProvenanceNotJson_RejectedNamingIt()
    {
        var error = Assert.Throws<RiskGovernance.Engine.Validation.InputValidationException>(
            () => OracleMarketHash.Of(Snapshot().MarketJson(indented: false), "{\"asOf\""u8));

        Assert.Contains("marketProvenance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_SameInputs_SameHash()
        => Assert.Equal(OracleMarketHash.Of(Snapshot()), OracleMarketHash.Of(Snapshot()));

    [Theory]
    [InlineData("roundId")]
    [InlineData("updatedAt")]
    [InlineData("feed")]
    [InlineData("droppedReason")]
    [InlineData("answerSameMedian")]
    [InlineData("block")]
    [InlineData("volatility")]
    public void Of_AnySourceChanged_DifferentHash(string change)
    {
        var changed = change switch
        {
            "roundId" => Snapshot(round: 8),
            "updatedAt" => Snapshot(updated: AsOf.AddMinutes(-31)),
            "feed" => Snapshot(feed: "0xb1"),
            "droppedReason" => Snapshot(third: -1m),
            "answerSameMedian" => Snapshot(low: 17_580m),
            "block" => Snapshot(block: 43),
            "volatility" => Snapshot(window: 60),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(OracleMarketHash.Of(Snapshot()), OracleMarketHash.Of(changed));
    }

    [Fact]
    public void Of_MarketUnchangedButProvenanceChanged_MarketHashSameSnapshotHashDifferent()
    {
        var reference = Snapshot();
        var changed = Snapshot(low: 17_580m);

        Assert.Equal(reference.MarketJson(indented: false), changed.MarketJson(indented: false));
        Assert.NotEqual(OracleMarketHash.Of(reference), OracleMarketHash.Of(changed));
    }

    /// <summary>BTC from three 8-decimal feeds (17,590 or <paramref name="low"/>, 17,600, 17,610: median 17,600) and a
    /// fourth feed dropped (stale at 17,000, or non-positive).</summary>
    private static OracleMarketSnapshot Snapshot(
        int round = 7, DateTimeOffset? updated = null, string feed = "0xa1", decimal third = 17_000m, decimal low = 17_590m, long block = 42, int window = 90)
    {
        var day = TimeSpan.FromDays(1);
        OracleReading[] readings =
        [
            Reading(feed, round, low, updated ?? AsOf.AddMinutes(-30)),
            Reading("0xa2", 2, 17_600m, AsOf.AddMinutes(-20)),
            Reading("0xa3", 5, 17_610m, AsOf.AddMinutes(-10)),
            Reading("0xa4", 3, third, third > 0 ? AsOf.AddDays(-2) : AsOf.AddMinutes(-5)),
        ];
        var prices = OraclePriceAggregator.Aggregate(readings, AsOf, 0.05m);
        var volatility = new OracleVolatility(MarketDataset.LoadDailyCloses(), dvol: null, windowDays: window);
        return OracleMarketSnapshot.Build(prices, volatility, new OracleMarketOrigin(31337, block, "0x" + new string('b', 64)));

        OracleReading Reading(string source, int id, decimal price, DateTimeOffset at)
            => OracleReading.Read("BTC", source, 8, day, new OracleRound(id, new BigInteger(price * 100_000_000m), at, at, id));
    }
}
