namespace RiskGovernance.Testing;

/// <summary>Runs Foundry's <c>cast</c> (an independent reference implementation) and returns its trimmed stdout.</summary>
public static class CastTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs cast and returns its output; throws with cast's stderr on a non-zero exit.</summary>
    public static async Task<string> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        ToolResult result;
        try
        {
            result = await ToolProcess.RunAsync(RepositoryPaths.Cast, arguments, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"cast {string.Join(' ', arguments)} did not finish in {Timeout}.");
        }

        return result.ExitCode == 0
            ? result.StdOut
            : throw new InvalidOperationException($"cast {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StdErr}");
    }

    /// <summary>The blocking form of <see cref="RunAsync"/>, for synchronous tests.</summary>
    public static string Run(params string[] arguments) => RunAsync(CancellationToken.None, arguments).GetAwaiter().GetResult();
}
