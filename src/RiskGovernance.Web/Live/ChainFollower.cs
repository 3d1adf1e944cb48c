using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.MarginAccounts;
using RiskGovernance.Contracts.Oracles;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Live;

/// <summary>What the follower did last.</summary>
/// <param name="LastTick">When it last looked at the chain (null before).</param>
/// <param name="Cursor">The last indexed block.</param>
/// <param name="LastSnapshotSource">The source of the last snapshot it stored.</param>
/// <param name="LastError">The last error (null after a good look).</param>
public sealed record ChainFollowerStatus(DateTimeOffset? LastTick, long? Cursor, string? LastSnapshotSource, string? LastError);

/// <summary>
/// Follows the chain for the live book: indexes the MarginAccounts logs (<see cref="MarginBookIndexer"/>, with the configured
/// confirmations, resuming from its stored cursor), reads the feeds (<see cref="OraclePriceReader"/>: median per asset,
/// stale, non-positive and outlying rounds dropped) and, when the book or any feed round changed, stores a new snapshot
/// through <see cref="ChainSnapshotWriter"/>. Volatility: the Deribit DVOL close where the embedded history has one for the
/// date; otherwise the EWMA of the asset's own prices, taken from the past rounds of the asset's first used feed
/// (<c>getRoundData</c>), each round read as one day (the demo feeder submits one round per replayed day); while a feed has
/// fewer rounds than the window, the embedded daily closes up to <see cref="LiveOptions.EmbeddedHistoryUntil"/> fill it in front
/// (documented fallback; the source text says so). An RPC outage
/// or a read that fails is logged and tried again after <see cref="LiveOptions.RetryInterval"/>; it never stops the portal.
/// </summary>
public sealed class ChainFollower : BackgroundService
{
    private readonly ChainClient _chain;
    private readonly ChainSnapshotWriter _writer;
    private readonly LiveOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChainFollower> _logger;
    private readonly MarginBookIndexer _indexer;
    private readonly OraclePriceReader _prices;
    private readonly Dictionary<(string Feed, BigInteger Round), decimal> _rounds = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MarginBookState? _state;
    private string? _bookSignature;
    private string? _lastKey;
    private long? _cursor;
    private bool _embeddedFill;

    /// <summary>Creates the follower of the configured contract and feeds.</summary>
    public ChainFollower(ChainClient chain, IMarginBookStore store, ChainSnapshotWriter writer, IOptions<LiveOptions> options, TimeProvider time, ILogger<ChainFollower> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        Contract = Address.Parse(_options.MarginAccounts ?? "", "Live:MarginAccounts");
        _indexer = new MarginBookIndexer(chain, Contract, store ?? throw new ArgumentNullException(nameof(store)),
            new MarginBookIndexerOptions { Confirmations = _options.Confirmations, StartBlock = _options.StartBlock, BatchBlocks = _options.IndexBatchBlocks });
        _prices = new OraclePriceReader(chain,
            _options.Feeds.Select((f, i) => new OracleFeed(f.Asset, Address.Parse(f.Address, $"Live:Feeds:{i}:Address"), f.Heartbeat ?? _options.Heartbeat)),
            _options.MaxDeviation);
    }

    /// <summary>The followed MarginAccounts contract.</summary>
    public Address Contract { get; }

    /// <summary>What the follower did last.</summary>
    public ChainFollowerStatus Status { get; private set; } = new(null, null, null, null);

    /// <summary>One look at the chain: index, read the feeds, store a snapshot when something changed. Returns true when it stored one.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var progress = await _indexer.IndexOnceAsync(cancellationToken);
            if (progress.Reorg)
            {
                _logger.LogWarning("Live: reorg under MarginAccounts {Contract}; rolled back to block {Block}.", Contract, progress.RolledBackTo?.Number);
            }
            if (_state is null || progress.Changes > 0 || progress.Reorg)
            {
                _state = await _indexer.LoadAsync(cancellationToken);
                _bookSignature = Signature(_state);
                if (progress.Changes > 0)
                {
                    _logger.LogInformation("Live: indexed {Changes} changes of MarginAccounts {Contract} up to block {Block}.", progress.Changes, Contract, progress.Cursor?.Number);
                }
            }

            _cursor = progress.Cursor?.Number;
            var read = await _prices.ReadAsync(cancellationToken);
            var roundsKey = string.Join(';', read.Prices.Assets.Select(a =>
                a.Asset + ":" + string.Join(',', a.Sources.Select(s => $"{s.Source}#{s.RoundId}")) + "|" + string.Join(',', a.Dropped.Select(d => $"{d.Source}!{d.Reason}"))));
            var key = Hash32.Keccak(Encoding.UTF8.GetBytes(_bookSignature + "\n" + roundsKey)).ToString()[2..14];
            _lastKey ??= await _writer.GetCurrentSourceAsync(cancellationToken) is { } current && current.EndsWith($"state {key}", StringComparison.Ordinal) ? key : "";
            if (key == _lastKey)
            {
                Status = new(_time.GetUtcNow(), _cursor, Status.LastSnapshotSource, null);
                return false;
            }

