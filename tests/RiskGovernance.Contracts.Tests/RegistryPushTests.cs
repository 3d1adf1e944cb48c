using System.Net;
using System.Net.Sockets;
using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Contracts.Push;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Testing;

namespace RiskGovernance.Contracts.Tests;

public sealed class RegistryPushTests : IClassFixture<AnvilFixture>, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly AnvilFixture _node;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"registry-push-{Guid.NewGuid():N}");

    public RegistryPushTests(AnvilFixture node) => _node = node;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Push_QueueThenExecuteWhenDue_CreatesOneVersion()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-normal");
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, Journal("a.json"));
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);

        var first = await push.PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var second = await push.PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.Queued, first.Outcome);
        Assert.NotNull(first.QueueTransaction);
        Assert.Null(first.ExecuteTransaction);
        Assert.Equal(PushOutcome.Executed, second.Outcome);
        Assert.Equal(new BigInteger(2), second.Version);
        Assert.Equal(first.QueueTransaction, second.QueueTransaction);
        Assert.Equal(set, await s.Registry.GetCurrentParametersAsync(Ct));
    }

    [Fact]
    public async Task PushMembership_QueueThenExecute_ChangesCommitteeWithoutNewVersion()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        IReadOnlyList<CommitteeMember> committee = [new(RegistryScenario.Key(7).Address, 3), new(RegistryScenario.Key(8).Address, 1)];
        var id = Hash32.Keccak("push-membership");
        var ballots = s.Sign(id, RiskParameterRegistryContract.MembershipHash(committee, 7_500), 4, 5);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, Journal("membership.json"));

        var queued = await push.PushMembershipAsync(id, committee, 7_500, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await push.PushMembershipAsync(id, committee, 7_500, ballots, Ct);

        Assert.Equal(PushOutcome.Queued, queued.Outcome);
        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(BigInteger.Zero, executed.Version);
        Assert.Equal(committee, await s.Registry.GetCommitteeAsync(Ct));
        Assert.Equal(7_500, await s.Registry.GetThresholdBpsAsync(Ct));
        Assert.Equal(BigInteger.One, await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Push_EndpointDown_ThrowsChainUnavailableAndJournalsNothing()
    {
        using var http = new HttpClient();
        var dead = RegistryScenario.CreateSender(http, new Uri($"http://127.0.0.1:{ClosedPort()}"), new NonceAllocator(), maxRetries: 0);
        var registry = new RiskParameterRegistryContract(dead, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        var journal = Journal("down.json");
        var push = new RegistryPush(registry, RegistryScenario.Operator, journal);
        var set = TestParameters.Revised();

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => push.PushAsync(Hash32.Keccak("down"), set, [], Ct));

        Assert.Contains("127.0.0.1", error.Endpoint, StringComparison.Ordinal);
        Assert.Equal(ChainUnavailableReason.ConnectionFailed, error.Reason);
        Assert.False(File.Exists(journal.Path));
    }

    [Fact]
    public async Task Push_SameProposalTwice_SecondReportsAlreadyExecutedWithoutNewVersionOrTransaction()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-twice");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var push = new RegistryPush(s.Registry, RegistryScenario.Operator, Journal("first.json"));
        await push.PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        await push.PushAsync(id, set, ballots, Ct);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator, Ct);

        // Another operator with an empty journal pushes the same ratified proposal again.
        var again = await new RegistryPush(s.Registry, RegistryScenario.Operator, Journal("second.json")).PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.AlreadyExecuted, again.Outcome);
        Assert.Equal(new BigInteger(2), again.Version);
        Assert.Null(again.QueueTransaction);
        Assert.Equal(new BigInteger(2), await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(nonceBefore, await s.NonceAsync(RegistryScenario.Operator, Ct));
    }

    [Fact]
    public async Task Push_CrashAfterQueueJournaledBeforeReceipt_ResumesWithoutSecondQueueTransaction()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-after");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = Journal("crash.json");
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.AfterBroadcast);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        var journaled = await journal.FindAsync(s.Registry.Address, id, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled!.Queue!.Status);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled.Queue.Hash, resumed.QueueTransaction);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator, Ct));
        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(s.Registry.Address, id, Ct))!.Queue!.Status);

        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var executed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(PushOutcome.Executed, executed.Outcome);
        Assert.Equal(nonceBefore + 2, await s.NonceAsync(RegistryScenario.Operator, Ct));
    }

    [Fact]
    public async Task Push_CrashAfterExecuteBroadcast_ResumeReportsExecutedWithoutSecondExecute()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-execute");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = Journal("crash-execute.json");
        await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);
        await _node.IncreaseTimeAsync(RegistryScenario.Delay, Ct);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator, Ct);

        await Assert.ThrowsAsync<SimulatedCrashException>(
            () => new RegistryPush(s.Crashing(_node, CrashPoint.AfterBroadcast), RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        var journaled = (await journal.FindAsync(s.Registry.Address, id, Ct))!.Execute!;
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(JournaledStatus.Signed, journaled.Status);
        Assert.Equal(PushOutcome.Executed, resumed.Outcome);
        Assert.Equal(journaled.Hash, resumed.ExecuteTransaction);
        Assert.Equal(new BigInteger(2), resumed.Version);
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator, Ct));
        Assert.Equal(new BigInteger(2), await s.Registry.GetCurrentVersionAsync(Ct));
    }

    [Fact]
    public async Task Push_CrashBeforeBroadcast_ResumeSendsTheJournaledTransactionItself()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-crash-before");
        var ballots = s.Sign(id, set.ParamsHash, 4, 5);
        var journal = Journal("crash-before.json");
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator, Ct);
        var crashing = s.Crashing(_node, CrashPoint.BeforeBroadcast);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => new RegistryPush(crashing, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct));
        var nonceAfterCrash = await s.NonceAsync(RegistryScenario.Operator, Ct);
        var journaled = await journal.FindAsync(s.Registry.Address, id, Ct);
        var resumed = await new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, ballots, Ct);

        Assert.Equal(nonceBefore, nonceAfterCrash);
        Assert.Equal(PushOutcome.Queued, resumed.Outcome);
        Assert.Equal(journaled!.Queue!.Hash, resumed.QueueTransaction);
        Assert.NotNull(await s.Rpc.GetTransactionReceiptAsync(journaled.Queue.Hash, Ct));
        Assert.Equal(nonceBefore + 1, await s.NonceAsync(RegistryScenario.Operator, Ct));
    }

    [Fact]
    public async Task Push_InvalidBallots_ThrowsDecodedErrorAndJournalsNothing()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var set = TestParameters.Revised();
        var id = Hash32.Keccak("push-invalid");
        var journal = Journal("invalid.json");

        var error = await Assert.ThrowsAsync<ContractRevertException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, journal).PushAsync(id, set, s.Sign(id, set.ParamsHash, 1), Ct));

        Assert.Equal("ThresholdNotMet", error.Reason.ErrorName);
        Assert.False(File.Exists(journal.Path));
    }

    [Fact]
    public async Task Push_ProposalIdQueuedForAnotherSet_RefusedWithoutSending()
    {
        using var s = await RegistryScenario.DeployAsync(_node, Ct);
        var queued = TestParameters.Revised();
        var id = Hash32.Keccak("push-mismatch");
        await s.Registry.QueueAsync(RegistryScenario.Operator, id, queued, s.Sign(id, queued.ParamsHash, 4, 5), Ct);
        var nonceBefore = await s.NonceAsync(RegistryScenario.Operator, Ct);
        var other = TestParameters.Example();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RegistryPush(s.Registry, RegistryScenario.Operator, Journal("mismatch.json")).PushAsync(id, other, s.Sign(id, other.ParamsHash, 4, 5), Ct));

        Assert.Contains(queued.ParamsHash.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(nonceBefore, await s.NonceAsync(RegistryScenario.Operator, Ct));
    }

    private JsonFilePushJournal Journal(string name) => new(Path.Combine(_directory, name));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
