using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Persistence.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

public sealed class ProposalRepositoryTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Get_AfterAdd_MembershipProposalRoundTrips()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var committee = GovernanceSamples.Committee(5);
        var draft = GovernanceSamples.Membership(committee, "m1", database.Time.GetUtcNow());
        await database.Services.GetRequiredService<IProposalRepository>().AddAsync(draft, Ct);

        // A new service provider: nothing cached from the save.
        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        var loaded = await restarted.GetRequiredService<IProposalRepository>().GetAsync(draft.Id, Ct);

        Assert.NotNull(loaded);
        Assert.Equal(ProposalKind.Membership, loaded.Kind);
        Assert.Equal(ProposalState.Draft, loaded.State);
        Assert.Equal(draft.Title, loaded.Title);
        Assert.Equal(draft.Author, loaded.Author);
        Assert.Equal(draft.ParamsHash, loaded.ParamsHash);
        Assert.Equal((draft.PayloadHash, draft.Salt), (loaded.PayloadHash, loaded.Salt));
        Assert.Equal(draft.Membership, loaded.Membership);
        Assert.Equal(draft.MembershipGuardian, loaded.MembershipGuardian);
        Assert.Equal(draft.Payload(), loaded.Payload());
        Assert.Equal(draft.Timeline, loaded.Timeline);
        Assert.Equal(draft.Revision, loaded.Revision);
        Assert.Null(loaded.Rules);
        Assert.Null(loaded.Simulation);
        Assert.Empty(loaded.PendingAuditEvents);
    }

    [Fact]
    public async Task Get_OpenedParameterProposalWithVotes_RoundTripsSimulationRulesSnapshotVotesAndTally()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(4);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Parameters(committee, "p1", now);
        await repository.AddAsync(draft, Ct);
        var p = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(p, committee, now);
        await repository.SaveAsync(p, Ct);
        var prudent = GovernanceSamples.Ballot(p, 2, BallotSupport.For, "prudent");
        await GovernanceSamples.CastAsync(repository, prudent, now, Ct);
        await GovernanceSamples.CastAsync(repository, GovernanceSamples.Ballot(p, 3, BallotSupport.Against), now, Ct);

        var loaded = (await new SqliteProposalRepository(database.Contexts).GetAsync(draft.Id, Ct))!;

        Assert.Equal(ProposalState.Active, loaded.State);
        Assert.Equal(draft.Simulation, loaded.Simulation);
        Assert.Equal(draft.Simulation!.Summary, loaded.Simulation!.Summary);
        Assert.Equal(GovernanceSamples.Rules, loaded.Rules);
        Assert.Equal(draft.Changes, loaded.Changes);
        Assert.True(loaded.Changes[1].Conflict);
        Assert.True(loaded.RequiresSupermajority);
        Assert.Equal((1L, GovernanceSamples.OpenTx(draft)), (loaded.Epoch, loaded.OpenTransactionHash));
        Assert.Equal((draft.PayloadHash, draft.Salt, draft.BaseVersion, draft.BaseParamsHash), (loaded.PayloadHash, loaded.Salt, loaded.BaseVersion, loaded.BaseParamsHash));
        Assert.Equal(committee.Members, loaded.SnapshotMembers);
        Assert.Equal([GovernanceSamples.Key(2).Address, GovernanceSamples.Key(3).Address], loaded.Votes.Select(v => v.Voter));
        Assert.Equal("prudent", loaded.Votes[0].Reason);
        Assert.Equal(GovernanceSamples.VoteTx(prudent), loaded.Votes[0].TransactionHash);
        Assert.All(loaded.Votes, v => Assert.True(v.Verify(GovernanceSamples.Ballots, GovernanceSamples.Domain)));
        Assert.Equal((3L, 4L, 0L), GovernanceSamples.Weights(loaded));
        Assert.Equal(now + GovernanceSamples.Rules.VotingPeriod, loaded.VotingEndsAt);
        Assert.Equal([ProposalState.Draft, ProposalState.Active], loaded.Timeline.Select(t => t.To));
    }

    [Fact]
    public async Task Votes_SecondRowForTheSameMemberWithRawSql_RefusedByTheDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(3);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Membership(committee, "raw-duplicate", now);
        await repository.AddAsync(draft, Ct);
        var open = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(open, committee, now);
        await repository.SaveAsync(open, Ct);
        await GovernanceSamples.CastAsync(repository, GovernanceSamples.Ballot(open, 1, BallotSupport.For), now, Ct);

        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => database.ExecuteRawAsync(
            "INSERT INTO Votes (ProposalId, Voter, ParamsHash, Support, Weight, Reason, Signature, CastAt, Ordinal, TransactionHash) " +
            "SELECT ProposalId, Voter, ParamsHash, 'Against', Weight, NULL, Signature, CastAt, Ordinal + 1, TransactionHash FROM Votes"));

        Assert.Equal(19, error.SqliteErrorCode);
        Assert.Single((await repository.GetAsync(draft.Id, Ct))!.Votes);
    }

    [Fact]
    public async Task Get_CommitteeChangedAfterOpening_SnapshotStaysAsFrozen()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var store = database.Services.GetRequiredService<ICommitteeStore>();
        var committee = GovernanceSamples.Committee(4);
        await store.SetCommitteeAsync(committee, Ct);
        var draft = GovernanceSamples.Membership(committee, "frozen", database.Time.GetUtcNow());
        await repository.AddAsync(draft, Ct);
        var open = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(open, await store.GetCommitteeAsync(Ct), database.Time.GetUtcNow());
        await repository.SaveAsync(open, Ct);

        await store.SetCommitteeAsync(GovernanceSamples.Committee(2), Ct);
        var loaded = (await repository.GetAsync(draft.Id, Ct))!;

        Assert.Equal(committee.Members, loaded.SnapshotMembers);
        Assert.Equal(10, loaded.Snapshot!.TotalWeight);
    }

    [Fact]
    public async Task Save_AuditEventsOfTheChange_AppendedInTheSameTransactionAndCleared()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(3);
        var draft = GovernanceSamples.Parameters(committee, "audit", database.Time.GetUtcNow());
        var pending = draft.PendingAuditEvents.Count;

        await repository.AddAsync(draft, Ct);
        var entries = await database.Services.GetRequiredService<IAuditLog>().ListAsync(draft.Id.ToString(), Ct);

        Assert.Equal(2, pending);
        Assert.Empty(draft.PendingAuditEvents);
        Assert.Equal(["proposal.created", "proposal.simulated"], entries.Select(e => e.Event.Action));
        Assert.True((await database.Services.GetRequiredService<IAuditLog>().VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task Save_StaleRevision_ThrowsConcurrencyConflictAndWritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(4);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Parameters(committee, "stale", now);
        await repository.AddAsync(draft, Ct);
        var open = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(open, committee, now);
        await repository.SaveAsync(open, Ct);
        var first = (await repository.GetAsync(draft.Id, Ct))!;
        var second = (await repository.GetAsync(draft.Id, Ct))!;
        first.RecordVote(first.CheckBallot(GovernanceSamples.Ballot(first, 2, BallotSupport.For), GovernanceSamples.Ballots, GovernanceSamples.Domain, 2000, now),
            Hash32.Keccak("first"), first.VotingEndsAt!.Value, now);
        second.RecordVote(second.CheckBallot(GovernanceSamples.Ballot(second, 3, BallotSupport.Against), GovernanceSamples.Ballots, GovernanceSamples.Domain, 2000, now),
            Hash32.Keccak("second"), second.VotingEndsAt!.Value, now);
        await repository.SaveAsync(first, Ct);
        var auditBefore = (await database.Services.GetRequiredService<IAuditLog>().ListAsync(null, Ct)).Count;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repository.SaveAsync(second, Ct));

        var stored = (await repository.GetAsync(draft.Id, Ct))!;
        Assert.Equal([GovernanceSamples.Key(2).Address], stored.Votes.Select(v => v.Voter));
        Assert.Equal(first.Revision, stored.Revision);
        Assert.Equal(auditBefore, (await database.Services.GetRequiredService<IAuditLog>().ListAsync(null, Ct)).Count);
        Assert.NotEmpty(second.PendingAuditEvents);
    }

    [Fact]
    public async Task Add_SameIdTwice_ThrowsConcurrencyConflict()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(3);
        await repository.AddAsync(GovernanceSamples.Membership(committee, "twice", database.Time.GetUtcNow()), Ct);

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => repository.AddAsync(GovernanceSamples.Membership(committee, "twice", database.Time.GetUtcNow()), Ct));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Single(await repository.ListAsync(null, Ct));
    }

    [Fact]
    public async Task Save_ProposalNotLoadedByTheRepository_IsRefused()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => repository.SaveAsync(GovernanceSamples.Membership(GovernanceSamples.Committee(3), "unknown", database.Time.GetUtcNow()), Ct));

        Assert.Empty(await repository.ListAsync(null, Ct));
    }

    [Fact]
    public async Task List_ByState_ReturnsOnlyThatStateNewestFirst()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(3);
        await repository.AddAsync(GovernanceSamples.Membership(committee, "old", database.Time.GetUtcNow()), Ct);
        database.Time.Advance(TimeSpan.FromMinutes(1));
        await repository.AddAsync(GovernanceSamples.Membership(committee, "new", database.Time.GetUtcNow()), Ct);
        database.Time.Advance(TimeSpan.FromMinutes(1));
        var opened = GovernanceSamples.Parameters(committee, "opened", database.Time.GetUtcNow());
        await repository.AddAsync(opened, Ct);
        var p = (await repository.GetAsync(opened.Id, Ct))!;
        GovernanceSamples.Open(p, committee, database.Time.GetUtcNow());
        await repository.SaveAsync(p, Ct);

        var drafts = await repository.ListAsync(ProposalState.Draft, Ct);
        var all = await repository.ListAsync(null, Ct);

        Assert.Equal(["Committee change new", "Committee change old"], drafts.Select(d => d.Title));
        Assert.Equal(3, all.Count);
        Assert.Equal(opened.Id, all[0].Id);
    }

    [Fact]
    public async Task CastVote_FiftyMembersConcurrently_EveryVoteStoredOnceAndTallyExact()
    {
        const int members = 50;
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(members);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Membership(committee, "fifty", now);
        await repository.AddAsync(draft, Ct);
        var open = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(open, committee, now);
        await repository.SaveAsync(open, Ct);
        static BallotSupport SupportOf(int i) => (BallotSupport)(i % 3);
        var ballots = Enumerable.Range(0, members).Select(i => GovernanceSamples.Ballot(open, i, SupportOf(i))).ToList();

        await Task.WhenAll(ballots.Select(b => Task.Run(() => GovernanceSamples.CastAsync(repository, b, now, Ct))));

        var stored = (await new SqliteProposalRepository(database.Contexts).GetAsync(draft.Id, Ct))!;
        var weight = (Func<int, bool> which) => Enumerable.Range(0, members).Where(which).Sum(i => (long)(i + 1));
        Assert.Equal(members, stored.Votes.Count);
        Assert.Equal(members, stored.Votes.Select(v => v.Voter).Distinct().Count());
        Assert.Equal((long)members, await database.ScalarAsync($"SELECT count(*) FROM Votes WHERE ProposalId = '{draft.Id}'"));
        Assert.Equal(
            (weight(i => SupportOf(i) == BallotSupport.For), weight(i => SupportOf(i) == BallotSupport.Against), weight(i => SupportOf(i) == BallotSupport.Abstain)),
            GovernanceSamples.Weights(stored));
        Assert.Equal(members * (members + 1) / 2, stored.Snapshot!.TotalWeight);
        Assert.All(stored.Votes, v => Assert.NotNull(v.TransactionHash));
        Assert.All(stored.Votes, v => Assert.True(v.Verify(GovernanceSamples.Ballots, GovernanceSamples.Domain)));
        var audit = database.Services.GetRequiredService<IAuditLog>();
        Assert.Equal(members, (await audit.ListAsync(draft.Id.ToString(), Ct)).Count(e => e.Event.Action == "vote.cast"));
        Assert.True((await audit.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task CastVote_SameMemberEightTimesConcurrently_OneStoredOthersRejectedNamingTheVoter()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(5);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Membership(committee, "duplicate", now);
        await repository.AddAsync(draft, Ct);
        var open = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(open, committee, now);
        await repository.SaveAsync(open, Ct);
        var ballot = GovernanceSamples.Ballot(open, 4, BallotSupport.For);

        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => GovernanceSamples.CastAsync(repository, ballot, now, Ct))).ToList();
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
        var stored = (await repository.GetAsync(draft.Id, Ct))!;
        Assert.Equal([GovernanceSamples.Key(4).Address], stored.Votes.Select(v => v.Voter));
        Assert.Equal(5, GovernanceSamples.Weights(stored).For);
        Assert.Single(await database.Services.GetRequiredService<IAuditLog>().ListAsync(draft.Id.ToString(), Ct), e => e.Event.Action == "vote.cast");
    }

    [Fact]
    public async Task Get_RulesProposal_RoundTripsTheProposedRulesBoundsAndPayload()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var committee = GovernanceSamples.Committee(3);
        var draft = GovernanceSamples.RulesChange(committee, RiskGovernance.Contracts.Registry.RegistryDefaults.Bounds, "r1", database.Time.GetUtcNow());
        await database.Services.GetRequiredService<IProposalRepository>().AddAsync(draft, Ct);

        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        var loaded = (await restarted.GetRequiredService<IProposalRepository>().GetAsync(draft.Id, Ct))!;

        Assert.Equal(ProposalKind.Rules, loaded.Kind);
        Assert.Equal(draft.ProposedRules, loaded.ProposedRules);
        Assert.Equal(draft.ProposedBounds, loaded.ProposedBounds);
        Assert.Equal(draft.Payload(), loaded.Payload());
        Assert.Equal(["rules.quorumBps", "bounds.haircut.max"], loaded.Changes.Select(c => c.Field));
        Assert.Equal((draft.PayloadHash, draft.ParamsHash), (loaded.PayloadHash, loaded.ParamsHash));
    }

    [Fact]
    public async Task Get_RebasedDraft_RoundTripsWhereItWasRebasedFrom()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var from = Hash32.Keccak("the stale proposal");
        var draft = GovernanceSamples.Parameters(GovernanceSamples.Committee(3), "rebased", database.Time.GetUtcNow(), rebasedFrom: from);
        await database.Services.GetRequiredService<IProposalRepository>().AddAsync(draft, Ct);

        var loaded = (await new SqliteProposalRepository(database.Contexts).GetAsync(draft.Id, Ct))!;

        Assert.Equal(from, loaded.RebasedFrom);
        Assert.Equal([false, true], loaded.Changes.Select(c => c.Conflict));
    }

    /// <summary>Every step taken from the registry keeps its actor, time and transaction through the database.</summary>
    [Fact]
    public async Task Save_SyncedToExecuted_TimelineActorsTransactionsEtaAndVersionRoundTrip()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var repository = database.Services.GetRequiredService<IProposalRepository>();
        var committee = GovernanceSamples.Committee(4);
        var now = database.Time.GetUtcNow();
        var draft = GovernanceSamples.Parameters(committee, "executed", now);
        await repository.AddAsync(draft, Ct);
        var p = (await repository.GetAsync(draft.Id, Ct))!;
        GovernanceSamples.Open(p, committee, now);
        await repository.SaveAsync(p, Ct);
        p = (await repository.GetAsync(draft.Id, Ct))!;
        var registration = GovernanceSamples.Registration(p, now);
        var eta = now.AddDays(4);
        var (queueTx, executeTx) = (Hash32.Keccak("queue"), Hash32.Keccak("execute"));
        p.SyncWithChain(registration with { State = RegistryProposalState.Succeeded }, null, null, committee.Members[2].Address.ToString(), now.AddDays(3));
        p.SyncWithChain(registration with { State = RegistryProposalState.Queued, Eta = eta }, queueTx, null, committee.Members[3].Address.ToString(), now.AddDays(3));
        p.SyncWithChain(registration with { State = RegistryProposalState.Executed, Eta = eta, ExecutedVersion = 2 }, queueTx, executeTx, Proposal.ChainActor, eta);
        await repository.SaveAsync(p, Ct);

        await using var restarted = TestDatabase.Build(database.DataDirectory, database.Time);
        var loaded = (await restarted.GetRequiredService<IProposalRepository>().GetAsync(draft.Id, Ct))!;

        Assert.Equal(ProposalState.Executed, loaded.State);
        Assert.Equal(p.Timeline, loaded.Timeline);
        Assert.Equal(
            [committee.Members[1].Address.ToString(), committee.Members[1].Address.ToString(), committee.Members[2].Address.ToString(), committee.Members[3].Address.ToString(), "chain"],
            loaded.Timeline.Select(t => t.Actor));
        Assert.Equal((queueTx, executeTx, eta, 2L), (loaded.QueueTransactionHash!.Value, loaded.ExecuteTransactionHash!.Value, loaded.Eta!.Value, loaded.ExecutedVersion!.Value));
        var audit = await restarted.GetRequiredService<IAuditLog>().ListAsync(draft.Id.ToString(), Ct);
        Assert.Equal(
            [("proposal.succeeded", committee.Members[2].Address.ToString()), ("proposal.queued", committee.Members[3].Address.ToString()), ("proposal.executed", "chain")],
            audit.TakeLast(3).Select(e => (e.Event.Action, e.Event.Actor)));
    }
}
