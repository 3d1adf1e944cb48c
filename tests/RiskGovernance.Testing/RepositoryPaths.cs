namespace RiskGovernance.Testing;

/// <summary>
/// Locates the repository root (the folder holding RiskGovernance.sln, found by walking up from the
/// test binaries), the pinned npm toolchain of src/RiskGovernance.Contracts (anvil, cast, solcjs),
/// node, and the test data copied beside the test binaries.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>src/RiskGovernance.Contracts: the Solidity sources, build.js and the npm toolchain.</summary>
    public static string ContractsDirectory => Path.Combine(Root, "src", "RiskGovernance.Contracts");

    /// <summary>The anvil binary installed by <c>npm ci</c> in src/RiskGovernance.Contracts.</summary>
    public static string Anvil => NpmTool("anvil");

    /// <summary>The cast binary installed by <c>npm ci</c> in src/RiskGovernance.Contracts.</summary>
    public static string Cast => NpmTool("cast");

    /// <summary>The solc-js compiler installed by <c>npm ci</c> in src/RiskGovernance.Contracts.</summary>
    public static string Solc => NpmTool("solcjs");

    /// <summary>node, as found on the PATH (build.js runs under it).</summary>
    public static string Node => OnPath("node");

    /// <summary>A file under the TestData folder copied beside the test binaries.</summary>
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static string NpmTool(string name)
    {
        var path = Path.Combine(ContractsDirectory, "node_modules", ".bin", name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{name} not found at {path}; run `npm ci` in src/RiskGovernance.Contracts (test.sh does).", path);
    }

    private static string OnPath(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} is not on the PATH.", name);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RiskGovernance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"RiskGovernance.sln not found above {AppContext.BaseDirectory}.");
    }
}