            _embeddedFill = false;
            var history = await HistoryAsync(read, cancellationToken);
            var volatility = new OracleVolatility(history, MarketDataset.LoadDvolCloses(), _options.VolatilityRounds);
            var chainId = await _chain.GetChainIdAsync(cancellationToken);
            var oracle = OracleMarketSnapshot.Build(read.Prices, volatility, new OracleMarketOrigin(chainId, read.Block.Number, read.Block.Hash.ToString()));
            var market = MarketSnapshot.Create(oracle.Market.AsOf,
                oracle.Market.Assets.Concat(_options.Stablecoins.Where(s => !oracle.Market.Contains(s)).Select(s => new AssetQuote(s, 1, 0))));
            // Options' time to expiry counts from the start of the market's valuation date (market.json is as of a date), so
            // the book of one day is the same book in every snapshot of that day and they share one stored book file.
            var book = _state.ToBook(new DateTimeOffset(market.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            var source = Source(read, oracle, book, key);
            await _writer.WriteAsync(new ChainSnapshot(market, book, source, Encoding.UTF8.GetString(oracle.ProvenanceJson(indented: false))), cancellationToken);
            _lastKey = key;
            Status = new(_time.GetUtcNow(), _cursor, source, null);
            _logger.LogInformation("Live: stored a snapshot: {Source}", source);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Live: following MarginAccounts {Contract} from block {Start} ({Confirmations} confirmations) and {Feeds} feeds.",
            Contract, _options.StartBlock, _options.Confirmations, _options.Feeds.Count);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChainUnavailableException e)
            {
                wait = _options.RetryInterval;
                Status = Status with { LastTick = _time.GetUtcNow(), LastError = e.Message };
                _logger.LogWarning("Live: the chain cannot be read ({Message}); trying again in {Retry}.", e.Message, wait);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                wait = _options.RetryInterval;
                Status = Status with { LastTick = _time.GetUtcNow(), LastError = e.Message };
                _logger.LogError(e, "Live: no snapshot this time ({Message}); trying again in {Retry}.", e.Message, wait);
            }

            try
            {
                await Task.Delay(wait, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Each asset's closes from its first used feed's past rounds, the newest at the read's date and one day per round before it.</summary>
    private async Task<PriceHistory> HistoryAsync(OnChainOraclePrices read, CancellationToken cancellationToken)
    {
        var date = DateOnly.FromDateTime(read.Prices.AsOf.UtcDateTime);
        var rows = new List<DailyClose>();
        foreach (var asset in read.Prices.Assets)
        {
            var source = asset.Sources[0];
            var feed = new AggregatorV3Reader(_chain, Address.Parse(source.Source));
            var scale = (decimal)Math.Pow(10, source.Decimals);
            for (var back = 0; back <= _options.VolatilityRounds && source.RoundId - back >= 1; back++)
            {
                var id = source.RoundId - back;
                if (!_rounds.TryGetValue((source.Source, id), out var price))
                {
                    var round = await feed.GetRoundAsync(id, cancellationToken, read.Block.Number);
                    price = (decimal)round.Answer / scale;
                    _rounds[(source.Source, id)] = price;
                }
                if (price > 0)
                {
                    rows.Add(new DailyClose(date.AddDays(-back), asset.Asset, (double)price));
                }
            }

            var rounds = (int)BigInteger.Min(source.RoundId, _options.VolatilityRounds + 1);
            if (rounds <= _options.VolatilityRounds && _options.EmbeddedHistoryUntil is { } until)
            {
                // Round 1 is the close of `until`: the embedded closes before it fill the window in front of the rounds.
                var embedded = MarketDataset.LoadDailyCloses();
                var first = date.AddDays(-(rounds - 1));
                for (var k = 1; k <= _options.VolatilityRounds + 1 - rounds; k++)
                {
                    if (embedded.TryGetClose(asset.Asset, until.AddDays(-k), out var close))
                    {
                        rows.Add(new DailyClose(first.AddDays(-k), asset.Asset, close));
                    }
                }
                _embeddedFill = true;
            }
        }
        return PriceHistory.Create(rows);
    }

    private string Source(OnChainOraclePrices read, OracleMarketSnapshot oracle, Book book, string key)
    {
        var invariant = CultureInfo.InvariantCulture;
        var used = read.Prices.Assets.Sum(a => a.Sources.Count);
        var dropped = read.Prices.Assets.Sum(a => a.Dropped.Count);
        var rounds = string.Join(", ", read.Prices.Assets.Select(a => $"{a.Asset} {a.Sources.Max(s => s.RoundId)}"));
        var dvol = oracle.Volatilities.Where(v => v.Method == VolatilityMethod.Dvol).Select(v => v.Asset).ToList();
        var ewma = oracle.Volatilities.Where(v => v.Method == VolatilityMethod.Ewma).Select(v => v.Asset).ToList();
        var vol = (dvol.Count > 0 ? $"DVOL for {string.Join(", ", dvol)}; " : "")
            + (ewma.Count > 0 ? string.Create(invariant, $"EWMA of the feeds' past rounds (one round a day, {_options.VolatilityRounds} days") : "")
            + (ewma.Count > 0 && _embeddedFill ? string.Create(invariant, $", continued back by the embedded daily closes to {_options.EmbeddedHistoryUntil:yyyy-MM-dd}") : "")
            + (ewma.Count > 0 ? $") for {string.Join(", ", ewma)}" : "");
        return string.Create(invariant,
            $"chain: MarginAccounts {Contract} block {_cursor}, {book.Accounts.Count} accounts; oracles at block {read.Block.Number}: "
            + $"{used} feeds used, {dropped} dropped, rounds {rounds}; volatility {vol.TrimEnd(' ', ';')}; "
            + $"{string.Join(", ", _options.Stablecoins)} at 1; state {key}");
    }

    private static string Signature(MarginBookState state)
    {
        var text = new StringBuilder();
        foreach (var c in state.Collateral)
        {
            text.Append(c.Account.ToLowerHex()).Append(c.Asset).Append(c.Balance.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        foreach (var p in state.Positions)
        {
            text.Append(p.Id.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return Hash32.Keccak(Encoding.UTF8.GetBytes(text.ToString())).ToString();
    }
}
