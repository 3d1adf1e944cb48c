using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

/// <summary>The real governance service on the SQLite repository, committee store and audit log.</summary>
public sealed class GovernanceServiceOverSqliteTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private const int Members = 50;
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(TestDatabase Database, GovernanceService Service, Proposal Open)> OpenMembershipProposalAsync(TemporaryDirectory directory)
    {
        var database = await TestDatabase.CreateAsync(directory);
        var committee = GovernanceSamples.Committee(Members);
        await database.Services.GetRequiredService<ICommitteeStore>().SetCommitteeAsync(committee, Ct);
        var service = new GovernanceService(
            database.Services.GetRequiredService<IProposalRepository>(),
            database.Services.GetRequiredService<ICommitteeStore>(),
            new UnusedRegistry(),
            GovernanceSamples.Ballots,
            database.Time,
            new GovernanceRulesOptions { ChainId = GovernanceSamples.Domain.ChainId, RegistryAddress = GovernanceSamples.Domain.Registry.ToString() },
            new ParameterBoundsOptions());
        var author = committee.Members[0].Address;
        var draft = await service.DraftMembershipAsync(
            new DraftMembershipCommand("Smaller committee", "Three members are enough.", author, [.. committee.Members.Take(3)], 5_000), Ct);
        var open = await service.OpenAsync(draft.Id, author, Ct);
        return (database, service, open);
    }

    [Fact]
    public async Task CastVoteAsync_FiftyMembersConcurrently_NoneLostNoneDoubledAndFinalizeSucceeds()
    {
        var (database, service, open) = await OpenMembershipProposalAsync(directory);
        await using var _ = database;
        static BallotSupport SupportOf(int i) => (BallotSupport)(i % 3);

        await Task.WhenAll(Enumerable.Range(0, Members).Select(i =>
            Task.Run(() => service.CastVoteAsync(GovernanceSamples.Ballot(open, i, SupportOf(i)), Ct))));
        database.Time.Advance(TimeSpan.FromDays(3));
        var finalized = await service.FinalizeAsync(open.Id, Ct);

        long Weight(BallotSupport s) => Enumerable.Range(0, Members).Where(i => SupportOf(i) == s).Sum(i => (long)(i + 1));
        var stored = (await database.Services.GetRequiredService<IProposalRepository>().GetAsync(open.Id, Ct))!;
        Assert.Equal(Members, stored.Votes.Select(v => v.Voter).Distinct().Count());
        Assert.Equal(Members, stored.Votes.Count);
        Assert.Equal(new Tally(Weight(BallotSupport.For), Weight(BallotSupport.Against), Weight(BallotSupport.Abstain), 1275, true, true), stored.Tally);
        Assert.Equal(ProposalState.Succeeded, finalized.State);
        Assert.Equal(ProposalState.Succeeded, stored.State);
        var audit = database.Services.GetRequiredService<IAuditLog>();
        var entries = await audit.ListAsync(open.Id.ToString(), Ct);
        Assert.Equal(Members, entries.Count(e => e.Event.Action == "vote.cast"));
        Assert.Equal("proposal.succeeded", entries[^1].Event.Action);
        Assert.True((await audit.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task CastVoteAsync_SameBallotSixTimesConcurrently_StoredOnceOthersRejected()
    {
        var (database, service, open) = await OpenMembershipProposalAsync(directory);
        await using var _ = database;
        var ballot = GovernanceSamples.Ballot(open, 7, BallotSupport.Against, "too fast");

        var attempts = Enumerable.Range(0, 6).Select(_ => Task.Run(() => service.CastVoteAsync(ballot, Ct))).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InputValidationException)
        {
            // Inspected per task below.
        }

        Assert.Equal(1, attempts.Count(t => t.IsCompletedSuccessfully));
        Assert.All(
            attempts.Where(t => !t.IsCompletedSuccessfully),
            t => Assert.Equal("ballot.voter", Assert.IsType<InputValidationException>(t.Exception!.InnerException).Errors[0].Field));
        var stored = (await database.Services.GetRequiredService<IProposalRepository>().GetAsync(open.Id, Ct))!;
        Assert.Equal(8, Assert.Single(stored.Votes).Weight);
        Assert.Equal(8, stored.Tally!.Against);
    }

    private sealed class UnusedRegistry : IRegistryGateway
    {
        public Task<PushResult> PushParametersAsync(Hash32 proposalId, OnChainParameterSet parameters, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the registry is not used by these tests");

        public Task<PushResult> PushMembershipAsync(Hash32 proposalId, IReadOnlyList<CommitteeMember> committee, int thresholdBps, IReadOnlyList<EcdsaSignature> forSignatures, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the registry is not used by these tests");

        public Task<RegistryProposal> GetProposalAsync(Hash32 proposalId, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the registry is not used by these tests");

        public Task<Hash32> VetoAsync(Hash32 proposalId, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the registry is not used by these tests");

        public Task<PushRecord?> FindPushAsync(Hash32 proposalId, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the registry is not used by these tests");
    }
}
