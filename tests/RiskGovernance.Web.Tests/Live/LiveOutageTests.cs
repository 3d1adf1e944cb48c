using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Web.Live;
using Xunit;

namespace RiskGovernance.Web.Tests.Live;

/// <summary>The chain follower survives an RPC outage: it records and logs the error, keeps running, and carries on once the node answers again.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveOutageTests(LivePortal live)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_rpc_outage_is_retried_and_the_follower_carries_on_when_the_node_is_back()
    {
        var portal = live.Get<IOptions<LiveOptions>>().Value;
        var settings = new LiveOptions
        {
            MarginAccounts = portal.MarginAccounts, StartBlock = portal.StartBlock, Feeds = portal.Feeds, Heartbeat = portal.Heartbeat,
            EmbeddedHistoryUntil = portal.EmbeddedHistoryUntil,
            PollInterval = TimeSpan.FromMilliseconds(100), RetryInterval = TimeSpan.FromMilliseconds(100),
        };
        using var outage = new OutageHandler();
        using var http = new HttpClient(outage);
        using var chain = new ChainClient(live.Node.CreateOptions(), http);
        using var follower = new ChainFollower(chain, live.Get<IMarginBookStore>(), live.Get<ChainSnapshotWriter>(), Options.Create(settings),
            TimeProvider.System, NullLogger<ChainFollower>.Instance);

        outage.Down = true;
        await follower.StartAsync(CancellationToken.None);
        try
        {
            await UntilAsync(() => follower.Status.LastError is not null, "the follower never reported the outage");
            Assert.False(follower.ExecuteTask!.IsCompleted, "the follower stopped on the outage");

            outage.Down = false;
            var step = await live.Get<PriceFeeder>().StepAsync(CancellationToken.None);
            await UntilAsync(() => follower.Status.LastError is null && follower.Status.LastSnapshotSource is not null,
                "the follower did not store a snapshot after the node came back");
            Assert.StartsWith("chain: MarginAccounts ", follower.Status.LastSnapshotSource, StringComparison.Ordinal);
            Assert.NotNull(step.DayReplayed);
        }
        finally
        {
            await follower.StopAsync(CancellationToken.None);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    /// <summary>An HTTP handler that refuses every request while <see cref="Down"/> is set, as a node that went away.</summary>
    private sealed class OutageHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public volatile bool Down;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Down ? throw new HttpRequestException("connection refused (simulated outage)") : base.SendAsync(request, cancellationToken);
    }
}
