using System.Diagnostics;
using System.Text.Json;

namespace RiskGovernance.Cli.Tests;

/// <summary>riskgov as a real process (<c>dotnet riskgov.dll</c>), as scripts call it.</summary>
public sealed class ProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliRun _run = new();

    public void Dispose() => _run.Dispose();

    private static CliResult Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "riskgov.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(Timeout), "riskgov did not finish");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Process_MarginExamples_ExitZeroAndJsonOnStdout()
    {
        var r = Start("margin", "--market", CliRun.Market, "--params", CliRun.Params, "--book", CliRun.Book);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("accounts").GetArrayLength());
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Process_InvalidInput_ExitTwoOneLinePerProblemNoOutput()
    {
        var p = _run.Write("p.json", File.ReadAllText(CliRun.Params)
            .Replace("\"scanRange\": 0.15", "\"scanRange\": 0", StringComparison.Ordinal)
            .Replace("\"seed\": 42", "\"seed\": \"42\"", StringComparison.Ordinal));
        var output = _run.PathOf("out.json");
        var r = Start("margin", "--market", CliRun.Market, "--params", p, "--book", CliRun.Book, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["params.assets.BTC.scanRange: must be > 0", "params.simulation.seed: must be an integer (got \"42\")"],
            r.StderrLines.Order(StringComparer.Ordinal));
        Assert.Equal("", r.Stdout);
        Assert.Equal(["p.json"], _run.FilesExcept());
    }

    [Fact]
    public void Process_UnknownCommand_ExitTwo()
    {
        var r = Start("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", r.Stderr, StringComparison.Ordinal);
    }
}
