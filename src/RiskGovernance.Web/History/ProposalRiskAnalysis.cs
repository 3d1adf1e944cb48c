using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RiskGovernance.Primitives;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Web.Simulation;
using RiskGovernance.Governance.Application;

namespace RiskGovernance.Web.History;

/// <summary>
/// Real history for a parameter proposal, current (ratified) vs proposed: stress replays of historical
/// windows with the correlation stress and the liquidation cascade, the backtest over 2019-2024, and
/// the EWMA estimate next to the proposal's values. Every result is the engine's compact JSON output,
/// stored in <see cref="IResultStore"/> under keccak(kind, inputs' hashes, engine version) and reused,
/// so that it is reproducible like the simulation record (the same command line recomputes it).
/// Computations run as jobs shared by every viewer (<see cref="Jobs"/>); a job is cancelled when the last
/// viewer waiting for it goes away.
/// </summary>
public sealed class ProposalRiskAnalysis(
    IProposalRepository proposals,
    GovernanceService committee,
    IBookStore books,
    IResultStore results,
    RegistryView.IRatifiedHistory ratifiedHistory,
    MarketHistorySource history,
    TimeProvider time,
    ILogger<ProposalRiskAnalysis> logger) : IDisposable
{
    /// <summary>Result kind of a stress replay.</summary>
    public const string StressKind = "history-stress";

    /// <summary>Result kind of a backtest.</summary>
    public const string BacktestKind = "history-backtest";

    /// <summary>Result kind of an EWMA estimate.</summary>
    public const string EstimateKind = "history-estimate";

    /// <summary>First date of the backtest.</summary>
    public static readonly DateOnly BacktestFrom = new(2019, 1, 1);

    /// <summary>Last date of the backtest.</summary>
    public static readonly DateOnly BacktestTo = new(2024, 12, 31);

    /// <summary>The backtest's horizon, days.</summary>
    public const int BacktestHorizonDays = BacktestInputs.DefaultHorizonDays;

    /// <summary>EWMA decay of the backtest's volatilities where DVOL is missing, and of the stress
    /// replay's volatility ratio before DVOL existed (the engine's defaults).</summary>
    public const double EngineLambda = EwmaEstimator.DefaultLambda;

    /// <summary>The running computations, by result key; anyone may cancel one for every viewer.</summary>
    public SharedJobs<StoredResult> Jobs { get; } = new("history analysis", LastViewerLeaving.CancelsJob, logger);

    /// <summary>Loads the proposal's inputs; errors name <c>proposal</c>, <c>book</c> or <c>ratified</c>.</summary>
    public async Task<ProposalHistoryInputs> LoadInputsAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var proposal = await proposals.GetAsync(proposalId, cancellationToken)
                       ?? throw new InputValidationException("proposal", $"there is no proposal {proposalId}");
        if (proposal.Kind != ProposalKind.Parameters || proposal.ParamsJson is null)
        {
            throw new InputValidationException("proposal", "is a committee membership proposal: the history panels compare parameter sets");
        }

        var snapshot = await books.GetCurrentAsync(cancellationToken)
                       ?? throw new InputValidationException("book", "no book is stored yet: the stress replays need the current book and market snapshot");
        var ratified = await committee.GetInForceAsync(cancellationToken)
                       ?? throw new InputValidationException("ratified", "no parameter set is ratified yet: there is nothing to compare the proposal with");

        var market = snapshot.Market;
        var book = snapshot.Book;
        var proposed = ParameterSetJson.Read(proposal.ParamsJson);

        ParameterSet current;
        long version;
        string note;
        if (proposal.State == ProposalState.Executed || proposal.ExecutedVersion is not null)
        {
            var replaced = await ratifiedHistory.FindAsync(proposal.BaseVersion, cancellationToken);
            if (replaced is not null && replaced.ParamsHash == proposal.BaseParamsHash)
            {
                (current, version) = (ParameterSetJson.Read(replaced.ParamsJson), replaced.Version);
                note = $"version {version}: the set this executed proposal replaced";
            }
            else
            {
                (current, version) = (ParameterSetJson.Read(ratified.ParamsJson), ratified.Version);
                note = $"version {version}, the current set: version {proposal.BaseVersion}, which this proposal replaced, is not stored here";
            }
        }
        else
        {
            (current, version) = (ParameterSetJson.Read(ratified.ParamsJson), ratified.Version);
            note = proposal.BaseVersion == ratified.Version
                ? $"version {version}: the ratified set"
                : $"version {version}: the ratified set (the proposal was drafted against version {proposal.BaseVersion})";
        }

        return new ProposalHistoryInputs(proposal.Id, proposal.Title, proposal.State, market, book, snapshot.MarketHash, snapshot.BookHash,
            current, OnChainParameterCodec.ParamsHash(current), version, note, proposed, OnChainParameterCodec.ParamsHash(proposed), snapshot.Source);
    }

    /// <summary>The store key of a stress replay.</summary>
    public static Hash32 StressKey(ProposalHistoryInputs inputs, StressWindow window, StressAssumptions assumptions, Hash32 historyHash)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(assumptions);
        return KeyOf(StressKind,
            ("market", inputs.MarketHash.ToString()),
            ("book", inputs.BookHash.ToString()),
            ("current", inputs.CurrentHash.ToString()),
            ("proposed", inputs.ProposedHash.ToString()),
            ("window", WindowArgument(window)),
            ("assumptions", AssumptionsJson(assumptions)),
            ("lambda", Number(EngineLambda)),
            ("history", historyHash.ToString()));
    }

    /// <summary>The store key of a backtest of one set.</summary>
    public static Hash32 BacktestKey(ProposalHistoryInputs inputs, HistorySide side, bool onBook, Hash32 historyHash)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return KeyOf(BacktestKind,
            ("params", (side == HistorySide.Current ? inputs.CurrentHash : inputs.ProposedHash).ToString()),
            ("portfolios", onBook ? $"book {inputs.BookHash} market {inputs.MarketHash}" : "reference"),
            ("from", Date(BacktestFrom)),
            ("to", Date(BacktestTo)),
            ("horizon", BacktestHorizonDays.ToString(CultureInfo.InvariantCulture)),
            ("lambda", Number(EngineLambda)),
            ("history", historyHash.ToString()));
    }

    /// <summary>The store key of the EWMA estimate compared with the proposed set.</summary>
    public static Hash32 EstimateKey(ProposalHistoryInputs inputs, double lambda, Hash32 historyHash)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return KeyOf(EstimateKind,
            ("market", inputs.MarketHash.ToString()),
            ("proposed", inputs.ProposedHash.ToString()),
            ("date", Date(inputs.AsOf)),
            ("lambda", Number(lambda)),
            ("windowDays", EwmaEstimator.DefaultWindowDays.ToString(CultureInfo.InvariantCulture)),
            ("history", historyHash.ToString()));
    }

    /// <summary>keccak of the kind, the named parts (one per line, in order) and the engine version.</summary>
    public static Hash32 KeyOf(string kind, params (string Name, string Value)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder(kind).Append('\n');
        foreach (var (name, value) in parts)
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        text.Append("engine=").Append(SimulationRecord.CurrentEngineVersion);
        return Hash32.Keccak(text.ToString());
    }

    /// <summary>The stress replay of <paramref name="window"/> under both sets, from the store or computed.</summary>
    public async Task<HistoryOutcome<StressView>> StressAsync(
        ProposalHistoryInputs inputs, StressWindow window, StressAssumptions assumptions, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(assumptions);
        var data = await history.GetAsync(cancellationToken);
        var key = StressKey(inputs, window, assumptions, data.Hash);
        return await GetOrComputeAsync(key, StressKind, StressCommand(window, assumptions), (report, token) =>
        {
            var result = new StressEngine().Run(StressInputsOf(inputs, window, assumptions, data), new MarginProgressAdapter(report, ""), token);
            return Compact(w => StressResultJson.Write(w, result));
        }, HistoryViewJson.Stress, progress, cancellationToken);
    }

    /// <summary>The engine inputs of a stress replay (the move from <paramref name="data"/>; closes passed on for the historical method).</summary>
    public static StressInputs StressInputsOf(ProposalHistoryInputs inputs, StressWindow window, StressAssumptions assumptions, MarketHistoryData data)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(data);
        var move = MarketMove.FromHistory(window, inputs.RiskyAssets, data.Closes, data.Dvol, EngineLambda, inputs.Market);
        var closes = inputs.Current.Method == MarginMethod.Historical || inputs.Proposed.Method == MarginMethod.Historical ? data.Closes : null;
        return StressInputs.Create(inputs.Market, inputs.Book, inputs.Current, inputs.Proposed, move, assumptions, closes);
    }

    /// <summary>The backtest of one set over 2019-2024 on the reference portfolios (or the current book).</summary>
    public async Task<HistoryOutcome<BacktestView>> BacktestAsync(
        ProposalHistoryInputs inputs, HistorySide side, bool onBook, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var data = await history.GetAsync(cancellationToken);
        var key = BacktestKey(inputs, side, onBook, data.Hash);
        var label = side == HistorySide.Current ? "current" : "proposed";
        return await GetOrComputeAsync(key, BacktestKind, BacktestCommand(side, onBook), (report, token) =>
        {
            var result = new Backtester().Run(BacktestInputsOf(inputs, side, onBook, data), new MarginProgressAdapter(report, label + ": "), token);
            return Compact(w => BacktestResultJson.Write(w, result));
        }, HistoryViewJson.Backtest, progress, cancellationToken);
    }

    /// <summary>The engine inputs of a backtest, as <c>riskgov backtest</c> builds them.</summary>
    public static BacktestInputs BacktestInputsOf(ProposalHistoryInputs inputs, HistorySide side, bool onBook, MarketHistoryData data)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(data);
        var parameters = side == HistorySide.Current ? inputs.Current : inputs.Proposed;
        var market = onBook ? inputs.Market : ReferencePortfolios.ReferenceMarket(parameters, data.Closes, BacktestTo);
        var book = onBook ? inputs.Book : ReferencePortfolios.Create(market, parameters);
        return BacktestInputs.Create(parameters, book, market, BacktestFrom, BacktestTo, BacktestHorizonDays, EngineLambda, data.Closes, data.Dvol,
            includeSeries: false);
    }

    /// <summary>The EWMA estimate as of the snapshot's date next to the proposed set; <paramref name="lambda"/> in (0, 1].</summary>
    public async Task<HistoryOutcome<EstimateView>> EstimateAsync(
        ProposalHistoryInputs inputs, double lambda, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new ValidationErrors();
        EwmaEstimator.CheckLambda(errors, "lambda", lambda);
        errors.ThrowIfAny();
        var data = await history.GetAsync(cancellationToken);
        var key = EstimateKey(inputs, lambda, data.Hash);
        return await GetOrComputeAsync(key, EstimateKind, EstimateCommand(inputs, lambda), (report, token) =>
        {
            report.Report(new JobProgress("estimate", 0));
            var comparison = EstimateComparison.Create(data.Closes, inputs.Proposed, inputs.AsOf, lambda);
            return Compact(w => EstimateJson.Write(w, comparison.Estimate, comparison));
        }, HistoryViewJson.Estimate, progress, cancellationToken);
    }

    /// <summary>The daily closes of <paramref name="assets"/> around a window, each normalised to 100 at the
    /// window's base close (<paramref name="padDays"/> days either side); an asset without a base close is left out.</summary>
    public async Task<PricePaths> PricePathsAsync(StressWindow window, IReadOnlyList<string> assets, int padDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(assets);
        var data = await history.GetAsync(cancellationToken);
        var first = window.BaseDate.AddDays(-padDays);
        var dates = Enumerable.Range(0, window.End.DayNumber + padDays - first.DayNumber + 1).Select(first.AddDays).ToArray();
        var series = new List<PricePath>();
        foreach (var asset in assets)
        {
            if (!data.Closes.TryGetClose(asset, window.BaseDate, out var baseClose))
            {
                continue;
            }

            series.Add(new PricePath(asset, dates.Select(d => data.Closes.TryGetClose(asset, d, out var c) ? (double?)(100 * c / baseClose) : null).ToArray()));
        }

        return new PricePaths(dates, series);
    }

    /// <summary>Where the history comes from ("database" or "embedded") and its hash.</summary>
    public async Task<(string Source, Hash32 Hash)> HistorySourceAsync(CancellationToken cancellationToken)
    {
        var data = await history.GetAsync(cancellationToken);
        return (data.Source, data.Hash);
    }

    /// <summary>The <c>--window</c> argument of a window: its preset name or <c>START..END</c>.</summary>
    public static string WindowArgument(StressWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return StressWindow.Presets.Contains(window) ? window.Name : $"{Date(window.Start)}..{Date(window.End)}";
    }

    /// <summary>The assumptions document, compact.</summary>
    public static string AssumptionsJson(StressAssumptions assumptions) =>
        Encoding.UTF8.GetString(Compact(w => StressAssumptionsJson.Write(w, assumptions)));

    /// <summary>The command line of a stress replay (files: the snapshot, book and both sets as stored).</summary>
    public static string StressCommand(StressWindow window, StressAssumptions assumptions)
    {
        var command = $"riskgov stress --market market.json --book book.json --params current.json --proposed proposed.json --window {WindowArgument(window)}";
        return AssumptionsJson(assumptions) == AssumptionsJson(StressAssumptions.Default) ? command : command + " --assumptions assumptions.json";
    }

    /// <summary>The command line of a backtest.</summary>
    public static string BacktestCommand(HistorySide side, bool onBook) =>
        $"riskgov backtest --params {(side == HistorySide.Current ? "current" : "proposed")}.json{(onBook ? " --book book.json --market market.json" : "")} " +
        $"--from {Date(BacktestFrom)} --to {Date(BacktestTo)} --horizon {BacktestHorizonDays} --lambda {Number(EngineLambda)} --series false";

    /// <summary>The command line of the estimate.</summary>
    public static string EstimateCommand(ProposalHistoryInputs inputs, double lambda)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return $"riskgov history estimate --date {Date(inputs.AsOf)} --params proposed.json --lambda {Number(lambda)}";
    }

    /// <summary>The engine's compact JSON: relaxed escaping, as the CLI writes it (without indentation).</summary>
    public static byte[] Compact(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => Jobs.Dispose();

    private async Task<HistoryOutcome<T>> GetOrComputeAsync<T>(
        Hash32 key, string kind, string command, Func<IProgress<JobProgress>, CancellationToken, byte[]> compute, Func<string, T> read,
        IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var stored = await results.FindAsync(key, cancellationToken);
        var fromStore = stored is not null;
        stored ??= await Jobs.RunAsync(key, startedBy: null, new JobWork<StoredResult>(
            token => results.FindAsync(key, token),
            (report, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                var bytes = compute(report, token);
                return Task.FromResult(new StoredResult(key, kind, Encoding.UTF8.GetString(bytes), Hash32.Keccak(bytes), Stopwatch.GetElapsedTime(started),
                    time.GetUtcNow()));
            },
            async computed =>
            {
                // The store keeps the first result saved under a key: return that one.
                await results.SaveAsync(computed, CancellationToken.None);
                return await results.FindAsync(key, CancellationToken.None) ?? computed;
            }), progress, cancellationToken);
        return new HistoryOutcome<T>(read(stored.ResultJson), key, stored.ResultHash, fromStore, stored.Elapsed, stored.ComputedAt, command);
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed class MarginProgressAdapter(IProgress<JobProgress> target, string prefix) : IProgress<MarginProgress>
    {
        public void Report(MarginProgress value) => target.Report(new JobProgress(prefix + value.Stage, value.Fraction));
    }
}

/// <summary>One asset's closes normalised to 100 at the window's base close (null where there is no close).</summary>
public sealed record PricePath(string Asset, IReadOnlyList<double?> Values);

/// <summary>The dates and the normalised closes of the assets around a stress window.</summary>
public sealed record PricePaths(IReadOnlyList<DateOnly> Dates, IReadOnlyList<PricePath> Series);
