using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Nethereum.JsonRpc.Client;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Rpc;

/// <summary>
/// Endpoint faults through <see cref="ChainClient"/> (Nethereum's RpcClient with
/// <see cref="RpcFaultInterceptor"/>): closed ports, a silent server, HTTP errors, answers that are
/// not JSON-RPC, JSON-RPC errors, crashes under the client and cancellation. The node is a closed
/// port, a TCP listener that never answers, or a scripted <see cref="HttpMessageHandler"/>; the
/// client under test is real.
/// </summary>
public sealed class RpcFaultTests : IDisposable
{
    private const string ScriptedUrl = "http://node.test:8545";

    /// <summary>An upper bound for anything that should be quick; far below the timeouts it guards against.</summary>
    private static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(15);

    private readonly List<IDisposable> _disposables = [];

    /// <summary>The URL carries an API key in its path: no message may show it.</summary>
    [Fact]
    public async Task GetBlockNumberAsync_ClosedPort_ConnectionFailedAfterEveryAttemptWithoutUrlPath()
    {
        var port = ClosedPort();
        var client = Client(new Uri($"http://127.0.0.1:{port}/secret-api-key"), handler: null, maxRetries: 2);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.ConnectionFailed, ex.Reason);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal("eth_blockNumber", ex.Method);
        Assert.Contains($"http://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("eth_blockNumber", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-api-key", ex.Endpoint, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-api-key", ex.ToString(), StringComparison.Ordinal);
        Assert.True(ChainErrors.IsChainError(ex));
        Assert.False(ChainErrors.IsNodeRefusal(ex));
    }

