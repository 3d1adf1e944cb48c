using System.Numerics;
using RiskGovernance.Engine.MarketData;

namespace RiskGovernance.Engine.Tests.MarketData;

/// <summary>The pure combination of oracle rounds (the on-chain reads are tested in
/// RiskGovernance.Contracts.Tests against real feeds on anvil): median, refusals and their order.</summary>
public sealed class OraclePriceAggregatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Median_EvenCount_MidpointOfTheTwoMiddleValues()
    {
        Assert.Equal(new BigInteger(25), OraclePriceAggregator.Median([new BigInteger(40), new BigInteger(10), new BigInteger(20), new BigInteger(30)]));
        Assert.Equal(new BigInteger(7), OraclePriceAggregator.Median([new BigInteger(7)]));
        Assert.Throws<ArgumentException>(() => OraclePriceAggregator.Median([]));
    }

    [Theory]
    [InlineData(8, "123456789", "1234567890000000000")]
    [InlineData(18, "1234567890000000000", "1234567890000000000")]
    [InlineData(20, "123456789000000000000", "1234567890000000000")]
    [InlineData(0, "3", "3000000000000000000")]
    public void ToE18_AnyDecimals_OneScale(int decimals, string answer, string expected)
        => Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OraclePriceAggregator.ToE18(BigInteger.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), decimals));

    [Fact]
    public void Aggregate_IncompleteCarriedOverAndFutureRounds_DroppedWithTheirReasons()
    {
        OracleReading[] readings =
        [
            Reading("ETH", "good", 3000, Now.AddMinutes(-5)),
            Reading("ETH", "incomplete", 3000, DateTimeOffset.UnixEpoch),
            OracleReading.Read("ETH", "carried", 8, Hour, new OracleRound(5, 3000_00000000, Now, Now, 4)),
            Reading("ETH", "future", 3000, Now.AddSeconds(1)),
        ];

        var eth = OraclePriceAggregator.Aggregate(readings, Now, 0.05m)["ETH"];

        Assert.Equal(3000m, eth.Price);
        Assert.Equal(["good"], eth.Sources.Select(s => s.Source));
        Assert.Equal([OracleDropReason.IncompleteRound, OracleDropReason.CarriedOver, OracleDropReason.FromTheFuture], eth.Dropped.Select(d => d.Reason));
        Assert.Equal("round 5 carries the answer of the earlier round 4", eth.Dropped[1].Explanation);
    }

    [Fact]
    public void Aggregate_AgeEqualToTheHeartbeat_StillFresh()
    {
        var eth = OraclePriceAggregator.Aggregate([Reading("ETH", "a", 3000, Now - Hour)], Now, 0.05m)["ETH"];

        Assert.Empty(eth.Dropped);
    }

    [Fact]
    public void Aggregate_TwoAssets_EachItsOwnMedianInReadingOrder()
    {
        var prices = OraclePriceAggregator.Aggregate(
            [Reading("BTC", "b1", 60_000, Now), Reading("ETH", "e1", 3000, Now), Reading("BTC", "b2", 60_200, Now), Reading("ETH", "e2", 3010, Now)], Now, 0.05m);

        Assert.Equal(["BTC", "ETH"], prices.Assets.Select(a => a.Asset));
        Assert.Equal(60_100m, prices["BTC"].Price);
        Assert.Equal(3005m, prices["ETH"].Price);
        Assert.Equal(Now, prices.AsOf);
        Assert.Throws<KeyNotFoundException>(() => prices["SOL"]);
    }

    [Fact]
    public void Aggregate_TwoDisagreeingFeeds_BothDroppedAndTheAssetRefused()
    {
        var error = Assert.Throws<NoUsablePriceException>(() =>
            OraclePriceAggregator.Aggregate([Reading("ETH", "a", 3000, Now), Reading("ETH", "b", 4000, Now), Reading("BTC", "c", 60_000, Now)], Now, 0.05m));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("ETH", failure.Asset);
        Assert.All(failure.Dropped, d => Assert.Equal(OracleDropReason.Outlier, d.Reason));
        Assert.StartsWith("no usable price for ETH: every feed was dropped (a: price 3000 in round 1 is 14.29 % from the median 3500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Aggregate_MaxDeviationOutsideZeroToOne_Refused(double maxDeviation)
        => Assert.Throws<ArgumentOutOfRangeException>(() => OraclePriceAggregator.Aggregate([Reading("ETH", "a", 3000, Now)], Now, (decimal)maxDeviation));

    [Fact]
    public void Reading_NonPositiveHeartbeat_Refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => OracleReading.Read("ETH", "a", 8, TimeSpan.Zero, new OracleRound(1, 1, Now, Now, 1)));

    private static OracleReading Reading(string asset, string source, long price, DateTimeOffset updatedAt)
        => OracleReading.Read(asset, source, 8, Hour, new OracleRound(1, new BigInteger(price) * 100_000_000, updatedAt, updatedAt, 1));
}
