using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence.Push;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The whole path on a real chain and a real database file: the governance service queues or
/// executes through the SQLite-journaled push, the process dies around a broadcast, and a restarted
/// process (new service provider, new DbContexts, same file) reconciles or resumes and finishes it
/// without a second transaction.
/// </summary>
public sealed class QueueCrashRecoveryTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<Proposal> SucceededAsync(GovernanceStack s, Proposal open)
    {
        await s.VoteAsync(open, BallotSupport.For, 0, 1, 2, 3);
        await s.EndVotingAsync(open.Id);
        var done = await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);
        Assert.Equal(ProposalState.Succeeded, done.State);
        return done;
    }

    [Fact]
    public async Task Queue_CrashBetweenBroadcastAndReceipt_RestartReconcilesAndExecutesWithOneTransactionEach()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var fay = DevelopmentKeys.Key(6).Address;
        IReadOnlyList<CommitteeMember> newCommittee =
        [
            new(s[0].Address, "Ada Lovelace", 3, CommitteeRole.Member),
            new(s[1].Address, "Ben", 2, CommitteeRole.Member),
            new(fay, "Fay", 2, CommitteeRole.Guardian),
        ];
        var draft = await s.Service.DraftMembershipAsync(new DraftMembershipCommand("Rotate", "New members.", s[0].Address, newCommittee), Ct);
        var open = await s.Service.OpenAsync(draft.Id, s[0].Address, Ct);
        await SucceededAsync(s, open);
        var nonceBefore = await s.NonceAsync(GovernanceStack.Relayer.Address);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.AfterBroadcast).QueueAsync(open.Id, s[1].Address, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        await s.Database.Services.DisposeAsync();

        var (restarted, _, service) = await s.RestartAsync();
        await using var _ = restarted;
        var unfinished = await restarted.GetRequiredService<SqlitePushJournal>().FindUnfinishedAsync(Ct);
        var reconciled = await service.ReconcileAsync(Ct);
        var queued = (await restarted.GetRequiredService<IProposalRepository>().GetAsync(open.Id, Ct))!;

        Assert.Equal(open.Id, Assert.Single(unfinished).ProposalId);
        Assert.Equal([new ReconciledProposal(open.Id, ProposalState.Succeeded, ProposalState.Queued)], reconciled);
        Assert.Equal(ProposalState.Queued, queued.State);
        Assert.Equal(unfinished[0].Queue!.Hash, queued.QueueTransactionHash);
        Assert.Equal((await s.Registry.GetProposalAsync(open.Id, Ct)).Eta, queued.Eta);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(GovernanceStack.Relayer.Address));

        await s.ReachEtaAsync(open.Id);
        var executed = await service.ExecuteAsync(open.Id, s[2].Address, Ct);

        Assert.Equal(ProposalState.Executed, executed.State);
        Assert.Equal(s[2].Address.ToString(), executed.Timeline[^1].Actor);
        Assert.Equal(nonceBefore + 3, await s.NonceAsync(GovernanceStack.Relayer.Address)); // queue, execute, and the audit anchor after the execution
        Assert.NotNull(await s.Gateway.GetAuditAnchorAsync(Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await restarted.GetRequiredService<IPushJournal>().FindAsync(s.Registry.Address, open.Id, Ct))!.Queue!.Status);
        Assert.Equal(newCommittee, (await restarted.GetRequiredService<ICommitteeStore>().GetCommitteeAsync(Ct)).Members);
        var onChain = await s.Registry.GetCommitteeAsync(null, Ct);
        Assert.Equal([new WeightedMember(s[0].Address, 3), new WeightedMember(s[1].Address, 2), new WeightedMember(fay, 2)], onChain.Members);
        Assert.Equal((2L, fay), (onChain.Epoch, onChain.Guardian));
        Assert.True((await restarted.GetRequiredService<IAuditLog>().VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task Queue_CrashBeforeBroadcast_QueueAgainSendsTheJournaledBytesOnce()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await SucceededAsync(s, open);
        var nonceBefore = await s.NonceAsync(GovernanceStack.Relayer.Address);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.BeforeBroadcast).QueueAsync(open.Id, s[1].Address, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await s.Journal.FindAsync(s.Registry.Address, open.Id, Ct))!.Queue!;

        Assert.Empty(await s.Service.ReconcileAsync(Ct)); // the registry still says Succeeded: nothing to record, nothing sent
        Assert.Equal(nonceBefore, await s.NonceAsync(GovernanceStack.Relayer.Address));
        var queued = await s.Service.QueueAsync(open.Id, s[1].Address, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(ProposalState.Queued, queued.State);
        Assert.Equal(journaled.Hash, queued.QueueTransactionHash);
        Assert.Equal((s[1].Address.ToString(), journaled.Hash), (queued.Timeline[^1].Actor, queued.Timeline[^1].TransactionHash!.Value));
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(GovernanceStack.Relayer.Address));
    }

    [Fact]
    public async Task Execute_CrashBetweenBroadcastAndReceipt_RestartReconcilesTheExecutionWithoutSecondTransaction()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)));
        await SucceededAsync(s, open);
        await s.Service.QueueAsync(open.Id, s[1].Address, Ct);
        await s.ReachEtaAsync(open.Id);
        var nonceBefore = await s.NonceAsync(GovernanceStack.Relayer.Address);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => s.Crashing(CrashPoint.AfterBroadcast).ExecuteAsync(open.Id, s[2].Address, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        await s.Database.Services.DisposeAsync();

        var (restarted, _, service) = await s.RestartAsync();
        await using var _ = restarted;
        var journaled = (await restarted.GetRequiredService<IPushJournal>().FindAsync(s.Registry.Address, open.Id, Ct))!.Execute!;
        var reconciled = await service.ReconcileAsync(Ct);
        var executed = (await restarted.GetRequiredService<IProposalRepository>().GetAsync(open.Id, Ct))!;

        Assert.Equal([new ReconciledProposal(open.Id, ProposalState.Queued, ProposalState.Executed)], reconciled);
        Assert.Equal((ProposalState.Executed, 2L, journaled.Hash), (executed.State, executed.ExecutedVersion!.Value, executed.ExecuteTransactionHash!.Value));
        Assert.Equal(Proposal.ChainActor, executed.Timeline[^1].Actor);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(GovernanceStack.Relayer.Address)); // the execute, and the audit anchor after it
        Assert.Equal(2, (await restarted.GetRequiredService<ICommitteeStore>().GetRatifiedAsync(Ct))!.Version);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => service.ExecuteAsync(open.Id, s[2].Address, Ct));
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(GovernanceStack.Relayer.Address));
    }
}
