using System.Net;
using System.Net.Sockets;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

/// <summary>
/// <see cref="RegistryPush"/> on anvil: queue after a passed vote, execute with the payload once the
/// timelock has elapsed, journaled before every broadcast so that a push resumed after a crash never
/// sends a second queue or execute.
/// </summary>
public sealed class RegistryPushTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryPushTests(AnvilFixture node) => _node = node;

    private static Address Operator => RegistryScenario.Operator.Address;

    [Fact]
    public async Task Push_PassedProposal_QueuedThenExecutedWhenDue_OneVersion()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, journal);

        var first = await push.PushAsync(p.Id, payload, Ct);
        var early = await push.PushAsync(p.Id, payload, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var second = await push.PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Queued, first.Outcome);
        Assert.Equal(p.Id, first.ProposalId);
        Assert.NotNull(first.QueueTransaction);
        Assert.Null(first.ExecuteTransaction);
        Assert.Equal((await s.Registry.GetProposalAsync(p.Id, Ct)).Eta, first.Eta);
        Assert.Equal(first, early);
        Assert.Equal(PushOutcome.Executed, second.Outcome);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.QueueTransaction, second.QueueTransaction);
        Assert.NotNull(second.ExecuteTransaction);
        Assert.Equal(payload.Set, await s.Registry.GetCurrentParametersAsync(Ct));
        var record = (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!;
        Assert.Equal(JournaledStatus.Succeeded, record.Queue!.Status);
        Assert.Equal(JournaledStatus.Succeeded, record.Execute!.Status);
        Assert.Equal(second.ExecuteTransaction, record.Execute.Hash);
        Assert.Equal(4, journal.Saves);
    }

    [Fact]
    public async Task Push_MembershipProposal_ChangesCommitteeWithoutNewVersion()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new MembershipPayload([new(RegistryScenario.Key(7).Address, 3), new(RegistryScenario.Key(8).Address, 1)], RegistryScenario.Key(8).Address);
        var p = await PassAsync(s, payload, 1, 2, 3, 4, 5);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, new RecordingPushJournal());

        var queued = await push.PushAsync(p.Id, payload, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var executed = await push.PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Queued, queued.Outcome);
        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(0, executed.Version);
        var committee = await s.Registry.GetCommitteeAsync(null, Ct);
        Assert.Equal(payload.Members, committee.Members);
        Assert.Equal(RegistryScenario.Key(8).Address, committee.Guardian);
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Push_SameProposalTwice_SecondReportsAlreadyExecutedWithoutNewVersionOrTransaction()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, new RecordingPushJournal());
        await push.PushAsync(p.Id, payload, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        await push.PushAsync(p.Id, payload, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        // Another operator with an empty journal pushes the same ratified proposal again.
        var secondJournal = new RecordingPushJournal();
        var again = await new RegistryPush(s.Registry, RegistryScenario.Operator, secondJournal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.AlreadyExecuted, again.Outcome);
        Assert.Equal(2, again.Version);
        Assert.Null(again.QueueTransaction);
        Assert.Null(again.ExecuteTransaction);
        Assert.Equal(0, secondJournal.Saves);
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_CrashAfterQueueJournaledBeforeReceipt_ResumesWithoutSecondQueueTransaction()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.AfterBroadcast);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = await journal.FindAsync(s.Registry.Address, p.Id, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled!.Queue!.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled.Queue.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Queue!.Status);

        await s.ReachEtaAsync(_node, p.Id, Ct);
        var executed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(journaled.Queue.Hash, executed.QueueTransaction);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_CrashAfterExecuteBroadcast_ResumeReportsExecutedWithoutSecondExecute()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(_node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Execute!;
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(PushOutcome.Executed, resumed.Outcome);
        Assert.Equal(journaled.Hash, resumed.ExecuteTransaction);
        Assert.Equal(2, resumed.Version);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Execute!.Status);
    }

    [Fact]
    public async Task Push_CrashBeforeBroadcast_ResumeSendsTheJournaledTransactionItself()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.BeforeBroadcast);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var nonceAfterCrash = await s.NonceAsync(Operator, Ct);
        var journaled = await journal.FindAsync(s.Registry.Address, p.Id, Ct);
        var knownAfterCrash = await s.Chain.IsKnownTransactionAsync(journaled!.Queue!.Hash, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(nonceBefore, nonceAfterCrash);
        Assert.False(knownAfterCrash);
        Assert.Equal(JournaledStatus.Signed, journaled.Queue.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled.Queue.Hash, resumed.QueueTransaction);
        Assert.True((await s.Chain.GetReceiptAsync(journaled.Queue.Hash, Ct))!.Succeeded);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
    }

    /// <summary>Someone else queued the proposal while the journaled queue was never broadcast: the journal marks it failed and nothing is sent.</summary>
    [Fact]
    public async Task Push_CrashBeforeBroadcastThenQueuedByAnother_JournaledQueueMarkedFailedAndNotSent()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(_node, CrashPoint.BeforeBroadcast), RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));
        var lost = (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Queue!;
        await s.Registry.QueueAsync(RegistryScenario.Key(7), p.Id, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(JournaledStatus.Failed, (await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Queue!.Status);
        Assert.False(await s.Chain.IsKnownTransactionAsync(lost.Hash, Ct));
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_TallyFailed_ThrowsDecodedErrorAndJournalsNothing()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload, 1);
        var journal = new RecordingPushJournal();
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));

        Assert.Equal("QuorumNotReached", error.ErrorName);
        Assert.Equal([p.Id.ToString(), "1", "4"], error.Arguments);
        Assert.Equal(0, journal.Saves);
        Assert.Null(await journal.FindAsync(s.Registry.Address, p.Id, Ct));
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_BeforeVotingEnds_VotingNotEndedAndJournalsNothing()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, 1, 2, 3, 4, 5);
        var journal = new RecordingPushJournal();

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, payload, Ct));

        Assert.Equal("VotingNotEnded", error.ErrorName);
        Assert.Equal(0, journal.Saves);
        Assert.Equal(RegistryProposalState.Active, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Push_OtherPayloadThanRegistered_RefusedWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var registered = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, registered);
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var journal = new RecordingPushJournal();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(p.Id, new ParametersPayload(TestParameters.Example()), Ct));

        Assert.Contains(p.PayloadHash.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
        Assert.Equal(0, journal.Saves);
        Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
    }

    [Fact]
    public async Task Push_UnregisteredProposal_RefusedWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var journal = new RecordingPushJournal();
        var id = Hash32.Keccak("never proposed");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, new ParametersPayload(TestParameters.Revised()), Ct));

        Assert.Contains("not registered", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, journal.Saves);
    }

    [Fact]
    public async Task Push_VetoedAfterQueue_ReportsVetoedWithoutExecuting()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(RegistryScenario.Operator, RegistryScenario.Guardian), journal);
        await gateway.PushAsync(p.Id, payload, Ct);

        var hash = await gateway.VetoAsync(p.Id, Ct);
        await s.ReachEtaAsync(_node, p.Id, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var after = await gateway.PushAsync(p.Id, payload, Ct);

        Assert.True((await s.Chain.GetReceiptAsync(hash, Ct))!.Succeeded);
        Assert.Equal(RegistryProposalState.Vetoed, (await gateway.GetProposalAsync(p.Id, Ct)).State);
        Assert.Equal(PushOutcome.Vetoed, after.Outcome);
        Assert.Null((await gateway.FindPushAsync(p.Id, Ct))!.Execute);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Push_CanceledAfterQueue_ReportsCanceled()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, new RecordingPushJournal());
        await push.PushAsync(p.Id, payload, Ct);
        await s.Registry.CancelAsync(RegistryScenario.Guardian, p.Id, Ct);

        var after = await push.PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Canceled, after.Outcome);
    }

    [Fact]
    public async Task Push_QueuedButGraceRanOut_ReportsExpired()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var payload = new ParametersPayload(TestParameters.Revised());
        var p = await PassAsync(s, payload);
        var journal = new RecordingPushJournal();
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, journal);
        await push.PushAsync(p.Id, payload, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay + RegistryScenario.Grace + TimeSpan.FromSeconds(1), Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var after = await push.PushAsync(p.Id, payload, Ct);

        Assert.Equal(PushOutcome.Expired, after.Outcome);
        Assert.Null((await journal.FindAsync(s.Registry.Address, p.Id, Ct))!.Execute);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Veto_GatewayWithoutGuardianKey_RefusedWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(RegistryScenario.Operator, Guardian: null), new RecordingPushJournal());
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.VetoAsync(Hash32.Keccak("no-guardian"), Ct));

        Assert.Contains("no guardian key", error.Message, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_EndpointDown_ThrowsChainUnavailableAndJournalsNothing()
    {
        using var dead = new ChainClient(RegistryScenario.Options(new Uri($"http://127.0.0.1:{ClosedPort()}"), maxRetries: 0));
        var registry = new RiskParameterRegistryService(new TransactionSender(dead), Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        var journal = new RecordingPushJournal();
        var push = new RegistryPush(registry, RegistryScenario.Operator, journal);

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(
            () => push.PushAsync(Hash32.Keccak("down"), new ParametersPayload(TestParameters.Revised()), Ct));

        Assert.Contains("127.0.0.1", error.Endpoint, StringComparison.Ordinal);
        Assert.Equal(ChainUnavailableReason.ConnectionFailed, error.Reason);
        Assert.Equal(0, journal.Saves);
    }

    /// <summary>Proposes <paramref name="payload"/>, has <paramref name="accounts"/> (default 4 and 5: weight 4 of 7) vote For, and ends the vote.</summary>
    private async Task<ProposalIdentity> PassAsync(RegistryScenario s, ProposalPayload payload, params int[] accounts)
    {
        var p = await s.ProposeAsync(payload, Ct);
        await s.VoteAsync(p, BallotSupport.For, Ct, accounts.Length == 0 ? [4, 5] : accounts);
        await s.EndVotingAsync(_node, p.Id, Ct);
        return p;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
