using System.Globalization;
using System.Numerics;

namespace RiskGovernance.Engine.MarketData;

/// <summary>One round of a price feed as AggregatorV3Interface's <c>latestRoundData</c> and
/// <c>getRoundData</c> report it: the raw answer, in the feed's own decimals.</summary>
/// <param name="RoundId">The round's id (a uint80 on chain).</param>
/// <param name="Answer">The raw answer (an int256 on chain; the price times 10^decimals).</param>
/// <param name="StartedAt">When the round started.</param>
/// <param name="UpdatedAt">When the round's answer was last updated (the Unix epoch for an incomplete round).</param>
/// <param name="AnsweredInRound">The round in which the answer was computed.</param>
public sealed record OracleRound(BigInteger RoundId, BigInteger Answer, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, BigInteger AnsweredInRound);

/// <summary>What was read from one feed of an asset: its newest round, or why it could not be read.</summary>
public sealed record OracleReading
{
    private OracleReading(string asset, string source, int decimals, TimeSpan heartbeat, OracleRound? round, string? readError)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (heartbeat <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(heartbeat), heartbeat, "heartbeat must be positive.");
        }

        if (decimals is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "decimals must be within 0..255 (a uint8).");
        }

        Asset = asset;
        Source = source;
        Decimals = decimals;
        Heartbeat = heartbeat;
        Round = round;
        ReadError = readError;
    }

    /// <summary>The asset the feed prices (for example ETH).</summary>
    public string Asset { get; }

    /// <summary>The feed's name in reports (its address for an on-chain feed).</summary>
    public string Source { get; }

    /// <summary>Decimals of the feed's answers.</summary>
    public int Decimals { get; }

    /// <summary>The longest time the feed may go without an update before its round is stale.</summary>
    public TimeSpan Heartbeat { get; }

    /// <summary>The round read, or null when the feed could not be read.</summary>
    public OracleRound? Round { get; }

    /// <summary>Why the feed could not be read, or null.</summary>
    public string? ReadError { get; }

    /// <summary>A round read from a feed.</summary>
    public static OracleReading Read(string asset, string source, int decimals, TimeSpan heartbeat, OracleRound round)
        => new(asset, source, decimals, heartbeat, round ?? throw new ArgumentNullException(nameof(round)), null);

    /// <summary>A feed that could not be read (a revert, no contract at the address).</summary>
    public static OracleReading Failed(string asset, string source, TimeSpan heartbeat, string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(asset, source, 0, heartbeat, null, error);
    }
}

/// <summary>Why a feed's round was not used.</summary>
public enum OracleDropReason
{
    /// <summary>The feed could not be read.</summary>
    Unreadable,

    /// <summary>The round has no update time (it never completed).</summary>
    IncompleteRound,

    /// <summary>The answer was carried over from an earlier round (answeredInRound &lt; roundId).</summary>
    CarriedOver,

    /// <summary>The round is older than the feed's heartbeat.</summary>
    Stale,

    /// <summary>The round is dated after the time the prices are taken at.</summary>
    FromTheFuture,

    /// <summary>The answer is zero or negative.</summary>
    NonPositive,

    /// <summary>The price does not fit a decimal.</summary>
    OutOfRange,

    /// <summary>The price is further from the median of the asset's usable (fresh, positive) rounds than the maximum deviation.</summary>
    Outlier,
}

/// <summary>A feed whose round went into an asset's median.</summary>
/// <param name="Source">The feed.</param>
/// <param name="RoundId">The round used.</param>
/// <param name="UpdatedAt">When that round was updated.</param>
/// <param name="Answer">The raw answer.</param>
/// <param name="Decimals">The feed's decimals.</param>
/// <param name="Price">The answer divided by 10^decimals.</param>
public sealed record OracleSourceUsed(string Source, BigInteger RoundId, DateTimeOffset UpdatedAt, BigInteger Answer, int Decimals, decimal Price);

/// <summary>A feed that was left out of an asset's median, and why in plain words.</summary>
/// <param name="Source">The feed.</param>
/// <param name="RoundId">The round refused (null when the feed could not be read).</param>
/// <param name="UpdatedAt">When that round was updated (null when the feed could not be read).</param>
/// <param name="Reason">The kind of refusal.</param>
/// <param name="Explanation">The refusal in plain words, with its figures.</param>
public sealed record OracleSourceDropped(string Source, BigInteger? RoundId, DateTimeOffset? UpdatedAt, OracleDropReason Reason, string Explanation);

/// <summary>An asset's price: the median of its usable feeds, with the feeds used and those dropped.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Price">The median price (of an even count, the midpoint of the two middle prices).</param>
/// <param name="Sources">The feeds whose rounds went into the median.</param>
/// <param name="Dropped">The feeds left out, with their reasons.</param>
public sealed record OracleAssetPrice(string Asset, decimal Price, IReadOnlyList<OracleSourceUsed> Sources, IReadOnlyList<OracleSourceDropped> Dropped);

