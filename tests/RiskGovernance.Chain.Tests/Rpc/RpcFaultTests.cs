using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Rpc;

namespace RiskGovernance.Chain.Tests.Rpc;

/// <summary>Endpoint faults: closed ports, silent servers, HTTP errors, cancellation.</summary>
public sealed class RpcFaultTests : IDisposable
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(8);

    private readonly List<IDisposable> _disposables = [];

    [Fact]
    public async Task GetBlockNumberAsync_ClosedPort_ChainUnavailableNamingUrlAfterRetries()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}");
        var client = Client(new HttpClient(), url, maxRetries: 2);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.ConnectionFailed, ex.Reason);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains(url.GetLeftPart(UriPartial.Authority), ex.Message, StringComparison.Ordinal);
        Assert.Contains("eth_blockNumber", ex.Message, StringComparison.Ordinal);
        Assert.IsNotType<ChainTimeoutException>(ex);
    }

    [Fact]
    public async Task GetBlockNumberAsync_ServerNeverAnswers_ChainTimeoutAfterEachAttempt()
    {
        var url = SilentServer();
        var client = Client(new HttpClient(), url, maxRetries: 1, timeout: ShortTimeout);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ChainTimeoutException>(() => client.GetBlockNumberAsync(CancellationToken.None));

        Assert.Equal(ChainUnavailableReason.Timeout, ex.Reason);
        Assert.Equal(2, ex.Attempts);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Contains(url.GetLeftPart(UriPartial.Authority), ex.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, 2 * ShortTimeout, GenerousBound);
    }

    [Fact]
    public async Task GetBlockNumberAsync_CallerCancels_OperationCanceledNotUnavailable()
    {
        var client = Client(new HttpClient(), SilentServer(), maxRetries: 3, timeout: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetBlockNumberAsync(cts.Token));

        Assert.True(clock.Elapsed < GenerousBound, $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitForReceiptAsync_CallerCancelsDuringPolling_OperationCanceled()
    {
        var handler = new ScriptedHandler(_ => Json("""{"jsonrpc":"2.0","id":1,"result":null}"""));
        var client = Client(new HttpClient(handler), new Uri("http://node.test:8545"), maxRetries: 0);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForReceiptAsync(Hash32.Keccak("tx"), 1, cts.Token));
        Assert.True(handler.Calls >= 1);
    }

    [Fact]
    public async Task WaitForReceiptAsync_NeverMined_ReceiptTimeoutNamingHash()
    {
        var handler = new ScriptedHandler(_ => Json("""{"jsonrpc":"2.0","id":1,"result":null}"""));
        var client = new EthRpcClient(new HttpClient(handler), Options.Create(new ChainRpcOptions
        {
            RpcUrl = new Uri("http://node.test:8545"),
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
            ReceiptTimeout = TimeSpan.FromMilliseconds(200),
        }));
        var hash = Hash32.Keccak("never mined");

        var ex = await Assert.ThrowsAsync<ReceiptTimeoutException>(() => client.WaitForReceiptAsync(hash, 2, CancellationToken.None));

        Assert.Equal(hash, ex.TransactionHash);
        Assert.Contains(hash.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.True(handler.Calls >= 3, $"polled {handler.Calls} times");
    }

    [Fact]
    public async Task SendRequestAsync_TwoServerErrorsThenResult_RetriedAndSucceeds()
    {
        var handler = new ScriptedHandler(call => call <= 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : Json("""{"jsonrpc":"2.0","id":1,"result":"0x2a"}"""));
        var client = Client(new HttpClient(handler), new Uri("http://node.test:8545"), maxRetries: 3);

        Assert.Equal(42, (int)await client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task SendRequestAsync_ServerErrorsExhaustRetries_HttpErrorReason()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        var client = Client(new HttpClient(handler), new Uri("http://node.test:8545"), maxRetries: 2);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(ChainUnavailableReason.HttpError, ex.Reason);
        Assert.Equal(3, handler.Calls);
        Assert.Contains("502", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRequestAsync_JsonRpcError_NotRetriedAndCarriesCodeMessageData()
    {
        var handler = new ScriptedHandler(_ => Json("""{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"insufficient funds for gas * price + value","data":"0x1234"}}"""));
        var client = Client(new HttpClient(handler), new Uri("http://node.test:8545"), maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ChainRpcException>(() => client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(1, handler.Calls);
        Assert.Equal(-32000, ex.Code);
        Assert.Equal("insufficient funds for gas * price + value", ex.RpcMessage);
        Assert.Equal("0x1234", ex.ErrorData);
        Assert.False(ex.IsNonceTooLow);
    }

    [Fact]
    public async Task SendRequestAsync_Unauthorized_NotRetriedAndKeyInPathNotShown()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var client = Client(new HttpClient(handler), new Uri("https://rpc.example.test/v3/secret-api-key"), maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetChainIdAsync(CancellationToken.None));
        Assert.Equal(1, handler.Calls);
        Assert.Contains("https://rpc.example.test", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-api-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendRequestAsync_NotJsonRpc_InvalidResponse()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>hi</html>") });
        var client = Client(new HttpClient(handler), new Uri("http://node.test:8545"), maxRetries: 3);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetBlockNumberAsync(CancellationToken.None));
        Assert.Equal(ChainUnavailableReason.InvalidResponse, ex.Reason);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEachSetting()
    {
        var options = new ChainRpcOptions { RpcUrl = new Uri("ftp://node.test"), RequestTimeout = TimeSpan.Zero, MaxRetries = -1 };
        var ex = Assert.Throws<ArgumentException>(() => new EthRpcClient(new HttpClient(), Options.Create(options)));
        Assert.Contains("RpcUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingUrl_RequiredError()
    {
        var errors = new ChainRpcOptions().Validate();
        Assert.Contains(errors, e => e.Contains("RpcUrl: is required", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    private static EthRpcClient Client(HttpClient http, Uri url, int maxRetries, TimeSpan? timeout = null)
        => new(http, Options.Create(new ChainRpcOptions
        {
            RpcUrl = url,
            MaxRetries = maxRetries,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(40),
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        }));

    private static HttpResponseMessage Json(string body)
        => new(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A TCP server that accepts connections and never answers.</summary>
    private Uri SilentServer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var connection = await listener.AcceptTcpClientAsync();
                    lock (accepted)
                    {
                        accepted.Add(connection);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Listener stopped at dispose.
            }
        });
        _disposables.Add(new Stopper(() =>
        {
            listener.Stop();
            lock (accepted)
            {
                accepted.ForEach(c => c.Dispose());
            }
        }));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }

    private sealed class Stopper(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    /// <summary>Stands in for the node: answers each call from a script (the client under test is real).</summary>
    private sealed class ScriptedHandler(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(respond(Interlocked.Increment(ref _calls)));
    }
}
