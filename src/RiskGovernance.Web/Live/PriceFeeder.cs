using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Governance;
using RiskGovernance.Persistence;
using RiskGovernance.Persistence.Files;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Live;

/// <summary>The demo feeder's state, as GET /api/feeder shows it.</summary>
/// <param name="Paused">Whether it is paused.</param>
/// <param name="AutoRun">Whether it submits on its own timer.</param>
/// <param name="From">The first day of the replayed window (the base).</param>
/// <param name="To">The last day of the window.</param>
/// <param name="DayReplayed">The day whose moves the feeds show now (null before the first step: the demo's own prices).</param>
/// <param name="NextDay">The day the next step replays.</param>
/// <param name="SecondsPerDay">Real seconds per replayed day.</param>
/// <param name="LastRoundAt">When the last step's rounds were submitted (null before the first).</param>
/// <param name="NextRoundAt">When the timer submits the next (null when paused or not on a timer).</param>
/// <param name="Steps">Steps taken since the demo began.</param>
/// <param name="LastError">The last step's error (null when it went through).</param>
public sealed record FeederStatus(
    bool Paused, bool AutoRun, DateOnly From, DateOnly To, DateOnly? DayReplayed, DateOnly NextDay, double SecondsPerDay,
    DateTimeOffset? LastRoundAt, DateTimeOffset? NextRoundAt, long Steps, string? LastError);

/// <summary>
/// The demo's price feeder: replays the engine's embedded daily closes of a window (default November 2022, the FTX
/// collapse) into the demo feeds, one day per step, as RELATIVE moves applied to the demo's base prices (the demo book's
/// entry prices are those of <see cref="DemoInputs.AsOf"/>): an asset's price on day d is its demo price times
/// close(d) / close(From). Feed 0 of an asset gets that price, feeds 1 and 2 a small deterministic spread
/// (<see cref="DemoChain.FeedPrice"/>), so the median is the replayed price. A step's rounds are mined in one block, so
/// that a reader sees every feed on the same day. After <see cref="FeederOptions.To"/> the
/// replay starts again at <see cref="FeederOptions.From"/> (the base prices). Its position and whether it is paused are
/// kept in DATA/feeder.json, so a restart continues where it stopped. LOCAL demo chain only (the operator key is derived
/// from the demo seed).
/// </summary>
public sealed class PriceFeeder : IDisposable
{
    /// <summary>The state file in the data directory.</summary>
    public const string StateFileName = "feeder.json";

    private readonly ChainClient _chain;
    private readonly FeederOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PriceFeeder> _logger;
    private readonly SigningKey _operator;
    private readonly IReadOnlyList<DemoFeed> _feeds;
    private readonly string _statePath;
    private static readonly Lazy<Engine.Model.MarketSnapshot> BaseMarket = new(DemoInputs.Market10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state;
    private DateTimeOffset? _lastRoundAt;
    private string? _lastError;

    /// <summary>Creates the feeder of the configured feeds.</summary>
    public PriceFeeder(
        ChainClient chain, IOptions<LiveOptions> live, IOptions<PortalOptions> portal, IOptions<GovernanceRulesOptions> rules, IOptions<PersistenceOptions> persistence,
        TimeProvider time, ILogger<PriceFeeder> logger)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(persistence);
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = live.Value.Feeder;
        if (_options.To <= _options.From)
        {
            throw new ArgumentException("Live:Feeder:To: must be after Live:Feeder:From.", nameof(live));
        }
        if (!(_options.SecondsPerDay >= 0.1))
        {
            throw new ArgumentException("Live:Feeder:SecondsPerDay: must be at least 0.1.", nameof(live));
        }
        _operator = DemoChain.OperatorKey(portal.Value.Demo.Seed, Address.Parse(rules.Value.RegistryAddress, "Governance:RegistryAddress"));
        _feeds = [.. live.Value.Feeds.GroupBy(f => f.Asset, StringComparer.Ordinal)
            .SelectMany(g => g.Select((f, i) => new DemoFeed(g.Key, i, Address.Parse(f.Address, "Live:Feeds:Address"))))];
        _statePath = Path.Combine(Path.GetFullPath(persistence.Value.DataDirectory), StateFileName);
        _state = Load(_statePath);
    }

    /// <summary>The number of days in the window after <see cref="FeederOptions.From"/>.</summary>
    public int Days => _options.To.DayNumber - _options.From.DayNumber;

