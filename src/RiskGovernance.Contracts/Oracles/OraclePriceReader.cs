using RiskGovernance.Chain;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Oracles;

/// <summary>One AggregatorV3Interface feed of an asset and how long it may go without an update.</summary>
/// <param name="Asset">The asset the feed prices (for example ETH).</param>
/// <param name="Feed">The feed's address.</param>
/// <param name="Heartbeat">The longest age of a round that is still used (the feed's heartbeat, plus any margin the operator allows).</param>
public sealed record OracleFeed(string Asset, Address Feed, TimeSpan Heartbeat);

/// <summary>The oracle prices read at one block.</summary>
/// <param name="Block">The block read at; its timestamp is the time staleness is measured from.</param>
/// <param name="Prices">One median price per asset, with the feeds used and those dropped.</param>
public sealed record OnChainOraclePrices(ChainBlock Block, OraclePrices Prices);

/// <summary>
/// The market-data adapter for on-chain prices: reads every configured feed (decimals and
/// latestRoundData) at the latest block, so that all feeds are read at one state, and combines each
/// asset's feeds by <see cref="OraclePriceAggregator"/> (median; stale, non-positive and outlying
/// rounds refused). A feed that reverts or has no contract (its code is checked first: a call to an account without
/// code answers nothing, which would decode as zeros) is dropped with the error; a chain that
/// cannot be reached fails the read (<see cref="ChainUnavailableException"/>).
/// </summary>
public sealed class OraclePriceReader
{
    private readonly ChainClient _chain;
    private readonly IReadOnlyList<OracleFeed> _feeds;

    /// <summary>Reads <paramref name="feeds"/> on <paramref name="chain"/>, refusing rounds further than <paramref name="maxDeviation"/> from their asset's median.</summary>
    /// <param name="chain">The chain.</param>
    /// <param name="feeds">The feeds, several per asset as a rule.</param>
    /// <param name="maxDeviation">The largest relative distance from the median that is kept, in (0, 1] (0.05 for 5 %).</param>
    public OraclePriceReader(ChainClient chain, IEnumerable<OracleFeed> feeds, decimal maxDeviation)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        ArgumentNullException.ThrowIfNull(feeds);
        _feeds = [.. feeds];
        if (_feeds.Count == 0)
        {
            throw new ArgumentException("at least one feed is needed.", nameof(feeds));
        }

        foreach (var feed in _feeds)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(feed.Asset, nameof(feeds));
            if (feed.Heartbeat <= TimeSpan.Zero)
            {
                throw new ArgumentException($"feed {feed.Feed} of {feed.Asset}: the heartbeat must be positive.", nameof(feeds));
            }
        }

        if (_feeds.GroupBy(f => (f.Asset, f.Feed)).Any(g => g.Count() > 1))
        {
            throw new ArgumentException("a feed is listed twice for the same asset.", nameof(feeds));
        }

        if (maxDeviation is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDeviation), maxDeviation, "maxDeviation must be within (0, 1].");
        }

        MaxDeviation = maxDeviation;
    }

    /// <summary>The largest relative distance from the median that is kept.</summary>
    public decimal MaxDeviation { get; }

    /// <summary>The configured feeds.</summary>
    public IReadOnlyList<OracleFeed> Feeds => _feeds;

    /// <summary>Reads every feed at the latest block and aggregates the prices.</summary>
    /// <exception cref="NoUsablePriceException">An asset has no usable feed (the message names it and each feed's reason).</exception>
    public async Task<OnChainOraclePrices> ReadAsync(CancellationToken cancellationToken)
    {
        var block = await _chain.GetLatestBlockAsync(cancellationToken).ConfigureAwait(false);
        var readings = new List<OracleReading>(_feeds.Count);
        foreach (var feed in _feeds)
        {
            readings.Add(await ReadFeedAsync(feed, block.Number, cancellationToken).ConfigureAwait(false));
        }

        return new OnChainOraclePrices(block, OraclePriceAggregator.Aggregate(readings, block.Timestamp, MaxDeviation));
    }

    private async Task<OracleReading> ReadFeedAsync(OracleFeed feed, long blockNumber, CancellationToken cancellationToken)
    {
        var source = feed.Feed.ToString();
        var reader = new AggregatorV3Reader(_chain, feed.Feed);
        try
        {
            if ((await _chain.GetCodeAsync(feed.Feed, cancellationToken).ConfigureAwait(false)).Length == 0)
            {
                return OracleReading.Failed(feed.Asset, source, feed.Heartbeat, "there is no contract at this address");
            }

            var decimals = await reader.GetDecimalsAsync(cancellationToken, blockNumber).ConfigureAwait(false);
            var round = await reader.GetLatestRoundAsync(cancellationToken, blockNumber).ConfigureAwait(false);
            return OracleReading.Read(feed.Asset, source, decimals, feed.Heartbeat, round);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ChainUnavailableException))
        {
            return OracleReading.Failed(feed.Asset, source, feed.Heartbeat, Describe(ex));
        }
    }

    private static string Describe(Exception error) => error switch
    {
        ContractRevertException revert => $"the feed reverted with {revert.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
