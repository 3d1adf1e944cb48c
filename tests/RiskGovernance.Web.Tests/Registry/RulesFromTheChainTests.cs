using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Testing;
using RiskGovernance.Web.Tests.Identity;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Registry;

/// <summary>
/// The rules and bounds are registry state: no configuration key holds them, and a key someone still
/// sets (the names the portal used to read) changes nothing the portal shows or decides.
/// </summary>
public sealed partial class RulesFromTheChainTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    /// <summary>The keys the portal read its voting rules and bounds from before the registry held them.</summary>
    private static readonly Dictionary<string, string?> FormerRuleKeys = new(StringComparer.Ordinal)
    {
        ["Governance:VotingPeriod"] = "1.00:00:00",
        ["Governance:QuorumFraction"] = "0.9",
        ["Governance:SupermajorityFraction"] = "0.51",
        ["Governance:TimelockDelay"] = "00:00:00",
        ["Governance:GracePeriod"] = "00:10:00",
        ["Governance:LateQuorumExtension"] = "00:00:00",
        ["Governance:QuorumBps"] = "9000",
        ["Governance:SupermajorityBps"] = "5100",
        ["Governance:Bounds:MaxCorrelationChange"] = "0.9",
        ["Governance:Bounds:MaxRelativeChange:assets.*.scanRange"] = "5",
        ["Governance:Bounds:HardLimits:imMultiplier:Max"] = "100",
    };

    private static readonly string[] FormerRuleNames =
        ["VotingPeriod", "QuorumFraction", "SupermajorityFraction", "TimelockDelay", "GracePeriod", "LateQuorumExtension", "QuorumBps", "SupermajorityBps", "Bounds"];

    [Fact]
    public void AppSettings_NoVotingRuleOrBoundKey_AndTheOptionsHaveNoPlaceForThem()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.json")));

        var governance = settings.RootElement.GetProperty("Governance").EnumerateObject().Select(p => p.Name).ToList();
        var options = typeof(GovernanceRulesOptions).GetProperties().Select(p => p.Name).ToList();

        Assert.Equal(["ChainId", "RegistryAddress"], governance);
        Assert.Empty(FormerRuleNames.Intersect(options));
        Assert.DoesNotContain("Bounds", settings.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Empty(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "RiskGovernance.Web"), "appsettings*.json"));
    }

    /// <summary>
    /// The portal started with every former rule key set to something else (voting 1 day, quorum 90 %,
    /// no timelock, loose bounds) still starts, and shows and applies the registry's rules: the
    /// registry page, the active proposal's tally and the rules and bounds the governance service
    /// decides by are the chain's, which cast reads independently.
    /// </summary>
    [Fact]
    public async Task Portal_FormerRuleKeysSetToOtherValues_StartsAndShowsAndAppliesTheChainsRules()
    {
        await using var portal = new PortalFactory(node, settings: FormerRuleKeys);
        var client = portal.CreateClient();
        var governance = portal.Services.GetRequiredService<GovernanceService>();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/registry", UriKind.Relative)));
        using var list = await client.GetAsync(new Uri("/api/proposals?state=active", UriKind.Relative));
        var tally = (await SignIn.JsonAsync(list))[0].GetProperty("tally");
        var rules = await governance.GetRulesAsync(CancellationToken.None);
        var bounds = await governance.GetBoundsAsync(CancellationToken.None);
        var registry = portal.Services.GetRequiredService<RiskParameterRegistryService>().Address;
        var cast = await CastTool.RunAsync(CancellationToken.None, "call", registry.ToString(), "rules()((uint64,uint64,uint64,uint64,uint256,uint256))",
            "--rpc-url", node.RpcUrl.ToString());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal([259_200L, 43_200, 86_400, 604_800, 5_000, 6_667], Numbers(cast));
        Assert.Equal(RegistryDefaults.Rules, rules);
        Assert.Equal(RegistryDefaults.Bounds, bounds);
        Assert.Contains("50 % of the committee's weight (5000 bps)", page, StringComparison.Ordinal);
        Assert.Contains("66.67 % of For + Against (6667 bps)", page, StringComparison.Ordinal);
        Assert.Matches(@"data-testid=""registry-voting""[^>]*>3 d;", page);
        Assert.Matches(@"data-testid=""registry-timelock""[^>]*>1 d · 7 d", page);
        Assert.DoesNotContain("90 %", page, StringComparison.Ordinal);
        Assert.Equal(5, tally.GetProperty("quorumWeight").GetInt64());
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.GetProperty("verdict").GetString());
    }

    private static long[] Numbers(string castTuple)
        => [.. Number().Matches(BracketedApproximation().Replace(castTuple, "")).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    /// <summary>cast appends an approximation in brackets to large numbers ("259200 [2.592e5]").</summary>
    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex BracketedApproximation();
}
