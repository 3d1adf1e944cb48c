using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Web.Demo;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Tests.Support;

/// <summary>
/// Governance steps on a demo portal through its own services (the same calls its pages make), for
/// tests that need proposals in some state before they look at a page: draft from the set in force,
/// simulate and open, vote with the demo members' development keys, and take a proposal through the
/// registry's voting end, queue, eta and execution.
/// </summary>
internal sealed class GovernanceSteps(PortalFactory portal)
{
    private GovernanceService Governance => portal.Services.GetRequiredService<GovernanceService>();

    /// <summary>A demo member's address (0 Ada, 1 Ben, 2 Chen, 3 Dana, 4 Eve the guardian).</summary>
    public static Address Member(int index) => DemoCommittee.Members[index].Address;

    /// <summary>Drafts, by <paramref name="author"/>, the set in force with <paramref name="change"/> applied to its JSON.</summary>
    public async Task<Proposal> DraftAsync(string title, Address author, Action<JsonNode> change)
    {
        var inForce = (await Governance.GetInForceAsync(CancellationToken.None))!;
        var node = JsonNode.Parse(inForce.ParamsJson)!;
        change(node);
        return await Governance.DraftParametersAsync(new DraftParametersCommand(title, "Test: " + title, author, node.ToJsonString()), CancellationToken.None);
    }

    /// <summary>Runs the impact simulation on the current book and opens voting (the author's steps).</summary>
    public async Task<Proposal> OpenAsync(Proposal draft)
    {
        var (market, book) = await portal.Services.GetRequiredService<ImpactSimulations>().CurrentMarketAndBookAsync(CancellationToken.None);
        await Governance.AttachSimulationAsync(draft.Id, draft.Author, market, book, CancellationToken.None);
        return await Governance.OpenAsync(draft.Id, draft.Author, CancellationToken.None);
    }

    /// <summary>Casts the ballots of the demo members <paramref name="members"/>, signed with their development keys.</summary>
    public async Task VoteAsync(Proposal proposal, BallotSupport support, params int[] members)
    {
        var wallet = new DevelopmentWallet();
        foreach (var index in members)
        {
            var voter = Member(index);
            var ballot = new Ballot(proposal.Id, proposal.ParamsHash, support);
            await Governance.CastVoteAsync(
                new SignedBallot(proposal.Id, proposal.ParamsHash, support, voter, wallet.SignBallot(voter, Governance.BallotDomain, ballot), null), CancellationToken.None);
        }
    }

    /// <summary>Moves both clocks a minute past <paramref name="target"/> (chain time).</summary>
    public async Task AdvancePastAsync(DateTimeOffset target)
    {
        var now = await Governance.Registry.GetChainTimeAsync(CancellationToken.None);
        if (target >= now)
        {
            await portal.Services.GetRequiredService<ChainTime>().AdvanceAsync(target - now + TimeSpan.FromMinutes(1), CancellationToken.None);
        }
    }

    /// <summary>Past the registry's voting end, finalizes and queues, by <paramref name="actor"/>.</summary>
    public async Task<Proposal> FinalizeAndQueueAsync(Proposal proposal, Address actor)
    {
        await AdvancePastAsync((await Governance.Registry.GetProposalAsync(proposal.Id, CancellationToken.None)).VotingEnd);
        var finalized = await Governance.FinalizeAsync(proposal.Id, actor, CancellationToken.None);
        Assert.Equal(ProposalState.Succeeded, finalized.State);
        var queued = await Governance.QueueAsync(proposal.Id, actor, CancellationToken.None);
        Assert.Equal(ProposalState.Queued, queued.State);
        return queued;
    }

    /// <summary>Finalizes, queues, waits out the timelock and executes, by <paramref name="actor"/>.</summary>
    public async Task<Proposal> ExecuteAsync(Proposal proposal, Address actor)
    {
        var queued = await FinalizeAndQueueAsync(proposal, actor);
        await AdvancePastAsync(queued.Eta!.Value);
        var executed = await Governance.ExecuteAsync(proposal.Id, actor, CancellationToken.None);
        Assert.Equal(ProposalState.Executed, executed.State);
        return executed;
    }

    /// <summary>Adds <paramref name="delta"/> to the value at <paramref name="path"/> ("assets.SOL.haircut") of a parameter-set JSON.</summary>
    public static void Bump(JsonNode root, string path, double delta)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(root, (n, p) => n[p]!);
        parent[parts[^1]] = Math.Round(parent[parts[^1]]!.GetValue<double>() + delta, 6);
    }

    /// <summary>The value at <paramref name="path"/> of a parameter-set JSON.</summary>
    public static double Value(string json, string path)
        => path.Split('.').Aggregate(JsonNode.Parse(json)!, (n, p) => n[p]!).GetValue<double>();
}
