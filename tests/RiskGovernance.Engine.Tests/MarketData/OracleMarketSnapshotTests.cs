using System.Numerics;
using System.Text;
using System.Text.Json;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.MarketData;

/// <summary>
/// Volatility of oracle market snapshots (the embedded Deribit DVOL close where the date has one, the EWMA of
/// the asset's own closes otherwise, checked against its closed form) and the snapshot's provenance record and
/// canonical bytes (deterministic; any change of a source changes them).
/// </summary>
public sealed class OracleMarketSnapshotTests
{
    private static readonly DateTimeOffset FtxDay = new(2022, 11, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Estimate_EmbeddedDvolOnTheDate_IsTheDvolCloseOverAHundred()
    {
        var btc = OracleVolatility.Embedded().Estimate("BTC", new DateOnly(2022, 11, 10));

        // dvol_daily_deribit.csv: 2022-11-10,BTC,114.72,115.37,85.05,93.12
        Assert.Equal(VolatilityMethod.Dvol, btc.Method);
        Assert.Equal(93.12, btc.DvolClose);
        Assert.Equal(0.9312, btc.Volatility, 12);
    }

    [Fact]
    public void Estimate_NoDvolForTheAssetOrTheDate_IsTheEwmaOfItsOwnCloses()
    {
        var source = OracleVolatility.Embedded();
        var sol = source.Estimate("SOL", new DateOnly(2022, 11, 10));
        var btcBeforeDvol = source.Estimate("BTC", new DateOnly(2020, 12, 1));

        Assert.Equal(VolatilityMethod.Ewma, sol.Method);
        Assert.Equal(
            ReturnStatistics.AnnualisedVolatility(MarketDataset.LoadDailyCloses(), "SOL", new DateOnly(2022, 11, 10), 90, VolatilityEstimator.Ewma),
            sol.Volatility);
        Assert.Equal(90, sol.Returns);
        Assert.Equal(VolatilityMethod.Ewma, btcBeforeDvol.Method);
        Assert.Null(btcBeforeDvol.DvolClose);
    }

    [Fact]
    public void Estimate_EwmaOfASmallSeries_EqualsTheClosedForm()
    {
        // Eleven closes: nine returns of a, then the newest return b. With weights (1 - l) l^k, k = 0 for the newest,
        // normalised by 1 - l^n: sigma^2 = ((1 - l) b^2 + (l - l^n) a^2) / (1 - l^n), annualised with 365 days.
        const double a = 0.02, b = -0.05, lambda = 0.9;
        const int n = 10;
        var end = new DateOnly(2025, 3, 11);
        var rows = new List<DailyClose>();
        var close = 100.0;
        for (var k = 0; k <= n; k++)
        {
            if (k > 0)
            {
                close *= Math.Exp(k == n ? b : a);
            }

            rows.Add(new DailyClose(end.AddDays(k - n), "XYZ", close));
        }

        var estimate = new OracleVolatility(PriceHistory.Create(rows), dvol: null, windowDays: 30, lambda: lambda).Estimate("XYZ", end);

        var expected = Math.Sqrt(365 * ((1 - lambda) * b * b + (lambda - Math.Pow(lambda, n)) * a * a) / (1 - Math.Pow(lambda, n)));
        Assert.Equal(VolatilityMethod.Ewma, estimate.Method);
        Assert.Equal(n, estimate.Returns);
        Assert.Equal(expected, estimate.Volatility, 12);
    }

    [Fact]
    public void Estimate_NoDvolAndTooFewCloses_RefusedNamingTheAsset()
    {
        var history = PriceHistory.Create([new DailyClose(new DateOnly(2025, 1, 1), "XYZ", 1.0), new DailyClose(new DateOnly(2025, 1, 2), "XYZ", 1.1)]);

        var error = Assert.Throws<InputValidationException>(() => new OracleVolatility(history, null).Estimate("XYZ", new DateOnly(2025, 1, 2)));

        Assert.Equal("history.XYZ", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Build_PricesAndVolatilities_MarketOfMediansAndDvolOrEwma_ValidatedByTheMarketReader()
    {
        var snapshot = OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin());

        var market = MarketSnapshotJson.Read(snapshot.MarketJson());
        Assert.Equal(new DateOnly(2022, 11, 10), market.AsOf);
        Assert.Equal(["BTC", "SOL"], market.Assets.Select(q => q.Symbol));
        Assert.Equal(17_600.0, market["BTC"].Price);
        Assert.Equal(0.9312, market["BTC"].Volatility, 12);
        Assert.Equal(17.6, market["SOL"].Price);
        Assert.Equal(snapshot.Volatilities[1].Volatility, market["SOL"].Volatility);
        Assert.Equal([VolatilityMethod.Dvol, VolatilityMethod.Ewma], snapshot.Volatilities.Select(v => v.Method));
    }

    [Fact]
    public void ProvenanceJson_RecordsEachSourceRoundAndTheDroppedFeedWithItsReason()
    {
        var snapshot = OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin());

        using var doc = JsonDocument.Parse(snapshot.ProvenanceJson());
        var root = doc.RootElement;
        Assert.Equal("2022-11-10T12:00:00Z", root.GetProperty("asOf").GetString());
        Assert.Equal(42, root.GetProperty("origin").GetProperty("blockNumber").GetInt64());
        var btc = root.GetProperty("assets")[0];
        Assert.Equal("17600", btc.GetProperty("price").GetString());
        var sources = btc.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["0xa1", "0xa2"], sources.Select(s => s.GetProperty("feed").GetString()));
        Assert.Equal("7", sources[0].GetProperty("roundId").GetString());
        Assert.Equal("1759000000000", sources[0].GetProperty("answer").GetString());
        Assert.Equal(8, sources[0].GetProperty("decimals").GetInt32());
        Assert.Equal("2022-11-10T11:30:00Z", sources[0].GetProperty("updatedAt").GetString());
        var dropped = Assert.Single(btc.GetProperty("dropped").EnumerateArray());
        Assert.Equal("0xa3", dropped.GetProperty("feed").GetString());
        Assert.Equal("stale", dropped.GetProperty("reason").GetString());
        Assert.StartsWith("stale: round 3 was last updated 1 d", dropped.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal("dvol", btc.GetProperty("volatility").GetProperty("method").GetString());
        Assert.Equal(93.12, btc.GetProperty("volatility").GetProperty("dvolClose").GetDouble());
        var sol = root.GetProperty("assets")[1].GetProperty("volatility");
        Assert.Equal("ewma", sol.GetProperty("method").GetString());
        Assert.Equal(0.94, sol.GetProperty("lambda").GetDouble());
    }

    [Fact]
    public void CanonicalBytes_SameInputs_SameBytes()
    {
        var first = OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin()).CanonicalBytes();
        var second = OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin()).CanonicalBytes();

