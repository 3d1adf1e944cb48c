using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Persistence;
using RiskGovernance.Persistence.History;

namespace RiskGovernance.Cli;

/// <summary><c>riskgov stress</c>, <c>riskgov backtest</c> and <c>riskgov history import|estimate</c>:
/// the commands over real market history (the data embedded in the engine unless files are given).</summary>
internal static class HistoryCommands
{
    public static readonly IReadOnlyCollection<string> StressOptions = ["market", "book", "params", "proposed", "window", "assumptions", "out", "threads"];
    public static readonly IReadOnlyCollection<string> BacktestOptions =
        ["params", "book", "market", "from", "to", "horizon", "lambda", "series", "out", "threads"];
    private static readonly IReadOnlyCollection<string> ImportOptions = ["db", "prices", "dvol"];
    private static readonly IReadOnlyCollection<string> EstimateOptions = ["date", "lambda", "window-days", "params", "assets", "out"];

    /// <summary>The default window of <c>stress</c>.</summary>
    public const string DefaultWindow = "ftx-2022";

    public static readonly DateOnly DefaultFrom = new(2019, 1, 1);
    public static readonly DateOnly DefaultTo = new(2024, 12, 31);

    /// <summary>Series are written by default up to this many portfolios.</summary>
    public const int SeriesByDefaultUpTo = 50;

