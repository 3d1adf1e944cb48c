namespace RiskGovernance.Contracts.Tests;

/// <summary>Where the simulated process dies.</summary>
internal enum CrashPoint
{
    /// <summary>After the transaction was journaled, before it reached the node.</summary>
    BeforeBroadcast,

    /// <summary>After the node accepted the transaction, before its receipt was read.</summary>
    AfterBroadcast,
}

/// <summary>
/// An HTTP handler under the chain layer's RPC client that "kills the process" (throws an exception
/// no retry logic catches) around the first eth_sendRawTransaction.
/// </summary>
internal sealed class CrashingRpcHandler(CrashPoint crashPoint) : DelegatingHandler(new HttpClientHandler())
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

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
