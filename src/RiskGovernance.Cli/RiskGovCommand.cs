using System.Collections.Immutable;
using RiskGovernance.Engine;
using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Cli;

/// <summary>How a run of riskgov ended (the process exit code).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailure = 1;
    public const int InvalidInput = 2;
}

/// <summary>The <c>riskgov</c> command line (FORMATS.md "Command line"), callable in-process:
/// <see cref="Run"/> takes the arguments and the two output streams and returns the exit code.</summary>
public static class RiskGovCommand
{
    private static readonly ImmutableArray<string> MarginOptions = ["market", "params", "book", "history", "out", "threads"];
    private static readonly ImmutableArray<string> ImpactOptions = ["market", "book", "current", "proposed", "history", "out", "threads"];
    private static readonly ImmutableArray<string> CheckOptions = ["params"];
    private static readonly ImmutableArray<string> RepairOptions = ["params", "out"];
    private static readonly ImmutableArray<string> GenerateOptions = ["market", "accounts", "seed", "out", "params"];

    /// <summary>Runs one command. Exit 0 on success; 2 on invalid input or usage, with one line per
    /// problem on <paramref name="stderr"/>; 1 on an unexpected failure.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where the JSON output (without --out) and messages go.</param>
    /// <param name="stderr">Where problems go, one line each.</param>
    /// <param name="showProgress">Show the progress of Monte Carlo and historical runs on stderr
    /// (the program sets it when stderr is a terminal).</param>
    /// <param name="stdoutStream">The raw standard output, when there is one: JSON output is then
    /// written to it as UTF-8 bytes instead of through <paramref name="stdout"/> (faster for
    /// large results).</param>
    /// <param name="ct">Cancels a long run.</param>
    public static int Run(
        string[] args, TextWriter stdout, TextWriter stderr, bool showProgress = false, Stream? stdoutStream = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return Dispatch(args, new CommandOutput(stdout, stdoutStream), stderr, showProgress, ct);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"riskgov: {ex.Message} (see riskgov --help)");
            return ExitCodes.InvalidInput;
        }
        catch (InputValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(OneLine(error.ToString()));
            }
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("riskgov: cancelled");
            return ExitCodes.UnexpectedFailure;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"riskgov: unexpected failure: {ex.GetType().Name}: {OneLine(ex.Message)}");
            return ExitCodes.UnexpectedFailure;
        }
    }

    private static int Dispatch(string[] args, CommandOutput stdout, TextWriter stderr, bool showProgress, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            stderr.Write(HelpText.Main);
            return ExitCodes.InvalidInput;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            stdout.Write(HelpText.Main);
            return ExitCodes.Success;
        }
        var rest = args.AsSpan(1).ToArray();
        switch (args[0])
        {
            case "margin":
                return Margin(CommandOptions.Parse("margin", rest, MarginOptions), stdout, stderr, showProgress, ct);
            case "impact":
                return Impact(CommandOptions.Parse("impact", rest, ImpactOptions), stdout, stderr, showProgress, ct);
            case "correlation":
                return Correlation(rest, stdout);
            case "book":
                return Book(rest, stdout);
            case "registry":
                return Registry.RegistryCommand.Run(rest, stdout, stderr, ct);
            case "stress":
                return HistoryCommands.Stress(CommandOptions.Parse("stress", rest, HistoryCommands.StressOptions), stdout, stderr, showProgress, ct);
            case "backtest":
                return HistoryCommands.Backtest(CommandOptions.Parse("backtest", rest, HistoryCommands.BacktestOptions), stdout, stderr, showProgress, ct);
            case "history":
                return HistoryCommands.History(rest, stdout, ct);
            case "snapshot":
                return SnapshotCommand.Run(rest, stdout, stderr, ct);
            default:
                throw new UsageException($"unknown command '{args[0]}' (commands: margin, impact, correlation, book, registry, stress, backtest, history, snapshot)");
        }
    }

    private static int Margin(CommandOptions o, CommandOutput stdout, TextWriter stderr, bool showProgress, CancellationToken ct)
    {
        if (o.Help)
        {
            stdout.Write(HelpText.Margin);
            return ExitCodes.Success;
        }
        var marketPath = o.Required("market");
        var paramsPath = o.Required("params");
        var bookPath = o.Required("book");
        var historyPath = o.Optional("history");
        var outPath = o.Optional("out");
        var threads = o.Integer("threads", 1, 4096);
        InputFiles.RequireExisting(("market", marketPath), ("params", paramsPath), ("book", bookPath), ("history", historyPath));
        OutputFile.CheckWritable(outPath);

        var files = new InputFiles();
        var market = files.Market(marketPath);
        var parameters = files.Parameters("params", paramsPath);
        var book = files.Book(bookPath);
        var history = files.HistoryFor(historyPath, parameters);
        files.ThrowIfAny();
        var inputs = MarginInputs.Create(market!, parameters!, book!, history);

        var engine = new MarginEngine(new MarginEngineOptions(threads ?? -1));
        using var progress = Progress(showProgress && parameters!.Method != MarginMethod.Grid, stderr);
        var result = engine.Margin(inputs, progress, ct);
        OutputFile.Write(outPath, s => MarginResultJson.WriteTo(s, result), stdout);
        return ExitCodes.Success;
    }

    private static int Impact(CommandOptions o, CommandOutput stdout, TextWriter stderr, bool showProgress, CancellationToken ct)
    {
        if (o.Help)
        {
            stdout.Write(HelpText.Impact);
            return ExitCodes.Success;
        }
        var marketPath = o.Required("market");
        var bookPath = o.Required("book");
        var currentPath = o.Required("current");
        var proposedPath = o.Required("proposed");
        var historyPath = o.Optional("history");
        var outPath = o.Optional("out");
        var threads = o.Integer("threads", 1, 4096);
        InputFiles.RequireExisting(("market", marketPath), ("book", bookPath), ("current", currentPath),
            ("proposed", proposedPath), ("history", historyPath));
        OutputFile.CheckWritable(outPath);

        var files = new InputFiles();
        var market = files.Market(marketPath);
        var book = files.Book(bookPath);
        var current = files.Parameters("current", currentPath);
        var proposed = files.Parameters("proposed", proposedPath);
        var history = files.HistoryFor(historyPath, current, proposed);
        files.ThrowIfAny();
        var currentInputs = files.Collect(() => Sided("current", () => MarginInputs.Create(market!, current!, book!, history)));
        files.Collect(() => Sided("proposed", () => MarginInputs.Create(market!, proposed!, book!, history)));
        files.ThrowIfAny();

        var engine = new MarginEngine(new MarginEngineOptions(threads ?? -1));
        var slow = current!.Method != MarginMethod.Grid || proposed!.Method != MarginMethod.Grid;
        using var progress = Progress(showProgress && slow, stderr);
        var result = engine.Impact(currentInputs!, proposed!, progress, ct);
        OutputFile.Write(outPath, s => ImpactResultJson.WriteTo(s, result), stdout);
        return ExitCodes.Success;
    }

    private static int Correlation(string[] args, CommandOutput stdout)
    {
        if (args.Length == 0)
        {
            throw new UsageException("'riskgov correlation' needs a command: check or repair");
        }
        if (args[0] is "--help" or "-h")
        {
            stdout.Write(HelpText.Correlation);
            return ExitCodes.Success;
        }
        var sub = args[0];
        var rest = args.AsSpan(1).ToArray();
        switch (sub)
        {
            case "check":
            {
                var o = CommandOptions.Parse("correlation check", rest, CheckOptions);
                if (o.Help)
                {
                    stdout.Write(HelpText.Correlation);
                    return ExitCodes.Success;
                }
                var draft = ReadCorrelationDraft(o.Required("params"));
                var report = CorrelationCheck.Analyse(draft.CorrelationAssets, draft.CorrelationMatrix);
                OutputFile.Write(null, s => s.Write(CorrelationReportJson.ToUtf8Bytes(report)), stdout);
                return ExitCodes.Success;
            }
            case "repair":
            {
                var o = CommandOptions.Parse("correlation repair", rest, RepairOptions);
                if (o.Help)
                {
                    stdout.Write(HelpText.Correlation);
                    return ExitCodes.Success;
                }
                var paramsPath = o.Required("params");
                var outPath = o.Required("out");
                InputFiles.RequireExisting(("params", paramsPath));
                OutputFile.CheckWritable(outPath);
                var draft = ReadCorrelationDraft(paramsPath);
                var repaired = draft.ValidateWithRepairedCorrelation();
                OutputFile.Write(outPath, s => s.Write(ParameterSetJson.ToUtf8Bytes(repaired)), stdout);
                var distance = NearestCorrelation.FrobeniusDistance(draft.CorrelationMatrix, repaired.Correlation.ToRows());
                stdout.WriteLine(
                    $"wrote {outPath}: correlation matrix repaired (Frobenius distance {distance.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)})");
                return ExitCodes.Success;
            }
            default:
                throw new UsageException($"unknown command 'correlation {sub}' (correlation check | correlation repair)");
        }
    }

    private static int Book(string[] args, CommandOutput stdout)
    {
        if (args.Length == 0)
        {
            throw new UsageException("'riskgov book' needs a command: generate");
        }
        if (args[0] is "--help" or "-h")
        {
            stdout.Write(HelpText.Book);
            return ExitCodes.Success;
        }
        if (args[0] != "generate")
        {
            throw new UsageException($"unknown command 'book {args[0]}' (book generate)");
        }
        var o = CommandOptions.Parse("book generate", args.AsSpan(1).ToArray(), GenerateOptions);
        if (o.Help)
        {
            stdout.Write(HelpText.Book);
            return ExitCodes.Success;
        }
        return BookGeneration.Run(o, stdout);
    }

    /// <summary>Reads a params file for the correlation commands: the JSON structure and every rule
    /// except those on the matrix itself must hold; the matrix must be square and finite (it may
    /// fail the correlation rules, positive semidefiniteness above all: that is what the commands
    /// are for).</summary>
    private static ParameterSetDraft ReadCorrelationDraft(string paramsPath)
    {
        var draft = ParameterSetJson.ReadDraft(InputFiles.ReadBytes("params", paramsPath));
        var m = draft.CorrelationMatrix;
        var n = draft.CorrelationAssets.Count;
        var usable = n > 0 && m.Count == n && m.All(row => row.Count == n && row.All(double.IsFinite));
        try
        {
            draft.Validate();
        }
        catch (InputValidationException ex)
        {
            var blocking = usable
                ? ex.Errors.Where(e => !e.Field.StartsWith("params.correlation.matrix", StringComparison.Ordinal)).ToArray()
                : ex.Errors.ToArray();
            if (blocking.Length > 0)
            {
                throw new InputValidationException(blocking);
            }
        }
        return draft;
    }

    private static T Sided<T>(string side, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (InputValidationException ex)
        {
            throw new InputValidationException(ex.Errors.Select(e => e with { Field = $"{side}: {e.Field}" }).ToArray());
        }
    }

    private static StderrProgress? Progress(bool show, TextWriter stderr) => show ? new StderrProgress(stderr) : null;

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
