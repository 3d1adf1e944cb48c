using System.Net;
using System.Net.Sockets;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Contracts.Tests.Support;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class RegistryPushTests : IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;

    public RegistryPushTests(AnvilFixture node) => _node = node;

    private static Address Operator => RegistryScenario.Operator.Address;

    [Fact]
    public async Task Push_QueueThenExecuteWhenDue_CreatesOneVersion()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-normal");
        var journal = new RecordingPushJournal();
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, journal);
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);

        var first = await push.PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var second = await push.PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.Queued, first.Outcome);
        Assert.Equal(RegistryProposalState.Queued, first.State);
        Assert.NotNull(first.QueueTransaction);
        Assert.Null(first.ExecuteTransaction);
        Assert.Equal((await s.Registry.GetProposalAsync(id, Ct)).Eta, first.Eta);
        Assert.Equal(PushOutcome.Executed, second.Outcome);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.QueueTransaction, second.QueueTransaction);
        Assert.NotNull(second.ExecuteTransaction);
        Assert.Equal(set, await s.Registry.GetCurrentParametersAsync(Ct));
        var record = (await journal.FindAsync(s.Registry.Address, id, Ct))!;
        Assert.Equal(JournaledStatus.Succeeded, record.Queue!.Status);
        Assert.Equal(JournaledStatus.Succeeded, record.Execute!.Status);
        Assert.Equal(second.ExecuteTransaction, record.Execute.Hash);
    }

    [Fact]
    public async Task PushMembership_QueueThenExecute_ChangesCommitteeWithoutNewVersion()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        IReadOnlyList<RegistryMember> committee = [new(RegistryScenario.Key(7).Address, 3), new(RegistryScenario.Key(8).Address, 1)];
        var id = Hash32.Keccak("push-membership");
        var ballots = s.Sign(id, BallotTypedData.MembershipHash([.. committee.Select(m => m.Member)], [.. committee.Select(m => m.Weight)], 7_500), 4, 5);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, new RecordingPushJournal());

        var queued = await push.PushMembershipAsync(id, committee, 7_500, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await push.PushMembershipAsync(id, committee, 7_500, ballots, Ct);

        Assert.Equal(PushOutcome.Queued, queued.Outcome);
        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(0, executed.Version);
        Assert.Equal(committee, await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(7_500, await s.Registry.GetThresholdBpsAsync(Ct));
        Assert.Equal(1, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task PushMembership_ThroughGateway_UsesTheDomainCommittee()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        IReadOnlyList<CommitteeMember> committee =
            [new(RegistryScenario.Key(7).Address, "Seven", 3, CommitteeRole.Guardian), new(RegistryScenario.Key(8).Address, "Eight", 1, CommitteeRole.Member)];
        var id = Hash32.Keccak("gateway-membership");
        var ballots = s.Sign(id, new Eip712BallotScheme().MembershipHash(committee, 7_500), 4, 5);
        var journal = new RecordingPushJournal();
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(RegistryScenario.Operator, RegistryScenario.Guardian), journal);

        var queued = await gateway.PushMembershipAsync(id, committee, 7_500, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await gateway.PushMembershipAsync(id, committee, 7_500, ballots, Ct);

        Assert.Equal(PushOutcome.Queued, queued.Outcome);
        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal([.. committee.Select(m => new RegistryMember(m.Address, m.Weight))], await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(executed.ExecuteTransaction, (await gateway.FindPushAsync(id, Ct))!.Execute!.Hash);
        Assert.Equal(RegistryProposalState.Executed, (await gateway.GetProposalAsync(id, Ct)).State);
    }

    [Fact]
    public async Task Veto_ThroughGatewayWithGuardianKey_VetoesAndReturnsTheTransaction()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("gateway-veto");
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(RegistryScenario.Operator, RegistryScenario.Guardian), new RecordingPushJournal());
        await gateway.PushParametersAsync(id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct);

        var hash = await gateway.VetoAsync(id, Ct);

        Assert.True((await s.Chain.GetReceiptAsync(hash, Ct))!.Succeeded);
        Assert.Equal(RegistryProposalState.Vetoed, (await gateway.GetProposalAsync(id, Ct)).State);
        Assert.Equal(PushOutcome.Vetoed, (await gateway.PushParametersAsync(id, set, s.Sign(id, set.ParamsHash, 4, 5), Ct)).Outcome);
    }

    [Fact]
    public async Task Veto_GatewayWithoutGuardianKey_RefusedWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var gateway = new RegistryGateway(s.Registry, new RegistrySigners(RegistryScenario.Operator, Guardian: null), new RecordingPushJournal());
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.VetoAsync(Hash32.Keccak("no-guardian"), Ct));

        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_EndpointDown_ThrowsChainUnavailableAndJournalsNothing()
    {
        using var dead = new ChainClient(RegistryScenario.Options(new Uri($"http://127.0.0.1:{ClosedPort()}"), maxRetries: 0));
        var registry = new RiskParameterRegistryService(new TransactionSender(dead), Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        var journal = new RecordingPushJournal();
        var push = new RegistryPush(registry, RegistryScenario.Operator, journal);
        var set = TestParameters.Revised();

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => push.PushAsync(Hash32.Keccak("down"), set, [], Ct));

        Assert.Contains("127.0.0.1", error.Endpoint, StringComparison.Ordinal);
        Assert.Equal(ChainUnavailableReason.ConnectionFailed, error.Reason);
        Assert.Equal(0, journal.Saves);
    }

    [Fact]
    public async Task Push_SameProposalTwice_SecondReportsAlreadyExecutedWithoutNewVersionOrTransaction()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-twice");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, new RecordingPushJournal());
        await push.PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        await push.PushAsync(id, set, ballots, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        // Another operator with an empty journal pushes the same ratified proposal again.
        var secondJournal = new RecordingPushJournal();
        var again = await new RegistryPush(s.Registry, RegistryScenario.Operator, secondJournal).PushAsync(id, set, ballots, Ct);

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
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-after");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = new RecordingPushJournal();
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.AfterBroadcast);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = await journal.FindAsync(s.Registry.Address, id, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled!.Queue!.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled.Queue.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(s.Registry.Address, id, Ct))!.Queue!.Status);

        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(journaled.Queue.Hash, executed.QueueTransaction);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_CrashAfterExecuteBroadcast_ResumeReportsExecutedWithoutSecondExecute()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-execute");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = new RecordingPushJournal();
        await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);

        var crash = await Assert.ThrowsAnyAsync<Exception>(
            () => new RegistryPush(s.Crashing(_node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var journaled = (await journal.FindAsync(s.Registry.Address, id, Ct))!.Execute!;
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(PushOutcome.Executed, resumed.Outcome);
        Assert.Equal(journaled.Hash, resumed.ExecuteTransaction);
        Assert.Equal(2, resumed.Version);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(s.Registry.Address, id, Ct))!.Execute!.Status);
    }

    [Fact]
    public async Task Push_CrashBeforeBroadcast_ResumeSendsTheJournaledTransactionItself()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-before");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = new RecordingPushJournal();
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.BeforeBroadcast);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        Assert.True(SimulatedCrashException.IsIn(crash), $"expected the simulated crash, got {crash}");
        var nonceAfterCrash = await s.NonceAsync(Operator, Ct);
        var journaled = await journal.FindAsync(s.Registry.Address, id, Ct);
        var knownAfterCrash = await s.Chain.IsKnownTransactionAsync(journaled!.Queue!.Hash, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(nonceBefore, nonceAfterCrash);
        Assert.False(knownAfterCrash);
        Assert.Equal(JournaledStatus.Signed, journaled.Queue.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled.Queue.Hash, resumed.QueueTransaction);
        Assert.True((await s.Chain.GetReceiptAsync(journaled.Queue.Hash, Ct))!.Succeeded);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(Operator, Ct));
    }

    [Fact]
    public async Task Push_InvalidBallots_ThrowsDecodedErrorAndJournalsNothing()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-invalid");
        var journal = new RecordingPushJournal();

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, s.Sign(id, set.ParamsHash, 1), Ct));

        Assert.Equal("ThresholdNotMet", error.ErrorName);
        Assert.Equal(["1", "4"], error.Arguments);
        Assert.Equal(0, journal.Saves);
        Assert.Null(await journal.FindAsync(s.Registry.Address, id, Ct));
    }

    [Fact]
    public async Task Push_ProposalIdQueuedForAnotherSet_RefusedWithoutSending()
    {
        var s = await RegistryScenario.DeployAsync(_node, Ct);
        var queued = TestParameters.Revised();
        var id = Hash32.Keccak("push-mismatch");
        await s.Registry.QueueAsync(RegistryScenario.Operator, id, queued, s.SignBytes(id, queued.ParamsHash, 4, 5), Ct);
        var nonceBefore = await s.NonceAsync(Operator, Ct);
        var other = TestParameters.Example();
        var journal = new RecordingPushJournal();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, other, s.Sign(id, other.ParamsHash, 4, 5), Ct));

        Assert.Contains(queued.ParamsHash.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(Operator, Ct));
        Assert.Equal(0, journal.Saves);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