    public static int Stress(CommandOptions o, CommandOutput stdout, TextWriter stderr, bool showProgress, CancellationToken ct)
    {
        if (o.Help)
        {
            stdout.Write(HelpText.Stress);
            return ExitCodes.Success;
        }
        var marketPath = o.Required("market");
        var bookPath = o.Required("book");
        var paramsPath = o.Required("params");
        var proposedPath = o.Optional("proposed");
        var assumptionsPath = o.Optional("assumptions");
        var outPath = o.Optional("out");
        var threads = o.Integer("threads", 1, 4096);
        InputFiles.RequireExisting(("market", marketPath), ("book", bookPath), ("params", paramsPath), ("proposed", proposedPath),
            ("assumptions", assumptionsPath));
        OutputFile.CheckWritable(outPath);

        var files = new InputFiles();
        var window = files.Collect(() => StressWindow.Parse(o.Optional("window") ?? DefaultWindow, "--window"));
        var market = files.Market(marketPath);
        var book = files.Book(bookPath);
        var current = files.Parameters("params", paramsPath);
        var proposed = proposedPath is null ? null : files.Parameters("proposed", proposedPath);
        var assumptions = assumptionsPath is null
            ? StressAssumptions.Default
            : files.Collect(() => StressAssumptionsJson.Read(InputFiles.ReadBytes("assumptions", assumptionsPath)));
        files.ThrowIfAny();

        var closes = MarketDataset.LoadDailyCloses();
        var assets = current!.RiskyAssets.Concat(proposed?.RiskyAssets ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var move = MarketMove.FromHistory(window!, assets, closes, MarketDataset.LoadDvolCloses(), proxy: market);
        var history = current.Method == MarginMethod.Historical || proposed?.Method == MarginMethod.Historical ? closes : null;
        var inputs = StressInputs.Create(market!, book!, current, proposed, move, assumptions!, history);

        using var progress = showProgress ? new StderrProgress(stderr) : null;
        var result = new StressEngine(new MarginEngineOptions(threads ?? -1)).Run(inputs, progress, ct);
        OutputFile.Write(outPath, s => StressResultJson.WriteTo(s, result), stdout);
        return ExitCodes.Success;
    }

    public static int Backtest(CommandOptions o, CommandOutput stdout, TextWriter stderr, bool showProgress, CancellationToken ct)
    {
        if (o.Help)
        {
            stdout.Write(HelpText.Backtest);
            return ExitCodes.Success;
        }
        var paramsPath = o.Required("params");
        var bookPath = o.Optional("book");
        var marketPath = o.Optional("market");
        var outPath = o.Optional("out");
        var horizon = o.Integer("horizon", 1, 365) ?? BacktestInputs.DefaultHorizonDays;
        var threads = o.Integer("threads", 1, 4096);
        if (bookPath is not null && marketPath is null)
        {
            throw new UsageException("--book needs --market: the snapshot the book was written against (its reference prices)");
        }
        if (bookPath is null && marketPath is not null)
        {
            throw new UsageException("--market is only used with --book");
        }
        InputFiles.RequireExisting(("params", paramsPath), ("book", bookPath), ("market", marketPath));
        OutputFile.CheckWritable(outPath);

        var files = new InputFiles();
        var from = files.Collect(() => (object)Date("from", o.Optional("from"), DefaultFrom));
        var to = files.Collect(() => (object)Date("to", o.Optional("to"), DefaultTo));
        var lambda = files.Collect(() => (object)Lambda(o.Optional("lambda")));
        var seriesText = o.Optional("series");
        var series = seriesText is null ? null : files.Collect(() => (object)Flag("series", seriesText));
        var parameters = files.Parameters("params", paramsPath);
        var book = bookPath is null ? null : files.Book(bookPath);
        var market = marketPath is null ? null : files.Market(marketPath);
        files.ThrowIfAny();

        var closes = MarketDataset.LoadDailyCloses();
        if (book is null)
        {
            market = ReferencePortfolios.ReferenceMarket(parameters!, closes, (DateOnly)to!);
            book = ReferencePortfolios.Create(market, parameters!);
        }
        var includeSeries = (bool?)series ?? book.Accounts.Count <= SeriesByDefaultUpTo;
        BacktestInputs inputs;
        try
        {
            inputs = BacktestInputs.Create(parameters!, book, market!, (DateOnly)from!, (DateOnly)to!, horizon, (double)lambda!, closes,
                MarketDataset.LoadDvolCloses(), includeSeries);
        }
        catch (InputValidationException ex)
        {
            throw new InputValidationException(ex.Errors.Select(e => e.Field is "from" or "to" or "horizon" or "lambda" ? e with { Field = "--" + e.Field } : e).ToArray());
        }
        using var progress = showProgress ? new StderrProgress(stderr) : null;
        var result = new Backtester(new MarginEngineOptions(threads ?? -1)).Run(inputs, progress, ct);
        OutputFile.Write(outPath, s => BacktestResultJson.WriteTo(s, result), stdout);
        return ExitCodes.Success;
    }

    public static int History(string[] args, CommandOutput stdout, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            throw new UsageException("'riskgov history' needs a command: import or estimate");
        }
        if (args[0] is "--help" or "-h")
        {
            stdout.Write(HelpText.History);
            return ExitCodes.Success;
        }
        var rest = args.AsSpan(1).ToArray();
        switch (args[0])
        {
            case "import":
            {
                var o = CommandOptions.Parse("history import", rest, ImportOptions);
                if (o.Help)
                {
                    stdout.Write(HelpText.History);
                    return ExitCodes.Success;
                }
                return Import(o, stdout, ct);
            }
            case "estimate":
            {
                var o = CommandOptions.Parse("history estimate", rest, EstimateOptions);
                if (o.Help)
                {
                    stdout.Write(HelpText.History);
                    return ExitCodes.Success;
                }
                return Estimate(o, stdout);
            }
            default:
                throw new UsageException($"unknown command 'history {args[0]}' (history import | history estimate)");
        }
    }

    private static int Import(CommandOptions o, CommandOutput stdout, CancellationToken ct)
    {
        var db = o.Required("db");
        var pricesPath = o.Optional("prices");
        var dvolPath = o.Optional("dvol");
        InputFiles.RequireExisting(("prices", pricesPath), ("dvol", dvolPath));
        if (db.Length == 0 || Directory.Exists(db))
        {
            throw new UsageException($"--db: '{db}' is not a file path");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(db));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new UsageException($"--db: folder '{folder}' does not exist");
        }
        var files = new InputFiles();
        var closes = pricesPath is null ? MarketDataset.LoadDailyCloses() : files.History(pricesPath, "prices");
        var dvol = dvolPath is null ? (pricesPath is null ? MarketDataset.LoadDvolCloses() : null) : files.History(dvolPath, "dvol");
        files.ThrowIfAny();

