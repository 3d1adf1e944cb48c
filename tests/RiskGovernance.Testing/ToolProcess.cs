using System.Diagnostics;

namespace RiskGovernance.Testing;

/// <summary>The outcome of one run of an external tool (trimmed output).</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs an external tool to completion and captures its output.</summary>
public static class ToolProcess
{
    /// <summary>Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/> (default: the
    /// contracts folder); cancelling kills the process.</summary>
    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.ContractsDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return new ToolResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
