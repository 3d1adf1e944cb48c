namespace RiskGovernance.Chain.Tests.Infrastructure;

/// <summary>Locates the repository root (the folder holding RiskGovernance.sln) and the npm-installed Foundry tools.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The cast binary installed by <c>npm ci</c> in src/RiskGovernance.Contracts.</summary>
    public static string Cast => Tool("cast");

    /// <summary>The anvil binary installed by <c>npm ci</c> in src/RiskGovernance.Contracts.</summary>
    public static string Anvil => Tool("anvil");

    private static string Tool(string name)
    {
        var path = Path.Combine(Root, "src", "RiskGovernance.Contracts", "node_modules", ".bin", name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{name} not found at {path}; run `npm ci` in src/RiskGovernance.Contracts (test.sh does).", path);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RiskGovernance.sln")))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        throw new InvalidOperationException($"RiskGovernance.sln not found above {AppContext.BaseDirectory}.");
    }
}