    /// <summary>The feeder's state.</summary>
    public FeederStatus Status => new(
        _state.Paused, _options.AutoRun, _options.From, _options.To,
        _state.Day is { } d ? _options.From.AddDays(d) : null, _options.From.AddDays(NextDayIndex()), _options.SecondsPerDay,
        _lastRoundAt, _state.Paused || !_options.AutoRun ? null : (_lastRoundAt ?? _time.GetUtcNow()) + TimeSpan.FromSeconds(_options.SecondsPerDay),
        _state.Steps, _lastError);

    /// <summary>The replayed price of <paramref name="asset"/> on day index <paramref name="day"/> of the window.</summary>
    public decimal PriceOn(string asset, int day)
    {
        var basePrice = (decimal)BaseMarket.Value[asset].Price;
        var history = MarketDataset.LoadDailyCloses();
        return history.TryGetClose(asset, _options.From, out var first) && first > 0
            && history.TryGetClose(asset, _options.From.AddDays(day), out var close) && close > 0
            ? basePrice * (decimal)(close / first)
            : basePrice;
    }

    /// <summary>
    /// Submits the next day's round to every feed, unless paused (then nothing is sent). The position is saved after the
    /// rounds are mined (a crash in between replays the same day again, with the same prices).
    /// </summary>
    public async Task<FeederStatus> StepAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state.Paused)
            {
                return Status;
            }
            var day = NextDayIndex();
            var rounds = _feeds.Select(f => (f, DemoChain.FeedPrice(PriceOn(f.Asset, day), f.Asset, day, f.Index))).ToList();
            try
            {
                await DemoChain.SubmitAsync(_chain, _operator, rounds, mineInBatches: true, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _lastError = e.Message;
                throw;
            }
            _state = _state with { Day = day, Steps = _state.Steps + 1 };
            await SaveAsync(cancellationToken);
            _lastRoundAt = _time.GetUtcNow();
            _lastError = null;
            _logger.LogInformation("Feeder: replayed {Date} (day {Day} of {Days}) into {Feeds} feeds.", _options.From.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day, Days, _feeds.Count);
            return Status;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Pauses (kept across a restart): no round is submitted until <see cref="ResumeAsync"/>.</summary>
    public Task<FeederStatus> PauseAsync(CancellationToken cancellationToken) => SetPausedAsync(true, cancellationToken);

    /// <summary>Resumes after <see cref="PauseAsync"/>.</summary>
    public Task<FeederStatus> ResumeAsync(CancellationToken cancellationToken) => SetPausedAsync(false, cancellationToken);

    private async Task<FeederStatus> SetPausedAsync(bool paused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state.Paused != paused)
            {
                _state = _state with { Paused = paused };
                await SaveAsync(cancellationToken);
                _logger.LogInformation("Feeder: {State}.", paused ? "paused" : "resumed");
            }
            return Status;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private int NextDayIndex() => _state.Day is { } d && d < Days ? d + 1 : _state.Day is null ? 1 : 0;

    private Task SaveAsync(CancellationToken cancellationToken)
        => OwnerOnlyFiles.WriteAllTextAsync(_statePath, JsonSerializer.Serialize(_state), cancellationToken);

    private static State Load(string path)
    {
        if (!File.Exists(path))
        {
            return new State(null, false, 0);
        }
        try
        {
            return JsonSerializer.Deserialize<State>(File.ReadAllText(path)) ?? new State(null, false, 0);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path}: is not the feeder's state ({e.Message}). Delete it to start the replay from its first day.", e);
        }
    }

    private sealed record State(int? Day, bool Paused, long Steps);
}

/// <summary>Runs <see cref="PriceFeeder.StepAsync"/> every <see cref="FeederOptions.SecondsPerDay"/> when <see cref="FeederOptions.AutoRun"/> is set; a failed step is logged and tried again.</summary>
public sealed class PriceFeederService(PriceFeeder feeder, IOptions<LiveOptions> options, TimeProvider time, ILogger<PriceFeederService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Feeder;
        if (!settings.AutoRun)
        {
            logger.LogInformation("Feeder: not on a timer (Live:Feeder:AutoRun is false).");
            return;
        }
        logger.LogInformation("Feeder: replaying {From}..{To}, one day every {Seconds} s{Paused}.", settings.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), settings.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), settings.SecondsPerDay,
            feeder.Status.Paused ? " (paused)" : "");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.SecondsPerDay), time, stoppingToken);
                await feeder.StepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Feeder: the step failed ({Message}); trying again on the next tick.", e.Message);
            }
        }
    }
}
