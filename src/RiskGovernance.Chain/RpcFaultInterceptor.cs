using System.Net.Http;
using Nethereum.JsonRpc.Client;

namespace RiskGovernance.Chain;

/// <summary>
/// Nethereum's request hook for this portal: every JSON-RPC request is retried with exponential
/// backoff while the endpoint fails transiently (connection refused, HTTP 5xx, 408 or 429, timeout,
/// an answer that is not JSON-RPC; another HTTP error status such as 401 is reported at once), and a failure that outlasts the retries becomes a
/// <see cref="ChainUnavailableException"/> that names the endpoint by scheme, host and port only.
/// A JSON-RPC error answer (a revert, "nonce too low") is the node speaking: it is never retried and
/// passes through unchanged, so that Nethereum decodes custom errors from it.
/// </summary>
public sealed class RpcFaultInterceptor : RequestInterceptor
{
    private readonly ChainOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the interceptor for validated <paramref name="options"/>.</summary>
    public RpcFaultInterceptor(ChainOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override async Task<object> InterceptSendRequestAsync<T>(Func<RpcRequest, string, Task<T>> interceptedSendRequestAsync, RpcRequest request, string route = null!)
    {
        ArgumentNullException.ThrowIfNull(interceptedSendRequestAsync);
        ArgumentNullException.ThrowIfNull(request);
        return (await WithRetriesAsync(request.Method, () => interceptedSendRequestAsync(request, route)).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override Task InterceptSendRequestAsync(Func<RpcRequest, string, Task> interceptedSendRequestAsync, RpcRequest request, string route = null!)
    {
        ArgumentNullException.ThrowIfNull(interceptedSendRequestAsync);
        ArgumentNullException.ThrowIfNull(request);
        return WithRetriesAsync(request.Method, async () =>
        {
            await interceptedSendRequestAsync(request, route).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc/>
    public override async Task<object> InterceptSendRequestAsync<T>(Func<string, string, object[], Task<T>> interceptedSendRequestAsync, string method, string route = null!, params object[] paramList)
    {
        ArgumentNullException.ThrowIfNull(interceptedSendRequestAsync);
        return (await WithRetriesAsync(method, () => interceptedSendRequestAsync(method, route, paramList)).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override Task InterceptSendRequestAsync(Func<string, string, object[], Task> interceptedSendRequestAsync, string method, string route = null!, params object[] paramList)
    {
        ArgumentNullException.ThrowIfNull(interceptedSendRequestAsync);
        return WithRetriesAsync(method, async () =>
        {
            await interceptedSendRequestAsync(method, route, paramList).ConfigureAwait(false);
            return true;
        });
    }

    private async Task<T> WithRetriesAsync<T>(string method, Func<Task<T>> send)
    {
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await send().ConfigureAwait(false);
            }
            catch (Exception ex) when (Classify(ex) is { } reason)
            {
                if (attempt > _options.MaxRetries || !IsTransient(ex))
                {
                    throw Unavailable(method, reason, attempt, ex);
                }
            }

            await Task.Delay(delay, _time).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private ChainUnavailableException Unavailable(string method, ChainUnavailableReason reason, int attempts, Exception cause)
    {
        var endpoint = _options.DisplayUrl;
        return reason switch
        {
            ChainUnavailableReason.Timeout => new ChainTimeoutException(endpoint, method, attempts, _options.RequestTimeout, cause),
            ChainUnavailableReason.HttpError => new ChainUnavailableException(endpoint, method, reason, attempts,
                $"HTTP {(int?)Find<HttpRequestException>(cause)?.StatusCode} without a JSON-RPC answer.", cause),
            ChainUnavailableReason.InvalidResponse => new ChainUnavailableException(endpoint, method, reason, attempts, "the answer is not JSON-RPC.", cause),
            _ => new ChainUnavailableException(endpoint, method, reason, attempts, "the connection failed.", cause),
        };
    }

    /// <summary>Why a send failed transiently, or null for an answer of the node (never retried).</summary>
    internal static ChainUnavailableReason? Classify(Exception ex)
    {
        if (Find<RpcResponseException>(ex) is not null)
        {
            return null;
        }

        if (ex is RpcClientTimeoutException || Find<TimeoutException>(ex) is not null || Find<TaskCanceledException>(ex) is not null)
        {
            return ChainUnavailableReason.Timeout;
        }

        if (Find<HttpRequestException>(ex) is { } http)
        {
            return http.StatusCode is null ? ChainUnavailableReason.ConnectionFailed : ChainUnavailableReason.HttpError;
        }

        if (Find<Newtonsoft.Json.JsonException>(ex) is not null || Find<System.Text.Json.JsonException>(ex) is not null || Find<FormatException>(ex) is not null)
        {
            return ChainUnavailableReason.InvalidResponse;
        }

        // Anything else (a bug, a crash under the client) is no fault of the endpoint: never retried.
        return null;
    }

    /// <summary>
    /// Worth another attempt: everything that made the endpoint unusable except an HTTP status that
    /// will not change by asking again (400, 401, 403, 404...: a wrong URL or a missing API key).
    /// 408, 429 and every 5xx are retried.
    /// </summary>
    internal static bool IsTransient(Exception ex)
        => Find<HttpRequestException>(ex)?.StatusCode is not { } status
           || (int)status >= 500 || status is System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests;

    private static TException? Find<TException>(Exception? ex)
        where TException : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is TException match)
            {
                return match;
            }
        }

        return null;
    }
}
