namespace RiskGovernance.Testing;

/// <summary>Where the simulated process dies.</summary>
public enum CrashPoint
{
    /// <summary>After the transaction was journaled, before it reached the node.</summary>
    BeforeBroadcast,

    /// <summary>After the node accepted the transaction, before its receipt was read.</summary>
    AfterBroadcast,
}

/// <summary>
/// An HTTP handler under Nethereum's RPC client that "kills the process" (throws an exception
/// no retry logic catches) around the first eth_sendRawTransaction.
/// </summary>
public sealed class CrashingRpcHandler(CrashPoint crashPoint) : DelegatingHandler(new HttpClientHandler())
{
    private int _crashed;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var isBroadcast = body.Contains("\"eth_sendRawTransaction\"", StringComparison.Ordinal);
        if (!isBroadcast || Interlocked.Exchange(ref _crashed, 1) == 1)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (crashPoint == CrashPoint.AfterBroadcast)
        {
            using var response = await base.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        throw new SimulatedCrashException();
    }
}

public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    /// <summary>True when <paramref name="error"/> is the simulated crash, or wraps it (Nethereum wraps what its HTTP handler throws).</summary>
    public static bool IsIn(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SimulatedCrashException)
            {
                return true;
            }
        }

        return false;
    }
}
