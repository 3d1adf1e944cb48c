using RiskGovernance.Testing;
using RiskGovernance.Web.Live;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Live;

/// <summary>Section "Live" is checked at start: every bad value is refused naming its key, and the portal does not start.</summary>
public sealed class LiveOptionsTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new LiveOptions().Problems());
    }

    [Fact]
    public void EveryBadValue_NamedByItsKey()
    {
        var options = new LiveOptions
        {
            MarginAccounts = "0x1234",
            StartBlock = -1,
            Confirmations = 0,
            PollInterval = TimeSpan.Zero,
            RetryInterval = TimeSpan.FromDays(2),
            Heartbeat = TimeSpan.FromSeconds(-1),
            MaxDeviation = 0,
            VolatilityRounds = 1,
            IndexBatchBlocks = 0,
            Feeds = [new LiveFeedOptions { Asset = "", Address = "not an address", Heartbeat = TimeSpan.Zero }],
            Feeder = new FeederOptions { SecondsPerDay = double.NaN, From = new DateOnly(2022, 11, 30), To = new DateOnly(2022, 11, 1) },
        };

        var problems = options.Problems().ToList();

        foreach (var key in new[]
                 {
                     "Live:MarginAccounts:", "Live:StartBlock:", "Live:Confirmations:", "Live:PollInterval:", "Live:RetryInterval:", "Live:Heartbeat:",
                     "Live:MaxDeviation:", "Live:VolatilityRounds:", "Live:IndexBatchBlocks:", "Live:Feeds:0:Asset:", "Live:Feeds:0:Address:",
                     "Live:Feeds:0:Heartbeat:", "Live:Feeder:SecondsPerDay:", "Live:Feeder:To:",
                 })
        {
            Assert.Contains(problems, p => p.StartsWith(key, StringComparison.Ordinal));
        }
        Assert.Equal(14, problems.Count);
    }

    [Fact]
    public void Start_ConfirmationsZero_RefusedNamingTheKey()
    {
        using var portal = new PortalFactory(node, settings: new Dictionary<string, string?> { ["Live:Confirmations"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => portal.Start());

        Assert.Contains("Live:Confirmations", error.ToString(), StringComparison.Ordinal);
    }
}