/// <summary>The prices of all assets at one time, in the order the assets were first read.</summary>
/// <param name="AsOf">The time the rounds were judged at (a block's timestamp for on-chain feeds).</param>
/// <param name="Assets">One price per asset.</param>
public sealed record OraclePrices(DateTimeOffset AsOf, IReadOnlyList<OracleAssetPrice> Assets)
{
    /// <summary>The price of <paramref name="asset"/>.</summary>
    public OracleAssetPrice this[string asset]
        => Assets.FirstOrDefault(a => string.Equals(a.Asset, asset, StringComparison.Ordinal))
           ?? throw new KeyNotFoundException($"asset '{asset}' has no oracle price.");
}

/// <summary>An asset for which every feed was dropped, with the reasons.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Dropped">Every feed of the asset, with its reason.</param>
public sealed record OracleAssetFailure(string Asset, IReadOnlyList<OracleSourceDropped> Dropped);

/// <summary>Thrown when at least one asset has no usable feed: names each such asset and why each of its feeds was dropped.</summary>
public sealed class NoUsablePriceException : InvalidOperationException
{
    /// <summary>Creates the exception for the assets without a price.</summary>
    public NoUsablePriceException(IReadOnlyList<OracleAssetFailure> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    /// <summary>The assets without a price.</summary>
    public IReadOnlyList<OracleAssetFailure> Failures { get; }

    private static string Describe(IReadOnlyList<OracleAssetFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return string.Join("; ", failures.Select(f =>
            $"no usable price for {f.Asset}: every feed was dropped ({string.Join(", ", f.Dropped.Select(d => $"{d.Source}: {d.Explanation}"))})"));
    }
}

/// <summary>
/// Combines the rounds of several feeds per asset into one price per asset, by their median. A round
/// is refused when the feed could not be read, when it is incomplete or carried over, when it is
/// older than the feed's heartbeat (or dated in the future), when its answer is not positive, and
/// when its price is further from the median of the asset's usable rounds than the maximum
/// deviation (relative to that median). The price is the median of the rounds kept.
/// </summary>
/// <remarks>Answers are normalised to 18 decimals as integers (answers with more decimals are truncated
/// to 18), so feeds of different decimals compare exactly; the median and the deviation are computed on
/// those integers.</remarks>
public static class OraclePriceAggregator
{
    private static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>Aggregates <paramref name="readings"/> judged at <paramref name="asOf"/>.</summary>
    /// <param name="readings">Every feed's reading; an asset may have any number of feeds.</param>
    /// <param name="asOf">The time staleness is measured from.</param>
    /// <param name="maxDeviation">The largest relative distance from the median that is kept, in (0, 1] (0.05 for 5 %).</param>
    /// <exception cref="NoUsablePriceException">An asset has no usable feed.</exception>
    public static OraclePrices Aggregate(IEnumerable<OracleReading> readings, DateTimeOffset asOf, decimal maxDeviation)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (maxDeviation is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDeviation), maxDeviation, "maxDeviation must be within (0, 1].");
        }

        var list = readings.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("at least one reading is needed.", nameof(readings));
        }

        var prices = new List<OracleAssetPrice>();
        var failures = new List<OracleAssetFailure>();
        foreach (var asset in list.GroupBy(r => r.Asset, StringComparer.Ordinal))
        {
            var result = AggregateAsset(asset.Key, [.. asset], asOf, maxDeviation);
            if (result.Sources.Count == 0)
            {
                failures.Add(new OracleAssetFailure(asset.Key, result.Dropped));
            }
            else
            {
                prices.Add(result);
            }
        }

        return failures.Count > 0 ? throw new NoUsablePriceException(failures) : new OraclePrices(asOf, prices);
    }

    /// <summary>The median of <paramref name="values"/> (of an even count, the midpoint of the two middle values, truncated).</summary>
    public static BigInteger Median(IReadOnlyCollection<BigInteger> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("the median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>A raw answer of <paramref name="decimals"/> decimals as an 18-decimal integer.</summary>
    public static BigInteger ToE18(BigInteger answer, int decimals)
        => decimals <= 18 ? answer * BigInteger.Pow(10, 18 - decimals) : answer / BigInteger.Pow(10, decimals - 18);

    private static OracleAssetPrice AggregateAsset(string asset, IReadOnlyList<OracleReading> readings, DateTimeOffset asOf, decimal maxDeviation)
    {
        var dropped = new List<OracleSourceDropped>();
        var candidates = new List<(OracleReading Reading, OracleRound Round, BigInteger E18, decimal Price)>();
        foreach (var reading in readings)
        {
            if (reading.Round is not { } round)
            {
                dropped.Add(new OracleSourceDropped(reading.Source, null, null, OracleDropReason.Unreadable, $"could not be read: {reading.ReadError}"));
                continue;
            }

            if (Refuse(reading, round, asOf) is { } refusal)
            {
                dropped.Add(refusal);
                continue;
            }

            var e18 = ToE18(round.Answer, reading.Decimals);
            if (!TryToDecimal(e18, out var price))
            {
                dropped.Add(Drop(reading, round, OracleDropReason.OutOfRange,
                    $"answer {Show(round.Answer)} with {reading.Decimals} decimals in round {round.RoundId} is too large a price to represent"));
                continue;
            }

            candidates.Add((reading, round, e18, price));
        }

        var kept = candidates;
        if (candidates.Count > 0)
        {
            var median = Median([.. candidates.Select(c => c.E18)]);
            var limit = new BigInteger(maxDeviation * 1_000_000_000_000_000_000m);
            kept = [];
            foreach (var c in candidates)
            {
                // |p - m| / m > maxDeviation, in integers: |p - m| * 10^18 > limit * m (m > 0).
                if (BigInteger.Abs(c.E18 - median) * One > limit * median)
                {
                    var deviation = (double)(BigInteger.Abs(c.E18 - median) * 1_000_000 / median) / 1e6;
                    dropped.Add(Drop(c.Reading, c.Round, OracleDropReason.Outlier,
                        $"price {c.Price.ToString(CultureInfo.InvariantCulture)} in round {c.Round.RoundId} is {Percent((decimal)Math.Min(deviation, 1e12))} from the median "
                        + $"{FromE18(median).ToString(CultureInfo.InvariantCulture)}, beyond the maximum deviation of {Percent(maxDeviation)}"));
                }
                else
                {
                    kept.Add(c);
                }
            }
        }

        if (kept.Count == 0)
        {
            return new OracleAssetPrice(asset, 0m, [], dropped);
        }

        var used = kept.Select(c => new OracleSourceUsed(c.Reading.Source, c.Round.RoundId, c.Round.UpdatedAt, c.Round.Answer, c.Reading.Decimals, c.Price)).ToList();
        return new OracleAssetPrice(asset, FromE18(Median([.. kept.Select(c => c.E18)])), used, dropped);
    }

    private static OracleSourceDropped? Refuse(OracleReading reading, OracleRound round, DateTimeOffset asOf)
    {
        if (round.UpdatedAt <= DateTimeOffset.UnixEpoch)
        {
            return Drop(reading, round, OracleDropReason.IncompleteRound, $"round {round.RoundId} has no update time (it never completed)");
        }

        if (round.AnsweredInRound < round.RoundId)
        {
            return Drop(reading, round, OracleDropReason.CarriedOver,
                $"round {round.RoundId} carries the answer of the earlier round {round.AnsweredInRound}");
        }

        if (round.UpdatedAt > asOf)
        {
            return Drop(reading, round, OracleDropReason.FromTheFuture,
                $"round {round.RoundId} is dated {Time(round.UpdatedAt)}, after the time the prices are taken at ({Time(asOf)})");
        }

        var age = asOf - round.UpdatedAt;
        if (age > reading.Heartbeat)
        {
            return Drop(reading, round, OracleDropReason.Stale,
                $"stale: round {round.RoundId} was last updated {Duration(age)} ago ({Time(round.UpdatedAt)}), longer than the feed's heartbeat of {Duration(reading.Heartbeat)}");
        }

        if (round.Answer.Sign <= 0)
        {
            return Drop(reading, round, OracleDropReason.NonPositive,
                $"non-positive answer {Show(round.Answer)} in round {round.RoundId}: a price must be above zero");
        }

        return null;
    }

    private static OracleSourceDropped Drop(OracleReading reading, OracleRound round, OracleDropReason reason, string explanation)
        => new(reading.Source, round.RoundId, round.UpdatedAt, reason, explanation);

    private static bool TryToDecimal(BigInteger e18, out decimal price)
    {
        // decimal holds 96-bit integers: scale 18 leaves prices up to about 7.9e10.
        if (BigInteger.Abs(e18) > new BigInteger(decimal.MaxValue))
        {
            price = 0;
            return false;
        }

        price = FromE18(e18);
        return true;
    }

    private static decimal FromE18(BigInteger e18) => (decimal)e18 / 1_000_000_000_000_000_000m;

    private static string Show(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days.ToString(CultureInfo.InvariantCulture)} d");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours.ToString(CultureInfo.InvariantCulture)} h");
        }

        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes.ToString(CultureInfo.InvariantCulture)} min");
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{span.Seconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        return string.Join(' ', parts);
    }
}
