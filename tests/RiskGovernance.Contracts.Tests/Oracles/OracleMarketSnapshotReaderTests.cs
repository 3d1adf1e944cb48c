using System.Numerics;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Oracles;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests.Oracles;

/// <summary>
/// A market snapshot built from real OperatedPriceFeed contracts on anvil: three feeds for each of two assets,
/// one of them left stale (anvil's clock moved with evm_increaseTime). The prices are the medians of the fresh
/// feeds, the stale feed is recorded in the provenance with its round and reason, each used feed's round matches
/// the contract, the volatility is the DVOL close where the DVOL history has the block's date and the EWMA
/// otherwise, the market validates with the engine's market.json reader, and the hash is keccak of the canonical bytes.
/// </summary>
public sealed class OracleMarketSnapshotReaderTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly AnvilFixture _node;
    private readonly TransactionSender _sender;
    private readonly SigningKey _operator = DevelopmentKeys.Key(7);

    public OracleMarketSnapshotReaderTests(AnvilFixture node)
    {
        _node = node;
        _sender = node.CreateSender();
    }

    [Fact]
    public async Task Read_TwoAssetsThreeFeedsEach_MediansProvenanceWithTheStaleFeedAndAValidMarket()
    {
        var btcStale = await FeedAsync("BTC / USD", 59_000m);
        var sol1 = await FeedAsync("SOL / USD", 150m);
        var sol2 = await FeedAsync("SOL / USD", 152m);
        var sol3 = await FeedAsync("SOL / USD", 149m);
        await _node.IncreaseTimeAsync(TimeSpan.FromHours(2), Ct);
        var btc1 = await FeedAsync("BTC / USD", 60_000m);
        var btc2 = await FeedAsync("BTC / USD", 60_300m);
        await sol1.SubmitAsync(_operator, Answer(150.5m), Ct);
        await sol2.SubmitAsync(_operator, Answer(151.5m), Ct);
        await sol3.SubmitAsync(_operator, Answer(151m), Ct);
        OracleFeed[] feeds =
        [
            new("BTC", btcStale.Address, TimeSpan.FromHours(1)), new("BTC", btc1.Address, Day), new("BTC", btc2.Address, Day),
            new("SOL", sol1.Address, Day), new("SOL", sol2.Address, Day), new("SOL", sol3.Address, Day),
        ];
        var today = DateOnly.FromDateTime((await _sender.Chain.GetLatestBlockAsync(Ct)).Timestamp.UtcDateTime);
        var reader = new OracleMarketSnapshotReader(_sender.Chain, new OraclePriceReader(_sender.Chain, feeds, 0.05m), Volatility(today));

        var result = await reader.ReadAsync(Ct);

        // Medians: BTC of the two fresh feeds (60,000 and 60,300; with the stale 59,000 it would be 60,000), SOL of three.
        var market = MarketSnapshotJson.Read(result.Snapshot.MarketJson());
        Assert.Equal(DateOnly.FromDateTime(result.Read.Block.Timestamp.UtcDateTime), market.AsOf);
        Assert.Equal(["BTC", "SOL"], market.Assets.Select(q => q.Symbol));
        Assert.Equal(60_150.0, market["BTC"].Price);
        Assert.Equal(151.0, market["SOL"].Price);
        Assert.Equal(0.48, market["BTC"].Volatility, 12);
        Assert.Equal([VolatilityMethod.Dvol, VolatilityMethod.Ewma], result.Snapshot.Volatilities.Select(v => v.Method));
        Assert.True(market["SOL"].Volatility > 0);

        using var provenance = JsonDocument.Parse(result.Snapshot.ProvenanceJson());
        var root = provenance.RootElement;
        Assert.Equal(31337, root.GetProperty("origin").GetProperty("chainId").GetInt64());
        Assert.Equal(result.Read.Block.Number, root.GetProperty("origin").GetProperty("blockNumber").GetInt64());
        Assert.Equal(result.Read.Block.Hash.ToString(), root.GetProperty("origin").GetProperty("blockHash").GetString());
        var btc = root.GetProperty("assets")[0];
        Assert.Equal([btc1.Address.ToString(), btc2.Address.ToString()], btc.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("feed").GetString()));
        var stale = Assert.Single(btc.GetProperty("dropped").EnumerateArray());
        Assert.Equal(btcStale.Address.ToString(), stale.GetProperty("feed").GetString());
        Assert.Equal("1", stale.GetProperty("roundId").GetString());
        Assert.Equal("stale", stale.GetProperty("reason").GetString());
        Assert.StartsWith("stale: round 1 was last updated 2 h", stale.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var sol = root.GetProperty("assets")[1];
        Assert.Empty(sol.GetProperty("dropped").EnumerateArray());
        foreach (var (source, feed) in sol.GetProperty("sources").EnumerateArray().Zip([sol1, sol2, sol3]))
        {
            var round = await feed.Reader.GetLatestRoundAsync(Ct);
            Assert.Equal(feed.Address.ToString(), source.GetProperty("feed").GetString());
            Assert.Equal("2", source.GetProperty("roundId").GetString());
            Assert.Equal(round.RoundId.ToString(System.Globalization.CultureInfo.InvariantCulture), source.GetProperty("roundId").GetString());
            Assert.Equal(round.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture), source.GetProperty("answer").GetString());
            Assert.Equal(round.UpdatedAt, DateTimeOffset.Parse(source.GetProperty("updatedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal("ewma", sol.GetProperty("volatility").GetProperty("method").GetString());
        Assert.Equal(Hash32.Keccak(result.Snapshot.CanonicalBytes()), result.Hash);
        Assert.Equal(OracleMarketHash.Of(result.Snapshot), result.Hash);

        // Read again at a later block: the same rounds and prices, but another block, so another provenance and another hash.
        await _node.Controls.MineAsync(Ct);
        var again = await reader.ReadAsync(Ct);
        Assert.Equal(market.Assets.Select(q => q.Price), again.Snapshot.Market.Assets.Select(q => q.Price));
        Assert.NotEqual(result.Hash, again.Hash);
    }

    /// <summary>BTC has a DVOL close of 48 % on the days around the block's date; SOL has only daily closes (alternating
    /// returns of +-2 %, 60 days to the day after the block's date, so the date may turn during the test).</summary>
    private static OracleVolatility Volatility(DateOnly today)
    {
        var closes = new List<DailyClose>();
        var price = 100.0;
        for (var d = today.AddDays(-60); d <= today.AddDays(1); d = d.AddDays(1))
        {
            price *= Math.Exp(closes.Count % 2 == 0 ? 0.02 : -0.02);
            closes.Add(new DailyClose(d, "SOL", price));
        }

        var dvol = PriceHistory.Create([new DailyClose(today, "BTC", 48.0), new DailyClose(today.AddDays(1), "BTC", 48.0)]);
        return new OracleVolatility(PriceHistory.Create(closes), dvol);
    }

    private static BigInteger Answer(decimal price) => new(price * 100_000_000m);

    private async Task<OperatedPriceFeedService> FeedAsync(string description, decimal price)
    {
        var feed = await OperatedPriceFeedService.DeployAsync(_sender, _operator, 8, description, Ct);
        await feed.SubmitAsync(_operator, Answer(price), Ct);
        return feed;
    }
}