    [Fact]
    public async Task GetBlockNumberAsync_ServerNeverAnswers_ChainTimeoutAfterEachAttempt()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        var server = SilentServer();
        var client = Client(server.Url, handler: null, maxRetries: 1, timeout);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ChainTimeoutException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.Timeout, ex.Reason);
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(timeout, ex.Timeout);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url.GetLeftPart(UriPartial.Authority), ex.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, 1.8 * timeout, GenerousBound);
    }

    /// <summary>The request timeout is 30 s; cancelling once the server holds the connection ends the call at once.</summary>
    [Fact]
    public async Task GetBlockNumberAsync_CallerCancelsWhileServerIsSilent_OperationCanceledPromptly()
    {
        var server = SilentServer();
        var client = Client(server.Url, handler: null, maxRetries: 3, TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();

        var call = client.GetBlockNumberAsync(cts.Token);
        await server.Accepted.WaitAsync(GenerousBound);
        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(clock.Elapsed < GenerousBound, $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public async Task GetBlockNumberAsync_TwoServerErrorsThenResult_RetriedAndSucceeds()
    {
        var node = new ScriptedNode((call, _) => call <= 2 ? Reply.Http(HttpStatusCode.InternalServerError) : Reply.Result("\"0x2a\""));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 3);

        Assert.Equal(42, await client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(3, node.Calls);
    }

    [Fact]
    public async Task GetBlockNumberAsync_ServerErrorsExhaustRetries_HttpErrorNamingStatus()
    {
        var node = new ScriptedNode((_, _) => Reply.Http(HttpStatusCode.InternalServerError));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 2);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.HttpError, ex.Reason);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, node.Calls);
        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ScriptedUrl, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A status that asking again cannot change (a missing API key) is reported at once, not retried.</summary>
    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task GetBlockNumberAsync_ClientErrorStatus_HttpErrorAfterOneAttempt(HttpStatusCode status)
    {
        var node = new ScriptedNode((_, _) => Reply.Http(status));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.HttpError, ex.Reason);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(1, node.Calls);
        Assert.Contains($"HTTP {(int)status}", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Rate limiting (429) and a request timeout (408) may pass: they are retried like a 5xx.</summary>
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task GetBlockNumberAsync_RateLimitedThenResult_RetriedAndSucceeds(HttpStatusCode status)
    {
        var node = new ScriptedNode((call, _) => call == 1 ? Reply.Http(status) : Reply.Result("\"0x7\""));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 2);

        Assert.Equal(7, await client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(2, node.Calls);
    }

    /// <summary>A signer's Web3 needs the chain id: while the chain is down it is not made, and once the chain answers it is.</summary>
    [Fact]
    public async Task Web3ForAsync_ChainDownThenUp_FailsThenSucceedsAndIsKept()
    {
        var node = new ScriptedNode((call, _) => call == 1 ? Reply.Http(HttpStatusCode.ServiceUnavailable) : Reply.Result("\"0x7a69\""));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 0);
        var key = DevelopmentKeys.Key(1);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => client.Web3ForAsync(key, CancellationToken.None));
        var web3 = await client.Web3ForAsync(key, CancellationToken.None);

        Assert.Same(web3, await client.Web3ForAsync(key, CancellationToken.None));
        Assert.Equal(31337, (long)web3.TransactionManager.ChainId!.Value);
        Assert.Equal(2, node.Calls);
    }

    [Fact]
    public async Task GetBlockNumberAsync_AnswerIsNotJson_InvalidResponseAfterRetries()
    {
        var node = new ScriptedNode((_, _) => Reply.Text("<html>maintenance</html>"));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 1);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.InvalidResponse, ex.Reason);
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(2, node.Calls);
        Assert.Contains("not JSON-RPC", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A JSON-RPC error is the node speaking (a revert, "nonce too low"): asked once, surfaced as
    /// Nethereum's exception (whose message Nethereum suffixes with ": method").
    /// </summary>
    [Fact]
    public async Task GetBlockNumberAsync_JsonRpcError_NotRetriedAndNodeRefusal()
    {
        var node = new ScriptedNode((_, _) => Reply.Error(-32000, "boom"));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 3);

        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(1, node.Calls);
        Assert.Equal(-32000, ex.RpcError.Code);
        Assert.StartsWith("boom", ex.RpcError.Message, StringComparison.Ordinal);
        Assert.True(ChainErrors.IsNodeRefusal(ex));
        Assert.True(ChainErrors.IsChainError(ex));
        Assert.Equal($"{ex.RpcError.Message} (JSON-RPC error -32000)", ChainErrors.NodeMessage(ex));
    }

    /// <summary>A failure that is no fault of the endpoint (here the simulated process crash under the client) is never retried.</summary>
    [Fact]
    public async Task GetBlockNumberAsync_HandlerCrashes_NotRetriedNotUnavailable()
    {
        var node = new ScriptedNode((_, _) => throw new SimulatedCrashException());
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 3);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.True(SimulatedCrashException.IsIn(ex), ex.ToString());
        Assert.IsNotAssignableFrom<ChainUnavailableException>(ex);
        Assert.Equal(1, node.Calls);
    }

    [Fact]
    public async Task WaitForReceiptAsync_NeverMined_ReceiptTimeoutNamingHash()
    {
        var node = new ScriptedNode((_, _) => Reply.Result("null"));
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 0, receiptTimeout: TimeSpan.FromMilliseconds(200));
        var hash = Hash32.Keccak("never mined");

        var ex = await Assert.ThrowsAsync<ReceiptTimeoutException>(() => client.WaitForReceiptAsync(hash, 1, CancellationToken.None));

        Assert.Equal(hash, ex.TransactionHash);
        Assert.Contains(hash.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.True(node.CallsOf("eth_getTransactionReceipt") >= 1, "never polled");
        Assert.True(ChainErrors.IsChainError(ex));
    }

    /// <summary>The caller cancels from inside the third poll (a condition, not a timer).</summary>
    [Fact]
    public async Task WaitForReceiptAsync_CallerCancelsDuringPolling_OperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var node = new ScriptedNode((call, _) =>
        {
            if (call == 3)
            {
                cts.Cancel();
            }

            return Reply.Result("null");
        });
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 0, receiptTimeout: TimeSpan.FromMinutes(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForReceiptAsync(Hash32.Keccak("pending"), 1, cts.Token));

        Assert.Equal(3, node.Calls);
    }

    /// <summary>Mined in block 0x10; the head moves one block per eth_blockNumber; three confirmations need head 0x12.</summary>
    [Fact]
    public async Task WaitForReceiptAsync_ThreeConfirmations_ReturnsWhenHeadIsTwoBlocksLater()
    {
        var hash = Hash32.Keccak("mined");
        var from = DevelopmentKeys.Addresses()[1];
        var head = 0x0f;
        var node = new ScriptedNode((_, method) => method switch
        {
            "eth_getTransactionReceipt" => Reply.Result(
                $$"""{"transactionHash":"{{hash}}","blockNumber":"0x10","blockHash":"{{Hash32.Keccak("block 16")}}","transactionIndex":"0x0","status":"0x1","from":"{{from.ToLowerHex()}}","to":null,"contractAddress":null,"gasUsed":"0x5208","cumulativeGasUsed":"0x5208","logs":[],"logsBloom":"0x00","effectiveGasPrice":"0x1","type":"0x2"}"""),
            "eth_blockNumber" => Reply.Result($"\"0x{Interlocked.Increment(ref head).ToString("x", CultureInfo.InvariantCulture)}\""),
            _ => Reply.Error(-32601, "method not found"),
        });
        var client = Client(new Uri(ScriptedUrl), node, maxRetries: 0);

        var receipt = await client.WaitForReceiptAsync(hash, 3, CancellationToken.None);

        Assert.Equal(3, node.CallsOf("eth_blockNumber"));
        Assert.Equal(new ChainReceipt(hash, 16, true, from, null, 21000), receipt);
    }

    [Fact]
    public async Task WaitForReceiptAsync_ZeroConfirmations_ThrowsNamingArgument()
    {
        var client = Client(new Uri(ScriptedUrl), new ScriptedNode((_, _) => Reply.Result("null")), maxRetries: 0);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WaitForReceiptAsync(Hash32.Keccak("x"), 0, CancellationToken.None));

        Assert.Equal("confirmations", ex.ParamName);
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    private ChainClient Client(Uri url, HttpMessageHandler? handler, int maxRetries, TimeSpan? timeout = null, TimeSpan? receiptTimeout = null)
    {
        var options = new ChainOptions
        {
            RpcUrl = url,
            MaxRetries = maxRetries,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(40),
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
            ReceiptTimeout = receiptTimeout ?? TimeSpan.FromSeconds(30),
        };
        ChainClient client;
        if (handler is null)
        {
            client = new ChainClient(options);
        }
        else
        {
            var http = new HttpClient(handler);
            _disposables.Add(http);
            client = new ChainClient(options, http);
        }

        _disposables.Add(client);
        return client;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A TCP server that accepts connections and never answers; stopped when the test ends.</summary>
    private SilentTcpServer SilentServer()
    {
        var server = new SilentTcpServer();
        _disposables.Add(server);
        return server;
    }

    private sealed class SilentTcpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _connections = [];
        private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SilentTcpServer()
        {
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _ = AcceptAsync();
        }

        public Uri Url { get; }

        /// <summary>Completes when the first connection is held.</summary>
        public Task Accepted => _accepted.Task;

        public void Dispose()
        {
            _listener.Stop();
            lock (_connections)
            {
                _connections.ForEach(c => c.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var connection = await _listener.AcceptTcpClientAsync();
                    lock (_connections)
                    {
                        _connections.Add(connection);
                    }

                    _accepted.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The listener was stopped at dispose.
            }
        }
    }

    /// <summary>What the scripted node answers: an HTTP status and a body in which {ID} becomes the request's id.</summary>
    private sealed record Reply(HttpStatusCode Status, string? Body, string MediaType = "application/json")
    {
        public static Reply Result(string resultJson) => new(HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","id":{ID},"result":{{resultJson}}}""");

        public static Reply Error(int code, string message)
            => new(HttpStatusCode.OK, $$$"""{"jsonrpc":"2.0","id":{ID},"error":{"code":{{{code.ToString(CultureInfo.InvariantCulture)}}},"message":"{{{message}}}"}}""");

        public static Reply Http(HttpStatusCode status) => new(status, null);

        public static Reply Text(string body) => new(HttpStatusCode.OK, body, "text/html");

        public HttpResponseMessage ToResponse(string id) => new(Status)
        {
            Content = new StringContent(Body?.Replace("{ID}", id, StringComparison.Ordinal) ?? string.Empty, System.Text.Encoding.UTF8, MediaType),
        };
    }

    /// <summary>Stands in for the node: answers each request (numbered from 1, with its JSON-RPC method) from a script.</summary>
    private sealed class ScriptedNode(Func<int, string, Reply> script) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, int> _byMethod = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public int CallsOf(string method) => _byMethod.GetValueOrDefault(method);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
            var json = JsonNode.Parse(body);
            var method = json?["method"]?.GetValue<string>() ?? string.Empty;
            var id = json?["id"]?.ToJsonString() ?? "1";
            var call = Interlocked.Increment(ref _calls);
            _byMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
            return script(call, method).ToResponse(id);
        }
    }
}