        var options = GovernanceDbContext.Configure(new DbContextOptionsBuilder<GovernanceDbContext>(), Path.GetFullPath(db), TimeSpan.FromSeconds(5)).Options;
        var contexts = new PooledDbContextFactory<GovernanceDbContext>(options);
        try
        {
            using (var context = contexts.CreateDbContext())
            {
                context.Database.MigrateAsync(ct).GetAwaiter().GetResult();
            }
            var store = new SqliteMarketHistoryStore(contexts);
            var result = store.ImportAsync(closes!, dvol, ct).GetAwaiter().GetResult();
            var counts = store.CountAsync(ct).GetAwaiter().GetResult();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imported into {db}: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged " +
                $"(stored: {counts.GetValueOrDefault(MarketHistorySeries.Close)} closes, {counts.GetValueOrDefault(MarketHistorySeries.Dvol)} DVOL values)"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
        return ExitCodes.Success;
    }

    private static int Estimate(CommandOptions o, CommandOutput stdout)
    {
        var outPath = o.Optional("out");
        var paramsPath = o.Optional("params");
        var windowDays = o.Integer("window-days", 10, 3650) ?? EwmaEstimator.DefaultWindowDays;
        if (o.Optional("date") is null)
        {
            throw new UsageException("'riskgov history estimate' needs --date");
        }
        if (paramsPath is not null && o.Optional("assets") is not null)
        {
            throw new UsageException("give --params or --assets, not both (with --params the assets are its risky assets)");
        }
        InputFiles.RequireExisting(("params", paramsPath));
        OutputFile.CheckWritable(outPath);
        var files = new InputFiles();
        var date = files.Collect(() => (object)Date("date", o.Optional("date"), default));
        var lambda = files.Collect(() => (object)Lambda(o.Optional("lambda")));
        var parameters = paramsPath is null ? null : files.Parameters("params", paramsPath);
        files.ThrowIfAny();

        var closes = MarketDataset.LoadDailyCloses();
        var asOf = (DateOnly)date!;
        if (parameters is not null)
        {
            var comparison = EstimateComparison.Create(closes, parameters, asOf, (double)lambda!, windowDays);
            OutputFile.Write(outPath, s => EstimateJson.WriteTo(s, comparison.Estimate, comparison), stdout);
            return ExitCodes.Success;
        }
        var assets = o.Optional("assets")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                     ?? MarketDataset.DailyAssets.Where(a => closes.TryGetClose(a, asOf, out _)).ToArray();
        var unknown = assets.Where(a => !closes.Assets.Contains(a)).ToArray();
        if (unknown.Length > 0)
        {
            throw new InputValidationException(unknown.Select(a => new ValidationError("--assets", $"'{a}' has no embedded history")).ToArray());
        }
        var estimate = EwmaEstimator.Estimate(closes, assets, asOf, (double)lambda!, windowDays);
        OutputFile.Write(outPath, s => EstimateJson.WriteTo(s, estimate), stdout);
        return ExitCodes.Success;
    }

    private static DateOnly Date(string option, string? text, DateOnly fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InputValidationException($"--{option}", $"must be a date written yyyy-MM-dd (got \"{text}\")");
    }

    private static double Lambda(string? text)
    {
        if (text is null)
        {
            return EwmaEstimator.DefaultLambda;
        }
        var e = new ValidationErrors();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new InputValidationException("--lambda", $"must be a number in (0, 1] (got \"{text}\")");
        }
        EwmaEstimator.CheckLambda(e, "--lambda", v);
        e.ThrowIfAny();
        return v;
    }

    private static bool Flag(string option, string? text) => text switch
    {
        null => false,
        "true" => true,
        "false" => false,
        _ => throw new InputValidationException($"--{option}", $"must be true or false (got \"{text}\")"),
    };
}
