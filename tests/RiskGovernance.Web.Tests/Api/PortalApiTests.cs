using RiskGovernance.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Tests.Identity;

namespace RiskGovernance.Web.Tests.Api;

/// <summary>The read-only JSON API and /healthz on the seeded demo (values checked against the stores).</summary>
public sealed class PortalApiTests(SeededPortalFixture fixture) : IClassFixture<SeededPortalFixture>
{
    private HttpClient Client() => fixture.Portal.CreateClient();

    private T Service<T>() where T : notnull => fixture.Portal.Services.GetRequiredService<T>();

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string url)
    {
        using var response = await Client().GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await SignIn.JsonAsync(response));
    }

    private async Task<Proposal> DemoProposalAsync(ProposalState state)
        => (await Service<IProposalRepository>().ListAsync(state, CancellationToken.None)).Single();

    [Fact]
    public async Task CurrentParameters_Demo_Version2WithTheStoredHashAndTheExecutedEthScanRange()
    {
        var ratified = (await Service<ICommitteeStore>().GetRatifiedAsync(CancellationToken.None))!;
        var executed = await DemoProposalAsync(ProposalState.Executed);

        var (status, json) = await GetAsync("/api/parameters/current");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json.GetProperty("version").GetInt64());
        Assert.Equal(ratified.ParamsHash.ToString(), json.GetProperty("paramsHash").GetString());
        Assert.Equal(executed.Id.ToString(), json.GetProperty("proposalId").GetString());
        Assert.Equal(executed.Timeline.Last(t => t.To == ProposalState.Executed).At, json.GetProperty("ratifiedAt").GetDateTimeOffset());
        using var stored = JsonDocument.Parse(ratified.ParamsJson);
        Assert.Equal(
            stored.RootElement.GetProperty("assets").GetProperty("ETH").GetProperty("scanRange").GetDouble(),
            json.GetProperty("params").GetProperty("assets").GetProperty("ETH").GetProperty("scanRange").GetDouble());
        var change = Assert.Single(executed.Changes, c => c.Field == "assets.ETH.scanRange");
        Assert.NotEqual(change.Old, change.New);
    }

    [Fact]
    public async Task Proposals_All_ListsBothDemoProposalsNewestFirst()
    {
        var (status, json) = await GetAsync("/api/proposals");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal(["Active", "Executed"], json.EnumerateArray().Select(p => p.GetProperty("state").GetString()!).Order());
        Assert.Equal(DemoSeeder.ActiveTitle, json[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Proposals_FilteredByActive_OneWithTheSeededTally()
    {
        var active = await DemoProposalAsync(ProposalState.Active);

        var (status, json) = await GetAsync("/api/proposals?state=active");

        Assert.Equal(HttpStatusCode.OK, status);
        var p = Assert.Single(json.EnumerateArray());
        Assert.Equal(active.Id.ToString(), p.GetProperty("id").GetString());
        Assert.Equal(DemoCommittee.Members[1].Address.ToString(), p.GetProperty("author").GetString());
        Assert.Equal(active.VotingEndsAt, p.GetProperty("votingEndsAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("eta").ValueKind);
        var tally = p.GetProperty("tally");
        Assert.Equal(2, tally.GetProperty("for").GetInt64());
        Assert.Equal(2, tally.GetProperty("against").GetInt64());
        Assert.Equal(10, tally.GetProperty("totalWeight").GetInt64());
        Assert.False(tally.GetProperty("quorumReached").GetBoolean());
        Assert.Equal(5, tally.GetProperty("quorumWeight").GetInt64());
        Assert.False(tally.GetProperty("passes").GetBoolean());
        Assert.Equal(3, tally.GetProperty("forNeeded").GetInt64());
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Proposals_UnknownState_400NamingState()
    {
        var (status, json) = await GetAsync("/api/proposals?state=pending");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("state:", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("errors").TryGetProperty("state", out _));
    }

    /// <summary>
    /// The detail carries the registry's own tally (For 2 by Ben, Against 2 by Dana, of the demo's
    /// weight 10 with quorum 50 %: 3 more For pass it), the stale flag and the committee epoch; the
    /// tally is also read from the registry by cast, independently of the portal.
    /// </summary>
    [Fact]
    public async Task Proposal_Active_ChainTallyVerdictStaleFlagAndEpoch()
    {
        var active = await DemoProposalAsync(ProposalState.Active);

        var (status, json) = await GetAsync($"/api/proposals/{active.Id}");
        var registry = Service<RiskGovernance.Contracts.Registry.RiskParameterRegistryService>().Address;
        var cast = await CastTool.RunAsync(CancellationToken.None, "call", registry.ToString(),
            "tally(bytes32)((uint256,uint256,uint256,uint256,uint256,bool,bool,bool,uint256,uint256))", active.Id.ToString(),
            "--rpc-url", fixture.Node.RpcUrl.ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        var tally = json.GetProperty("proposal").GetProperty("tally");
        Assert.Equal((2L, 2L, 0L, 10L, 5L), (tally.GetProperty("for").GetInt64(), tally.GetProperty("against").GetInt64(), tally.GetProperty("abstain").GetInt64(),
            tally.GetProperty("totalWeight").GetInt64(), tally.GetProperty("quorumWeight").GetInt64()));
        Assert.False(tally.GetProperty("passes").GetBoolean());
        Assert.Equal(3, tally.GetProperty("forNeeded").GetInt64());
        Assert.Equal("passes on chain: no: needs 3 more weight For", tally.GetProperty("verdict").GetString());
        Assert.Equal("(2, 2, 0, 10, 5, false, false, false, 3, 6)", cast.Trim());
        Assert.False(json.GetProperty("stale").GetBoolean());
        Assert.Equal(1, json.GetProperty("epoch").GetInt64());
        Assert.Equal(2, json.GetProperty("baseVersion").GetInt64());
        Assert.Equal(active.PayloadHash.ToString(), json.GetProperty("payloadHash").GetString());
        Assert.NotEqual(active.ParamsHash.ToString(), json.GetProperty("payloadHash").GetString());
    }

    [Fact]
    public async Task Proposal_Active_DiffSimulationAndVerifiedVotes()
    {
        var active = await DemoProposalAsync(ProposalState.Active);

        var (status, json) = await GetAsync($"/api/proposals/{active.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DemoSeeder.ActiveTitle, json.GetProperty("proposal").GetProperty("title").GetString());
        Assert.Equal(active.ParamsHash.ToString(), json.GetProperty("paramsHash").GetString());
        var fields = json.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Contains("assets.SOL.haircut", fields);
        Assert.Equal(active.Changes.Count, fields.Count);
        var simulation = json.GetProperty("simulation");
        Assert.Equal(active.Simulation!.ResultHash.ToString(), simulation.GetProperty("resultHash").GetString());
        Assert.Equal(active.Simulation.BookHash.ToString(), simulation.GetProperty("bookHash").GetString());
        Assert.Equal(300, simulation.GetProperty("summary").GetProperty("accounts").GetInt32());
        Assert.Equal(active.Simulation.Warnings.Count, simulation.GetProperty("warnings").GetArrayLength());
        var votes = json.GetProperty("votes").EnumerateArray().ToList();
        Assert.Equal(2, votes.Count);
        Assert.All(votes, v => Assert.True(v.GetProperty("verified").GetBoolean()));
        Assert.All(votes, v => Assert.Equal(132, v.GetProperty("signature").GetString()!.Length));
        Assert.Equal(["Against", "For"], votes.Select(v => v.GetProperty("support").GetString()!).Order());
        Assert.Contains(votes, v => v.GetProperty("voter").GetString() == DemoCommittee.Members[3].Address.ToString() && v.GetProperty("weight").GetInt64() == 2);
        Assert.Equal("Active", json.GetProperty("timeline").EnumerateArray().Last().GetProperty("to").GetString());
    }

    [Fact]
    public async Task Proposal_Executed_HasTransactionHashesAndVersion()
    {
        var executed = await DemoProposalAsync(ProposalState.Executed);

        var (status, json) = await GetAsync($"/api/proposals/{executed.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json.GetProperty("executedVersion").GetInt64());
        Assert.Equal(executed.ExecuteTransactionHash.ToString(), json.GetProperty("executeTransactionHash").GetString());
        Assert.Equal(3, json.GetProperty("votes").GetArrayLength());
        Assert.All(json.GetProperty("votes").EnumerateArray(), v => Assert.True(v.GetProperty("verified").GetBoolean()));
        // Ada 3, Ben 2, Chen 2 voted For: the registry's tally of the executed proposal.
        var tally = json.GetProperty("proposal").GetProperty("tally");
        Assert.Equal(7, tally.GetProperty("for").GetInt64());
        Assert.True(tally.GetProperty("passes").GetBoolean());
        Assert.Equal(0, tally.GetProperty("forNeeded").GetInt64());
        Assert.Equal("passes on chain: yes", tally.GetProperty("verdict").GetString());
        Assert.False(json.GetProperty("stale").GetBoolean());
        Assert.Equal(1, json.GetProperty("epoch").GetInt64());
    }

    [Theory]
    [InlineData("0x12")]
    [InlineData("hello")]
    [InlineData("0xzz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task Proposal_MalformedId_400NamingId(string id)
    {
        var (status, json) = await GetAsync($"/api/proposals/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("id:", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Proposal_UnknownId_404ProblemNamingId()
    {
        var id = "0x" + new string('a', 64);
        using var response = await Client().GetAsync(new Uri($"/api/proposals/{id}", UriKind.Relative));
        var json = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.StartsWith("id: no proposal 0xaaaa", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Committee_Demo_FiveMembersWeightTenOneGuardian()
    {
        var (status, json) = await GetAsync("/api/committee");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, json.GetProperty("totalWeight").GetInt64());
        var members = json.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(DemoCommittee.Members.Select(m => m.Address.ToString()), members.Select(m => m.GetProperty("address").GetString()));
        Assert.Equal([3L, 2, 2, 2, 1], members.Select(m => m.GetProperty("weight").GetInt64()));
        var guardian = Assert.Single(members, m => m.GetProperty("role").GetString() == "guardian");
        Assert.Equal(DemoCommittee.Guardian.DisplayName, guardian.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Healthz_DatabaseAndChainReachable_HealthyJsonPerCheck()
    {
        var (status, json) = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var chain = json.GetProperty("checks").GetProperty("chain");
        Assert.Equal("Healthy", chain.GetProperty("status").GetString());
        Assert.Equal("chain 31337 answers", chain.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Execute_Anonymous_401AndNothingChanges()
    {
        var active = await DemoProposalAsync(ProposalState.Active);

        using var response = await Client().PostAsJsonAsync(new Uri($"/api/proposals/{active.Id}/execute", UriKind.Relative), new { });
        var json = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("execute: only signed-in wallets", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(active.Revision, (await DemoProposalAsync(ProposalState.Active)).Revision);
    }

    [Fact]
    public async Task Execute_SignedInButProposalStillActive_409NamingTheState()
    {
        var active = await DemoProposalAsync(ProposalState.Active);
        var client = Client();
        using var login = await SignIn.WithKeyAsync(client, 7);

        using var response = await client.PostAsJsonAsync(new Uri($"/api/proposals/{active.Id}/execute", UriKind.Relative), new { });
        var json = await SignIn.JsonAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("state: cannot execute a proposal in state Active.", json.GetProperty("detail").GetString());
        Assert.Equal("Active", json.GetProperty("state").GetString());
        Assert.Equal(active.Revision, (await DemoProposalAsync(ProposalState.Active)).Revision);
    }

    [Fact]
    public async Task Execute_SignedInWithoutJsonContentType_415()
    {
        var active = await DemoProposalAsync(ProposalState.Active);
        var client = Client();
        using var login = await SignIn.WithKeyAsync(client, 7);

        using var response = await client.PostAsync(new Uri($"/api/proposals/{active.Id}/execute", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProposalState.Active, (await DemoProposalAsync(ProposalState.Active)).State);
    }
}