        Assert.Equal(first, second);
        using var doc = JsonDocument.Parse(first);
        Assert.Equal(["market", "provenance"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("\n", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SourceChanges))]
    public void CanonicalBytes_AnySourceChanged_DifferentBytes(string change)
    {
        var reference = OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin()).CanonicalBytes();

        Assert.NotEqual(reference, Changed(change).CanonicalBytes());
    }

    /// <summary>Each change of one source, one round or the origin.</summary>
    public static TheoryData<string> SourceChanges => ["feed", "roundId", "updatedAt", "answerSameMedian", "droppedRound", "block", "ewmaWindow", "feedOrder"];

    internal static OracleMarketSnapshot Changed(string change) => change switch
    {
        "feed" => Build(Prices(feed2: "0xb2")),
        "roundId" => Build(Prices(round1: 8)),
        "updatedAt" => Build(Prices(updated1: FtxDay.AddMinutes(-31))),
        // A lower SOL answer that leaves the median (17.6) and so the market unchanged: only the provenance differs.
        "answerSameMedian" => Build(Prices(solLow: 17.55m)),
        "droppedRound" => Build(Prices(staleRound: 4)),
        "block" => OracleMarketSnapshot.Build(Prices(), OracleVolatility.Embedded(), Origin() with { BlockNumber = 43 }),
        "ewmaWindow" => OracleMarketSnapshot.Build(Prices(), new OracleVolatility(MarketDataset.LoadDailyCloses(), MarketDataset.LoadDvolCloses(), 60), Origin()),
        "feedOrder" => Build(Prices(swapSol: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private static OracleMarketSnapshot Build(OraclePrices prices) => OracleMarketSnapshot.Build(prices, OracleVolatility.Embedded(), Origin());

    private static OracleMarketOrigin Origin() => new(31337, 42, "0x" + new string('a', 64));

    /// <summary>BTC: 17,590 and 17,610 (median 17,600) and a stale third feed; SOL: 17.5, 17.6, 17.7 (median 17.6).</summary>
    internal static OraclePrices Prices(
        string feed2 = "0xa2", int round1 = 7, DateTimeOffset? updated1 = null, decimal solLow = 17.5m, int staleRound = 3, bool swapSol = false)
    {
        var day = TimeSpan.FromDays(1);
        var readings = new List<OracleReading>
        {
            Reading("BTC", "0xa1", round1, 17_590m, updated1 ?? FtxDay.AddMinutes(-30), day),
            Reading("BTC", feed2, 2, 17_610m, FtxDay.AddMinutes(-10), day),
            Reading("BTC", "0xa3", staleRound, 17_000m, FtxDay.AddDays(-1).AddHours(-2), day),
        };
        var sol = new List<OracleReading>
        {
            Reading("SOL", "0xc1", 1, solLow, FtxDay - Hour, day),
            Reading("SOL", "0xc2", 1, 17.6m, FtxDay - Hour, day),
            Reading("SOL", "0xc3", 1, 17.7m, FtxDay - Hour, day),
        };
        if (swapSol)
        {
            (sol[0], sol[2]) = (sol[2], sol[0]);
        }

        readings.AddRange(sol);
        return OraclePriceAggregator.Aggregate(readings, FtxDay, 0.05m);
    }

    private static OracleReading Reading(string asset, string feed, int round, decimal price, DateTimeOffset updatedAt, TimeSpan heartbeat)
    {
        var answer = new BigInteger(price * 100_000_000m);
        return OracleReading.Read(asset, feed, 8, heartbeat, new OracleRound(round, answer, updatedAt, updatedAt, round));
    }
}
