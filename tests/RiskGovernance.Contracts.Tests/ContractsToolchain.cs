using System.Diagnostics;

namespace RiskGovernance.Contracts.Tests;

/// <summary>Locates the pinned npm tools of src/RiskGovernance.Contracts and runs them.</summary>
internal static class ContractsToolchain
{
    public static string ContractsDirectory { get; } = FindContractsDirectory();

    public static string Bin(string name)
    {
        var path = Path.Combine(ContractsDirectory, "node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run 'npm ci' in {ContractsDirectory}.");
        }

        return path;
    }

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? ContractsDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    public static async Task<string> CastAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var (code, stdout, stderr) = await RunAsync(Bin("cast"), arguments, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"cast {string.Join(' ', arguments)} failed: {stderr}");
        }

        return stdout;
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static string FindContractsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RiskGovernance.sln")))
            {
                return Path.Combine(dir.FullName, "src", "RiskGovernance.Contracts");
            }
        }

        throw new InvalidOperationException("RiskGovernance.sln not found above the test output directory.");
    }
}
