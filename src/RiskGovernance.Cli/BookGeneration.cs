namespace RiskGovernance.Cli;

/// <summary><c>riskgov book generate</c>: a synthetic book written as book.json.</summary>
internal static class BookGeneration
{
    public static int Run(CommandOptions o, TextWriter stdout)
    {
        _ = o;
        _ = stdout;
        throw new UsageException("'book generate' is not available in this build");
    }
}
