using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The whole path on a real chain and a real database file: the governance service queues a ratified
/// committee change through the SQLite-journaled push, the process dies between broadcast and receipt,
/// and a restarted process (new service provider, new DbContexts, same file) reconciles and finishes
/// it without a second transaction.
/// </summary>
public sealed class QueueCrashRecoveryTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static GovernanceService Service(ServiceProvider services, TimeProvider time, RiskParameterRegistryService registry)
        => new(
            services.GetRequiredService<IProposalRepository>(),
            services.GetRequiredService<ICommitteeStore>(),
            new RegistryGateway(registry, new RegistrySigners(RegistryScenario.Operator, Guardian: null), services.GetRequiredService<IPushJournal>()),
            GovernanceSamples.Ballots,
            time,
            new GovernanceRulesOptions { ChainId = DevelopmentChainId, RegistryAddress = registry.Address.ToString() },
            new ParameterBoundsOptions());

    private const long DevelopmentChainId = 31337;

    [Fact]
    public async Task Queue_CrashBetweenBroadcastAndReceipt_RestartReconcilesAndExecutesWithOneTransactionEach()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var s = await RegistryScenario.DeployAsync(node, Ct);

        // The local committee mirrors the registry's (anvil accounts 1..5, weights 1, 1, 1, 2, 2).
        var committee = new CommitteeSnapshot(RegistryScenario.InitialCommittee.Select((m, i) =>
            new CommitteeMember(m.Member, $"Member {i + 1}", m.Weight, CommitteeRole.Member)));
        await database.Services.GetRequiredService<ICommitteeStore>().SetCommitteeAsync(committee, Ct);
        var crashing = Service(database.Services, database.Time, s.Crashing(node, CrashPoint.AfterBroadcast));
        IReadOnlyList<CommitteeMember> newCommittee =
        [
            new(RegistryScenario.Key(7).Address, "Seven", 3, CommitteeRole.Guardian),
            new(RegistryScenario.Key(8).Address, "Eight", 1, CommitteeRole.Member),
        ];
        var author = committee.Members[0].Address;
        var draft = await crashing.DraftMembershipAsync(new DraftMembershipCommand("Rotate", "New members.", author, newCommittee, 7_500), Ct);
        var open = await crashing.OpenAsync(draft.Id, author, Ct);
        foreach (var account in new[] { 4, 5 })
        {
            var signature = s.Ballot(open.Id, open.ParamsHash).Sign(RegistryScenario.Key(account));
            await crashing.CastVoteAsync(new SignedBallot(open.Id, open.ParamsHash, BallotSupport.For, RegistryScenario.Key(account).Address, signature.ToString(), null), Ct);
        }

        database.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(ProposalState.Succeeded, (await crashing.FinalizeAsync(open.Id, Ct)).State);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator.Address, Ct);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => crashing.QueueAsync(open.Id, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        await database.Services.DisposeAsync();

        // Restart: a new provider over the same data directory, a healthy RPC client.
        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        await restarted.GetRequiredService<Persistence.DatabaseMigrator>().MigrateAsync(Ct);
        var unfinished = await restarted.GetRequiredService<Persistence.Push.SqlitePushJournal>().FindUnfinishedAsync(Ct);
        var service = Service(restarted, database.Time, s.Registry);
        var reconciled = await service.ReconcileAsync(Ct);
        var queued = (await restarted.GetRequiredService<IProposalRepository>().GetAsync(open.Id, Ct))!;

        Assert.Equal(open.Id, Assert.Single(unfinished).ProposalId);
        Assert.Equal([new ReconciledProposal(open.Id, ProposalState.Succeeded, ProposalState.Queued)], reconciled);
        Assert.Equal(ProposalState.Queued, queued.State);
        Assert.Equal(unfinished[0].Queue!.Hash, queued.QueueTransactionHash);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));

        await node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        if (database.Time.GetUtcNow() < queued.Eta)
        {
            database.Time.Advance(queued.Eta!.Value - database.Time.GetUtcNow());
        }

        var executed = await service.ExecuteAsync(open.Id, Ct);

        Assert.Equal(ProposalState.Executed, executed.State);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(RegistryScenario.Operator.Address, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await restarted.GetRequiredService<IPushJournal>().FindAsync(s.Registry.Address, open.Id, Ct))!.Queue!.Status);
        Assert.Equal(newCommittee, (await restarted.GetRequiredService<ICommitteeStore>().GetCommitteeAsync(Ct)).Members);
        Assert.Equal([new RegistryMember(RegistryScenario.Key(7).Address, 3), new RegistryMember(RegistryScenario.Key(8).Address, 1)],
            await s.Registry.GetCommitteeAsync(Ct));
        Assert.True((await restarted.GetRequiredService<IAuditLog>().VerifyAsync(Ct)).IsValid);
    }
}
