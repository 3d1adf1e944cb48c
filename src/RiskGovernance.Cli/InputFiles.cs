using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Cli;

/// <summary>Reads the input files of a command. A file that cannot be opened is a usage error
/// naming the option and the file; the problems inside the files are collected from all of them
/// (each named by its field) and thrown together.</summary>
internal sealed class InputFiles
{
    private readonly List<ValidationError> _errors = [];

    public static byte[] ReadBytes(string option, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"--{option}: file '{path}' not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--{option}: cannot read '{path}': {ex.Message}");
        }
    }

    /// <summary>Checks that every named file exists before anything is parsed, so that a usage
    /// error comes first.</summary>
    public static void RequireExisting(params (string Option, string? Path)[] files)
    {
        foreach (var (option, path) in files)
        {
            if (path is not null && !File.Exists(path))
            {
                throw new UsageException($"--{option}: file '{path}' not found");
            }
        }
    }

    public MarketSnapshot? Market(string path) => Collect(() => MarketSnapshotJson.Read(ReadBytes("market", path)));

    public ParameterSet? Parameters(string option, string path) =>
        Collect(() => Prefix(option, () => ParameterSetJson.Read(ReadBytes(option, path))));

    public Book? Book(string path) => Collect(() => BookJson.Read(ReadBytes("book", path)));

    public PriceHistory? History(string path, string option = "history") => Collect(() =>
    {
        using var stream = OpenRead(option, path);
        return PriceHistoryCsv.Read(stream);
    });

    /// <summary>The --history file when given, else the embedded real daily closes when any of the
    /// parameter sets uses the historical method, else none.</summary>
    public PriceHistory? HistoryFor(string? path, params ParameterSet?[] parameters)
    {
        if (path is not null)
        {
            return History(path);
        }
        return parameters.Any(p => p?.Method == MarginMethod.Historical) ? MarketDataset.LoadDailyCloses() : null;
    }

    public T? Collect<T>(Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (InputValidationException ex)
        {
            _errors.AddRange(ex.Errors);
            return null;
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InputValidationException(_errors.ToArray());
        }
    }

    private static FileStream OpenRead(string option, string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"--{option}: file '{path}' not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--{option}: cannot read '{path}': {ex.Message}");
        }
    }

    /// <summary>The two parameter sets of <c>impact</c> are both "params" files: their errors are
    /// named <c>current: params.x</c> / <c>proposed: params.x</c> so that the file is clear.</summary>
    private static T Prefix<T>(string option, Func<T> read)
    {
        if (option == "params")
        {
            return read();
        }
        try
        {
            return read();
        }
        catch (InputValidationException ex)
        {
            throw new InputValidationException(ex.Errors.Select(e => e with { Field = $"{option}: {e.Field}" }).ToArray());
        }
    }
}
