using System.Diagnostics;

namespace RiskGovernance.Chain.Tests.Infrastructure;

/// <summary>Runs Foundry's <c>cast</c> (an independent reference implementation) and returns its trimmed stdout.</summary>
public static class CastTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Cast)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cast did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            throw new TimeoutException($"cast {string.Join(' ', arguments)} did not finish in {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cast {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
