using System.Text.Json;

namespace RiskGovernance.Cli.Tests;

/// <summary>The outcome of one riskgov run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonDocument Json() => JsonDocument.Parse(Stdout);
}

/// <summary>Runs riskgov in-process (through <see cref="RiskGovCommand.Run"/>) in a fresh temporary
/// folder per test, with the shipped examples at hand.</summary>
public sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Folder = Directory.CreateTempSubdirectory("riskgov-cli-tests-").FullName;
    }

    /// <summary>The examples shipped beside the CLI (copied to the test output).</summary>
    public static string Examples { get; } = Path.Combine(AppContext.BaseDirectory, "examples");

    public static string Market => Path.Combine(Examples, "market.json");

    public static string Params => Path.Combine(Examples, "params.json");

    public static string Book => Path.Combine(Examples, "book.json");

    public string Folder { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Writes a file into the temporary folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RiskGovCommand.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Files left in the folder besides the given inputs (temporary files included).</summary>
    public string[] FilesExcept(params string[] inputs) =>
        Directory.GetFiles(Folder).Select(System.IO.Path.GetFileName).Where(n => !inputs.Contains(n)).Select(n => n!).ToArray();

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
