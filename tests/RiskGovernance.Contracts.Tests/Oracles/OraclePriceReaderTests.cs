using System.Globalization;
using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Oracles;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests.Oracles;

/// <summary>
/// The market-data adapter against real OperatedPriceFeed contracts on anvil: several feeds per asset
/// combined by their median, stale (anvil's clock moved with evm_increaseTime), non-positive and
/// outlying rounds dropped with their reasons, 8- and 18-decimal feeds on one scale, and an asset
/// whose every feed is dropped refused by name. One latestRoundData read is checked against cast.
/// </summary>
public sealed class OraclePriceReaderTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly AnvilFixture _node;
    private readonly TransactionSender _sender;
    private readonly SigningKey _operator = DevelopmentKeys.Key(7);

    public OraclePriceReaderTests(AnvilFixture node)
    {
        _node = node;
        _sender = node.CreateSender();
    }

    [Fact]
    public async Task Read_ThreeFeeds_MedianWithEachSourceRoundAndUpdateTime()
    {
        var a = await FeedAsync(8, "ETH / USD", 3000.5m);
        var b = await FeedAsync(8, "ETH / USD", 2990m);
        var c = await FeedAsync(8, "ETH / USD", 3012.25m);
        var second = await a.SubmitAsync(_operator, Answer(3001m, 8), Ct);
        var secondTime = (await _sender.Chain.GetBlockAsync(second.BlockNumber, Ct))!.Timestamp;

        var read = await Reader("ETH", 0.05m, (a, Day), (b, Day), (c, Day)).ReadAsync(Ct);

        var eth = read.Prices["ETH"];
        Assert.Equal(3001m, eth.Price);
        Assert.Empty(eth.Dropped);
        Assert.Equal([a.Address.ToString(), b.Address.ToString(), c.Address.ToString()], eth.Sources.Select(s => s.Source));
        Assert.Equal([2, 1, 1], eth.Sources.Select(s => (int)s.RoundId));
        Assert.Equal([3001m, 2990m, 3012.25m], eth.Sources.Select(s => s.Price));
        Assert.Equal(secondTime, eth.Sources[0].UpdatedAt);
        Assert.Equal(read.Block.Timestamp, read.Prices.AsOf);
    }

    [Fact]
    public async Task Read_FeedOlderThanItsHeartbeat_DroppedAsStaleWithItsAge()
    {
        var hourly = await FeedAsync(8, "BTC / USD", 60_000m);
        var daily1 = await FeedAsync(8, "BTC / USD", 60_100m);
        var daily2 = await FeedAsync(8, "BTC / USD", 60_300m);
        await _node.IncreaseTimeAsync(TimeSpan.FromHours(2), Ct);

        var read = await Reader("BTC", 0.05m, (hourly, TimeSpan.FromHours(1)), (daily1, Day), (daily2, Day)).ReadAsync(Ct);

        var btc = read.Prices["BTC"];
        Assert.Equal(60_200m, btc.Price);
        Assert.Equal([daily1.Address.ToString(), daily2.Address.ToString()], btc.Sources.Select(s => s.Source));
        var dropped = Assert.Single(btc.Dropped);
        Assert.Equal(hourly.Address.ToString(), dropped.Source);
        Assert.Equal(OracleDropReason.Stale, dropped.Reason);
        Assert.Equal(1, (int)dropped.RoundId!.Value);
        Assert.True(read.Block.Timestamp - dropped.UpdatedAt!.Value >= TimeSpan.FromHours(2));
        Assert.StartsWith("stale: round 1 was last updated 2 h", dropped.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("longer than the feed's heartbeat of 1 h", dropped.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ZeroAndNegativeAnswers_DroppedAsNonPositive()
    {
        var good1 = await FeedAsync(8, "SOL / USD", 150m);
        var good2 = await FeedAsync(8, "SOL / USD", 152m);
        var zero = await FeedAsync(8, "SOL / USD", 0m);
        var negative = await FeedAsync(8, "SOL / USD", -3m);

        var sol = (await Reader("SOL", 0.05m, (good1, Day), (zero, Day), (good2, Day), (negative, Day)).ReadAsync(Ct)).Prices["SOL"];

        Assert.Equal(151m, sol.Price);
        Assert.Equal(2, sol.Sources.Count);
        Assert.Equal([zero.Address.ToString(), negative.Address.ToString()], sol.Dropped.Select(d => d.Source));
        Assert.All(sol.Dropped, d => Assert.Equal(OracleDropReason.NonPositive, d.Reason));
        Assert.Equal("non-positive answer 0 in round 1: a price must be above zero", sol.Dropped[0].Explanation);
        Assert.Equal("non-positive answer -300000000 in round 1: a price must be above zero", sol.Dropped[1].Explanation);
    }

    [Fact]
    public async Task Read_FeedFarFromTheMedian_DroppedAsOutlierWithItsDeviation()
    {
        var a = await FeedAsync(8, "ETH / USD", 3000m);
        var b = await FeedAsync(8, "ETH / USD", 3005m);
        var outlier = await FeedAsync(8, "ETH / USD", 3606m);

        var eth = (await Reader("ETH", 0.05m, (a, Day), (b, Day), (outlier, Day)).ReadAsync(Ct)).Prices["ETH"];

        Assert.Equal(3002.5m, eth.Price);
        Assert.Equal([a.Address.ToString(), b.Address.ToString()], eth.Sources.Select(s => s.Source));
        var dropped = Assert.Single(eth.Dropped);
        Assert.Equal(OracleDropReason.Outlier, dropped.Reason);
        Assert.Equal("price 3606 in round 1 is 20 % from the median 3005, beyond the maximum deviation of 5 %", dropped.Explanation);
    }

    [Fact]
    public async Task Read_FeedsOf8And18Decimals_OnOneScale()
    {
        var eight = await FeedAsync(8, "ETH / USD", 2000.12345678m);
        var eighteen = await FeedAsync(18, "ETH / USD", 2001.123456789012345678m);
        var eightAgain = await FeedAsync(8, "ETH / USD", 1999m);

        var eth = (await Reader("ETH", 0.01m, (eight, Day), (eighteen, Day), (eightAgain, Day)).ReadAsync(Ct)).Prices["ETH"];

        Assert.Equal(2000.12345678m, eth.Price);
        Assert.Empty(eth.Dropped);
        Assert.Equal([8, 18, 8], eth.Sources.Select(s => s.Decimals));
        Assert.Equal(BigInteger.Parse("2001123456789012345678", CultureInfo.InvariantCulture), eth.Sources[1].Answer);
        Assert.Equal(2001.123456789012345678m, eth.Sources[1].Price);
    }

    [Fact]
    public async Task Read_EveryFeedOfAnAssetDropped_ErrorNamesTheAssetAndEachReason()
    {
        var eth = await FeedAsync(8, "ETH / USD", 3000m);
        var negative = await FeedAsync(8, "BTC / USD", -1m);
        var empty = await OperatedPriceFeedService.DeployAsync(_sender, _operator, 8, "BTC / USD", Ct);
        var noContract = DevelopmentKeys.Key(9).Address;
        var reader = new OraclePriceReader(
            _sender.Chain,
            [new OracleFeed("ETH", eth.Address, Day), new OracleFeed("BTC", negative.Address, Day), new OracleFeed("BTC", empty.Address, Day), new OracleFeed("BTC", noContract, Day)],
            0.05m);

        var error = await Assert.ThrowsAsync<NoUsablePriceException>(() => reader.ReadAsync(Ct));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("BTC", failure.Asset);
        Assert.Equal([OracleDropReason.NonPositive, OracleDropReason.Unreadable, OracleDropReason.Unreadable], failure.Dropped.Select(d => d.Reason));
        Assert.StartsWith("no usable price for BTC: every feed was dropped (", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{empty.Address}: could not be read: the feed reverted with NoDataPresent(0)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{noContract}: could not be read: there is no contract at this address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ETH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestRoundData_AgreesWithCast()
    {
        var feed = await FeedAsync(8, "LINK / USD", 12.5m);
        await feed.SubmitAsync(_operator, Answer(12.75m, 8), Ct);

        var round = await feed.Reader.GetLatestRoundAsync(Ct);
        var cast = (await CastTool.RunAsync(Ct, "call", feed.Address.ToString(), "latestRoundData()(uint80,int256,uint256,uint256,uint80)", "--rpc-url", _node.RpcUrl.ToString()))
            .Split('\n').Select(line => BigInteger.Parse(line.Trim().Split(' ')[0], CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(5, cast.Count);
        Assert.Equal(cast[0], round.RoundId);
        Assert.Equal(cast[1], round.Answer);
        Assert.Equal(cast[2], new BigInteger(round.StartedAt.ToUnixTimeSeconds()));
        Assert.Equal(cast[3], new BigInteger(round.UpdatedAt.ToUnixTimeSeconds()));
        Assert.Equal(cast[4], round.AnsweredInRound);
        Assert.Equal(new BigInteger(1_275_000_000), round.Answer);
        Assert.Equal(2, (int)round.RoundId);
    }

    [Fact]
    public async Task Feed_InterfaceReadsPastRoundsAndRefusesOthers()
    {
        var feed = await FeedAsync(18, "ETH / BTC", 0.05m);
        await feed.SubmitAsync(_operator, Answer(0.051m, 18), Ct);

        Assert.Equal(18, await feed.Reader.GetDecimalsAsync(Ct));
        Assert.Equal("ETH / BTC", await feed.Reader.GetDescriptionAsync(Ct));
        Assert.Equal(BigInteger.One, await feed.Reader.GetVersionAsync(Ct));
        Assert.Equal(_operator.Address, await feed.GetOwnerAsync(Ct));
        Assert.Equal(new BigInteger(2), await feed.GetLatestRoundIdAsync(Ct));
        var first = await feed.Reader.GetRoundAsync(1, Ct);
        Assert.Equal(Answer(0.05m, 18), first.Answer);
        Assert.Equal(first.RoundId, first.AnsweredInRound);
        var missing = await Assert.ThrowsAsync<ContractRevertException>(() => feed.Reader.GetRoundAsync(3, Ct));
        Assert.Equal("NoDataPresent", missing.ErrorName);
        var intruder = DevelopmentKeys.Key(6);
        var refused = await Assert.ThrowsAsync<ContractRevertException>(() => feed.SubmitAsync(intruder, Answer(1m, 18), Ct));
        Assert.Equal("NotOwner", refused.ErrorName);
        Assert.Equal([intruder.Address.ToString()], refused.Arguments);
    }

    /// <summary>The raw answer of <paramref name="price"/> with <paramref name="decimals"/> decimals (exact: the test prices have at most 28 digits).</summary>
    private static BigInteger Answer(decimal price, int decimals)
    {
        var scale = 1m;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10m;
        }

        return new BigInteger(price * scale);
    }

    private async Task<OperatedPriceFeedService> FeedAsync(byte decimals, string description, decimal price)
    {
        var feed = await OperatedPriceFeedService.DeployAsync(_sender, _operator, decimals, description, Ct);
        await feed.SubmitAsync(_operator, Answer(price, decimals), Ct);
        return feed;
    }

    private OraclePriceReader Reader(string asset, decimal maxDeviation, params (OperatedPriceFeedService Feed, TimeSpan Heartbeat)[] feeds)
        => new(_sender.Chain, feeds.Select(f => new OracleFeed(asset, f.Feed.Address, f.Heartbeat)), maxDeviation);
}
