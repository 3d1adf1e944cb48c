using RiskGovernance.Primitives;
using System.Net;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.RegistryView;
using RiskGovernance.Web.Tests.Support;

namespace RiskGovernance.Web.Tests.Registry;

/// <summary>The Registry page's service and page on the real demo portal (anvil, SQLite).</summary>
public sealed class RegistryComparisonTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task GetAsync_DemoCurrentVersion_MatchesExecutedProposalFieldByFieldAndByHash()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var service = portal.Services.GetRequiredService<RegistryComparisonService>();
        var executed = (await portal.Services.GetRequiredService<IProposalRepository>().ListAsync(ProposalState.Executed, CancellationToken.None)).Single();

        var view = await service.GetAsync(null, CancellationToken.None);

        Assert.Equal(2, view.OnChain.Version);
        Assert.Equal(executed.Id, view.Approved!.ProposalId);
        Assert.Equal(DemoSeeder.ExecutedTitle, view.Approved.ProposalTitle);
        Assert.Equal(executed.ExecuteTransactionHash, view.Approved.ExecuteTransaction);
        Assert.True(view.ProposalMatches);
        var comparison = view.Comparison!;
        Assert.True(comparison.Rows.Count > 60);
        Assert.All(comparison.Rows, r => Assert.True(r.Matches, $"{r.Field}: approved {r.Approved}, on chain {r.OnChain}"));
        Assert.Equal("match", view.HashCheck);
        Assert.Equal(Hash32.Keccak(Encoding.UTF8.GetBytes(executed.ParamsJson!)), comparison.ApprovedHash);
        Assert.Equal(executed.ParamsHash, comparison.OnChainHash);
        Assert.Null(view.DecodeProblem);
        Assert.Contains("\"scanRange\": 0.22", view.DecodedJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_DemoVersion2_HashAgreesWithCastReadingTheChain()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var view = await portal.Services.GetRequiredService<RegistryComparisonService>().GetAsync(2, CancellationToken.None);

        // Independent reference: foundry's cast reads the registry and hashes the approved JSON.
        var onChain = (await CastTool.RunAsync(CancellationToken.None, "call", view.Governance.Registry.ToString(), "paramsHash(uint256)(bytes32)", "2",
            "--rpc-url", node.RpcUrl.ToString())).Trim();
        var keccak = (await CastTool.RunAsync(CancellationToken.None, "keccak", view.Approved!.CanonicalJson)).Trim();

        Assert.Equal(onChain, view.Comparison!.OnChainHash.ToString(), ignoreCase: true);
        Assert.Equal(keccak, view.Comparison.ApprovedHash.ToString(), ignoreCase: true);
        Assert.Equal(31337, view.Governance.ChainId);
        Assert.Equal(DemoCommittee.Rules, view.Governance.Rules);
        Assert.Equal(DemoCommittee.Guardian.Address, view.Governance.Guardian);
        Assert.Equal(1, view.Governance.Epoch);
        Assert.Equal(DemoCommittee.OnChain().Select(m => (m.Address, m.Weight)), view.Governance.Committee.Select(m => (m.Address, m.Weight)));
        Assert.Equal(DemoCommittee.Members[0].DisplayName, view.CommitteeNames[DemoCommittee.Members[0].Address]);
    }

    [Fact]
    public async Task GetAsync_Version1_MatchesTheGenesisSet()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();

        var view = await portal.Services.GetRequiredService<RegistryComparisonService>().GetAsync(1, CancellationToken.None);

        Assert.Equal(1, view.OnChain.Version);
        Assert.Null(view.Approved!.ProposalId);
        Assert.Equal(ComparisonFixtures.GenesisJson(), view.Approved.CanonicalJson);
        Assert.Equal(Hash32.Zero, view.OnChain.ProposalId);
        Assert.True(view.ProposalMatches);
        Assert.True(view.Comparison!.Matches);
        Assert.Equal("match", view.HashCheck);
    }

    [Fact]
    public async Task Compare_DifferentApprovedSet_ReportsMismatchOnTheChangedField()
    {
        await using var portal = new PortalFactory(node);
        portal.Start();
        var service = portal.Services.GetRequiredService<RegistryComparisonService>();
        var view = await service.GetAsync(2, CancellationToken.None);
        var tampered = ComparisonFixtures.WithBump(view.Approved!.CanonicalJson, "assets.BTC.haircut", 0.01);

        var comparison = ParameterComparison.Of(tampered, view.OnChain.Parameters);

        Assert.False(comparison.HashMatches);
        Assert.False(comparison.Matches);
        Assert.Equal(["assets.BTC.haircut", "paramsHash"], comparison.Mismatches.Select(m => m.Field).Order());
        var row = comparison.Mismatches.Single(m => m.Field == "assets.BTC.haircut");
        Assert.Equal("0.08", row.Approved);
        Assert.Equal("0.07", row.OnChain);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task GetAsync_VersionOutsideTheRegistry_RefusedNamingVersion(long version)
    {
        await using var portal = new PortalFactory(node);
        portal.Start();

        var error = await Assert.ThrowsAsync<InputValidationException>(
            () => portal.Services.GetRequiredService<RegistryComparisonService>().GetAsync(version, CancellationToken.None));

        var e = Assert.Single(error.Errors);
        Assert.Equal("version", e.Field);
        Assert.Contains("between 1 and 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryPage_Served_ShowsVersionHashCheckAndRows()
    {
        await using var portal = new PortalFactory(node);
        var client = portal.CreateClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/registry", UriKind.Relative)));
        var old = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/registry?version=1", UriKind.Relative)));
        var bad = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/registry?version=9", UriKind.Relative)));

        Assert.Matches("data-testid=\"registry-version\">2<", page);
        Assert.Matches("data-testid=\"registry-hash-check\"[^>]*>.*?match</span>", page);
        Assert.DoesNotContain(">mismatch<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"registry-row-assets.ETH.scanRange\" data-match=\"match\"", page, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.ExecutedTitle, page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"registry-version\">1<", old);
        Assert.Contains("genesis set", old, StringComparison.Ordinal);
        Assert.Contains("version: must be between 1 and 2", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", bad, StringComparison.Ordinal);
    }
}
