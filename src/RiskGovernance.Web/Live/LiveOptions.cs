using System.Globalization;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Live;

/// <summary>
/// Section "Live": the book from a MarginAccounts contract and the market from AggregatorV3Interface feeds, followed
/// by <see cref="ChainFollower"/>. The demo fills MarginAccounts, StartBlock, Heartbeat and Feeds itself; a real
/// protocol sets them.
/// </summary>
public sealed class LiveOptions : IValidatableOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Live";

    /// <summary>Follow the chain (when <see cref="MarginAccounts"/> and <see cref="Feeds"/> are set). Default true.</summary>
    public bool Follow { get; set; } = true;

    /// <summary>The MarginAccounts contract whose logs make the book.</summary>
    public string? MarginAccounts { get; set; }

    /// <summary>The first block to index (the contract's deployment block).</summary>
    public long StartBlock { get; set; }

    /// <summary>A block is indexed once it has this many confirmations (1 = the head). Default 1.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>Time between two looks at the chain. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time before trying again after the chain could not be read. Default 10 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The feeds, several per asset.</summary>
    public List<LiveFeedOptions> Feeds { get; set; } = [];

    /// <summary>The heartbeat of a feed that names none: an older round is stale. Default 1 day.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The largest relative distance of a feed from its asset's median that is kept. Default 0.05.</summary>
    public decimal MaxDeviation { get; set; } = 0.05m;

    /// <summary>Rounds (one per day) in the EWMA volatility taken from a feed's past rounds. Default 30.</summary>
    public int VolatilityRounds { get; set; } = 30;

    /// <summary>
    /// When set, a feed with fewer past rounds than <see cref="VolatilityRounds"/> has its history continued backwards by the
    /// engine's embedded daily closes of the asset up to this date (the feed's first round is taken to be that date's close).
    /// The demo sets it to its own date; unset, such an asset has no volatility and no snapshot is stored.
    /// </summary>
    public DateOnly? EmbeddedHistoryUntil { get; set; }

    /// <summary>Blocks per eth_getLogs request of the indexer. Default 2,000.</summary>
    public int IndexBatchBlocks { get; set; } = 2_000;

    /// <summary>Stablecoins added to every market at 1 with volatility 0 (the margin engine's riskless collateral).</summary>
    public IReadOnlyList<string> Stablecoins { get; } = ["USDC", "USDT"];

    /// <summary>The demo's price feeder.</summary>
    public FeederOptions Feeder { get; set; } = new();

    /// <summary>True when a contract and at least one feed are configured and <see cref="Follow"/> is set.</summary>
    public bool IsConfigured => Follow && !string.IsNullOrWhiteSpace(MarginAccounts) && Feeds.Count > 0;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        const string s = SectionName;
        if (!string.IsNullOrWhiteSpace(MarginAccounts) && !Address.TryParse(MarginAccounts.Trim(), out _))
        {
            yield return $"{s}:MarginAccounts: is not a 0x address of 20 bytes.";
        }
        if (StartBlock < 0)
        {
            yield return $"{s}:StartBlock: must be >= 0.";
        }
        if (Confirmations is < 1 or > 10_000)
        {
            yield return $"{s}:Confirmations: must be in [1, 10000].";
        }
        foreach (var (name, value) in new[] { (nameof(PollInterval), PollInterval), (nameof(RetryInterval), RetryInterval) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                yield return $"{s}:{name}: must be > 0 and at most 1 day.";
            }
        }
        if (Heartbeat <= TimeSpan.Zero)
        {
            yield return $"{s}:Heartbeat: must be > 0.";
        }
        if (MaxDeviation is <= 0 or > 1)
        {
            yield return $"{s}:MaxDeviation: must be in (0, 1].";
        }
        if (VolatilityRounds is < 2 or > 10_000)
        {
            yield return $"{s}:VolatilityRounds: must be in [2, 10000].";
        }
        if (IndexBatchBlocks is < 1 or > 100_000)
        {
            yield return $"{s}:IndexBatchBlocks: must be in [1, 100000].";
        }
        for (var i = 0; i < Feeds.Count; i++)
        {
            var feed = Feeds[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{s}:Feeds:{i}");
            if (string.IsNullOrWhiteSpace(feed.Asset))
            {
                yield return $"{at}:Asset: is required.";
            }
            if (!Address.TryParse(feed.Address?.Trim() ?? "", out _))
            {
                yield return $"{at}:Address: is not a 0x address of 20 bytes.";
            }
            if (feed.Heartbeat is { } heartbeat && heartbeat <= TimeSpan.Zero)
            {
                yield return $"{at}:Heartbeat: must be > 0.";
            }
        }
        if (Feeder.SecondsPerDay is <= 0 or > 86_400 || double.IsNaN(Feeder.SecondsPerDay))
        {
            yield return $"{s}:Feeder:SecondsPerDay: must be > 0 and at most 86400.";
        }
        if (Feeder.To < Feeder.From)
        {
            yield return $"{s}:Feeder:To: must not be before Live:Feeder:From.";
        }
    }
}

/// <summary>One feed of section "Live:Feeds".</summary>
public sealed class LiveFeedOptions
{
    /// <summary>The asset it prices (a registry symbol).</summary>
    public string Asset { get; set; } = "";

    /// <summary>The feed's address.</summary>
    public string Address { get; set; } = "";

    /// <summary>Its heartbeat (default: <see cref="LiveOptions.Heartbeat"/>).</summary>
    public TimeSpan? Heartbeat { get; set; }
}

/// <summary>Section "Live:Feeder": the demo's price feeder (runs only with Portal:Demo:Enabled).</summary>
public sealed class FeederOptions
{
    /// <summary>Submit a round on its own timer. Default true (tests drive it with <see cref="PriceFeeder.StepAsync"/>).</summary>
    public bool AutoRun { get; set; } = true;

    /// <summary>Real seconds per replayed day. Default 20.</summary>
    public double SecondsPerDay { get; set; } = 20;

    /// <summary>The first day of the replayed window (its closes are the base: day 0 is the demo's own prices). Default 2022-11-01.</summary>
    public DateOnly From { get; set; } = new(2022, 11, 1);

    /// <summary>The last replayed day; after it the replay starts again from <see cref="From"/>. Default 2022-11-30 (the FTX collapse is 2022-11-06..14).</summary>
    public DateOnly To { get; set; } = new(2022, 11, 30);
}
