using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The case 3 on a real registry and database: P2 (BTC scan range 0.15 -&gt; 0.20, BTC/ETH
/// 0.85 -&gt; 0.80) and P3 (ETH haircut 0.10 -&gt; 0.12) are both drafted on version 1; P2 executes as
/// version 2. P3 must never execute on its stale base (it would put BTC back to 0.15): it is flagged,
/// refused at open, queue and execute, cancelled on chain once it passed, and can be rebased.
/// </summary>
public sealed class StaleBaseTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string P2Json => GovernanceStack.Params(("assets.BTC.scanRange", 0.20), ("correlation.BTC.ETH", 0.80));

    private static string P3Json => GovernanceStack.Params(("assets.ETH.haircut", 0.12));

    /// <summary>Ada and Ben vote For (5 of 10: quorum and majority).</summary>
    private static Task PassAsync(GovernanceStack s, Proposal p) => s.VoteAsync(p, BallotSupport.For, 0, 1);

    private static async Task ExecuteAsync(GovernanceStack s, Proposal p, int by)
    {
        await s.Service.QueueAsync(p.Id, s[by].Address, Ct);
        await s.ReachEtaAsync(p.Id);
        Assert.Equal(ProposalState.Executed, (await s.Service.ExecuteAsync(p.Id, s[by].Address, Ct)).State);
    }

    [Fact]
    public async Task P2ExecutesWhileP3Succeeded_P3CancelledOnChainWithTheExecutorAsActor()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p2 = await s.OpenAsync(P2Json, author: 0, "P2");
        var p3 = await s.OpenAsync(P3Json, author: 1, "P3");
        await PassAsync(s, p2);
        await PassAsync(s, p3);
        await s.EndVotingAsync(p2.Id);
        await s.EndVotingAsync(p3.Id);
        await s.Service.FinalizeAsync(p2.Id, s[2].Address, Ct);
        Assert.Equal(ProposalState.Succeeded, (await s.Service.FinalizeAsync(p3.Id, s[2].Address, Ct)).State);
        Assert.False((await s.GetAsync(p3.Id)).IsStale(1));

        await ExecuteAsync(s, p2, by: 4);

        var stored = await s.GetAsync(p3.Id);
        Assert.Equal(ProposalState.Canceled, stored.State);
        var cancel = stored.Timeline[^1];
        Assert.Equal(("cancel", s[4].Address.ToString()), (cancel.Action, cancel.Actor));
        Assert.Equal(("proposal.canceled", s[4].Address.ToString()), (await s.AuditOfAsync(p3.Id))[^1]);
        Assert.Contains("base version 1 is no longer in force (version 2 is)", (await s.Audit.ListAsync(p3.Id.ToString(), Ct))[^1].Event.PayloadJson, StringComparison.Ordinal);
        Assert.True((await s.Registry.Chain.GetReceiptAsync(cancel.TransactionHash!.Value, Ct))!.Succeeded);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(p3.Id, Ct)).State);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.QueueAsync(p3.Id, s[1].Address, Ct));
        Assert.Equal(FixedPoint18.Parse("0.2", "x"), (await s.Registry.GetAssetParametersAsync("BTC", null, Ct)).ScanRange);
    }

    [Fact]
    public async Task P3PassedButNotFinalizedWhenP2Executed_FinalizeCancelsItOnChainInsteadOfSucceeding()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p2 = await s.OpenAsync(P2Json, author: 0, "P2");
        var p3 = await s.OpenAsync(P3Json, author: 1, "P3");
        await PassAsync(s, p2);
        await PassAsync(s, p3);
        await s.EndVotingAsync(p3.Id);
        await s.Service.FinalizeAsync(p2.Id, s[0].Address, Ct);
        await ExecuteAsync(s, p2, by: 0);
        Assert.Equal(ProposalState.Active, (await s.GetAsync(p3.Id)).State);
        Assert.True((await s.GetAsync(p3.Id)).IsStale(2));
        Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(p3.Id, Ct)).State); // the vote passed; the base is gone

        var finalized = await s.Service.FinalizeAsync(p3.Id, s[1].Address, Ct);

        Assert.Equal(ProposalState.Canceled, finalized.State);
        Assert.Equal(("cancel", s[1].Address.ToString()), (finalized.Timeline[^1].Action, finalized.Timeline[^1].Actor));
        Assert.DoesNotContain(finalized.Timeline, t => t.To == ProposalState.Succeeded);
        Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(p3.Id, Ct)).State);
    }

    [Fact]
    public async Task P3DraftedOnAReplacedVersion_FlaggedStaleAndOpenRefusedWithStaleBase()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p3 = await s.DraftAsync(P3Json, author: 1, "P3");
        var p2 = await s.OpenAsync(P2Json, author: 0, "P2");
        await PassAsync(s, p2);
        await s.EndVotingAsync(p2.Id);
        await s.Service.FinalizeAsync(p2.Id, s[0].Address, Ct);
        await ExecuteAsync(s, p2, by: 0);
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);

        var stored = await s.GetAsync(p3.Id);
        var refused = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Service.OpenAsync(p3.Id, s[1].Address, Ct));
        var chainRefusal = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.ProposeAsync(stored.Payload(), stored.ParamsHash, stored.BaseVersion, stored.Salt, Ct));

        Assert.True(stored.IsStale(await s.Registry.GetCurrentVersionAsync(Ct)));
        Assert.Equal(ProposalState.Draft, stored.State);
        Assert.Equal(("StaleBase", "proposal"), (refused.ErrorName, refused.Field));
        Assert.Contains("drafted from version 1, but version 2 is in force now; rebase it", refused.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidBaseVersion", chainRefusal.ErrorName); // the registry itself refuses to register it
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal(RegistryProposalState.None, (await s.Registry.GetProposalAsync(p3.Id, Ct)).State);
        Assert.Equal(ProposalState.Draft, (await s.GetAsync(p3.Id)).State);
    }

    /// <summary>
    /// P2 is executed on chain by someone else, so the portal has not seen it: the portal still refuses
    /// to queue or execute the proposals drafted on version 1 (it reads the version in force from the
    /// chain), the registry refuses them too, and reconciliation records P2's execution and cancels them.
    /// </summary>
    [Fact]
    public async Task NewerVersionExecutedByAThirdParty_QueueAndExecuteOfOlderProposalsRefusedThenReconcileCancelsThem()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p2 = await s.OpenAsync(P2Json, author: 0, "P2");
        var p3 = await s.OpenAsync(P3Json, author: 1, "P3");
        var p4 = await s.OpenAsync(GovernanceStack.Params(("assets.SOL.volUp", 0.9)), author: 2, "P4");
        foreach (var p in new[] { p2, p3, p4 })
        {
            await PassAsync(s, p);
        }

        await s.EndVotingAsync(p4.Id);
        foreach (var p in new[] { p2, p3, p4 })
        {
            await s.Service.FinalizeAsync(p.Id, s[3].Address, Ct);
        }

        await s.Service.QueueAsync(p2.Id, s[3].Address, Ct);
        await s.Service.QueueAsync(p3.Id, s[3].Address, Ct);
        await s.ReachEtaAsync(p3.Id);
        await s.Registry.ExecuteAsync(GovernanceStack.ThirdParty, p2.Id, p2.Payload(), Ct);

        var queue = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Service.QueueAsync(p4.Id, s[3].Address, Ct));
        var execute = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Service.ExecuteAsync(p3.Id, s[3].Address, Ct));
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        var directQueue = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(p4.Id, p4.Payload(), Ct));
        var directExecute = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(p3.Id, p3.Payload(), Ct));

        Assert.Equal(["StaleBase", "StaleBase", "StaleBase", "StaleBase"], new[] { queue, execute, directQueue, directExecute }.Select(e => e.ErrorName));
        Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
        Assert.Equal((ProposalState.Succeeded, ProposalState.Queued), ((await s.GetAsync(p4.Id)).State, (await s.GetAsync(p3.Id)).State));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));

        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Contains(new ReconciledProposal(p2.Id, ProposalState.Queued, ProposalState.Executed), changed);
        foreach (var p in new[] { p3, p4 })
        {
            var stored = await s.GetAsync(p.Id);
            Assert.Equal(ProposalState.Canceled, stored.State);
            Assert.Equal(Proposal.ChainActor, stored.Timeline[^1].Actor);
            Assert.Equal(RegistryProposalState.Canceled, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
        }

        var executed = await s.GetAsync(p2.Id);
        Assert.Equal((ProposalState.Executed, Proposal.ChainActor, 2L), (executed.State, executed.Timeline[^1].Actor, executed.ExecutedVersion!.Value));
        Assert.Equal(2, (await s.Roster.GetRatifiedAsync(Ct))!.Version);
    }

    /// <summary>
    /// Rebase: P3 (ETH haircut 0.12, and BTC/ETH 0.90 where P2 set 0.80) becomes a new draft on version 2
    /// that keeps P2's BTC scan range, applies P3's haircut, keeps P3's BTC/ETH flagged as a conflict, and
    /// is simulated against the set in force. Executed, version 3 holds all of it: P2 is not undone.
    /// </summary>
    [Fact]
    public async Task Rebase_StaleP3_DraftOnTheVersionInForceKeepsP2FlagsTheConflictAndIsSimulatedAgainstTheSetInForce()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var p3 = await s.DraftAsync(GovernanceStack.Params(("assets.ETH.haircut", 0.12), ("correlation.BTC.ETH", 0.90)), author: 1, "P3");
        var notStale = await Assert.ThrowsAsync<InputValidationException>(() =>
            s.Service.RebaseAsync(p3.Id, s[1].Address, GovernanceStack.Market(), GovernanceStack.Book(), Ct));
        Assert.Equal("proposal", notStale.Errors.Single().Field);
        var p2 = await s.OpenAsync(P2Json, author: 0, "P2");
        await PassAsync(s, p2);
        await s.EndVotingAsync(p2.Id);
        await s.Service.FinalizeAsync(p2.Id, s[0].Address, Ct);
        await ExecuteAsync(s, p2, by: 0);
        var v2Hash = await s.Registry.GetParamsHashAsync(2, Ct);

        var rebased = await s.Service.RebaseAsync(p3.Id, s[1].Address, GovernanceStack.Market(), GovernanceStack.Book(), Ct);

        Assert.Equal((ProposalState.Draft, 2L, v2Hash, p3.Id), (rebased.State, rebased.BaseVersion, rebased.BaseParamsHash, rebased.RebasedFrom!.Value));
        Assert.Equal((s[1].Address, "Rebased: P3"), (rebased.Author, rebased.Title));
        Assert.Equal(
            [new ParameterChange("assets.ETH.haircut", "0.1", "0.12", false), new ParameterChange("correlation.BTC.ETH", "0.8", "0.9", false, Conflict: true)],
            rebased.Changes);
        Assert.Contains("correlation.BTC.ETH", rebased.Rationale, StringComparison.Ordinal);
        var set = ParameterSetJson.Read(rebased.ParamsJson!);
        Assert.Equal((0.2, 0.12, 0.9), (set.Asset("BTC").ScanRange, set.Asset("ETH").Haircut, set.Correlation[0, 1]));
        Assert.Equal((v2Hash, rebased.ParamsHash), (rebased.Simulation!.CurrentParamsHash, rebased.Simulation.ProposedParamsHash));
        Assert.False(rebased.RequiresSupermajority);
        Assert.Equal(ProposalState.Draft, (await s.GetAsync(p3.Id)).State); // the stale proposal is left as it is

        await s.Service.OpenAsync(rebased.Id, s[1].Address, Ct);
        await PassAsync(s, rebased);
        await s.EndVotingAsync(rebased.Id);
        await s.Service.FinalizeAsync(rebased.Id, s[1].Address, Ct);
        await ExecuteAsync(s, rebased, by: 1);

        var v3 = await s.Registry.GetParametersAsync(3, Ct);
        Assert.Equal(rebased.ParamsHash, v3.ParamsHash);
        Assert.Equal(("0.2", "0.12", "0.9"), (v3.Asset("BTC").ScanRange.ToString(), v3.Asset("ETH").Haircut.ToString(), v3.Correlation("BTC", "ETH").ToString()));
        Assert.True((await s.GetAsync(p3.Id)).IsStale(3));
    }
}
