using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Testing;
using RegistryState = RiskGovernance.Governance.Ports.RegistryProposalState;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

/// <summary>
/// The service against a real registry on anvil: the ballots that pass <see cref="Proposal.CastVote"/>
/// are the ones the contract accepts in queue. Committee: development keys 1..4 with weights
/// 1, 2, 3, 4 both here and on chain (threshold 50%); guardian on chain: key 9; sender: key 0.
/// </summary>
public sealed class GovernanceChainTests : IClassFixture<AnvilFixture>, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Delay = TimeSpan.FromHours(1);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(1);
    private readonly AnvilFixture _node;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"governance-chain-{Guid.NewGuid():N}");

    public GovernanceChainTests(AnvilFixture node) => _node = node;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed record Setup(GovernanceService Service, RiskParameterRegistryService Registry, RegistryGateway Gateway, ManualTimeProvider Time, InMemoryProposalRepository Proposals, InMemoryCommitteeStore Committee);

    private async Task<Setup> DeployAsync()
    {
        var committee = new CommitteeSnapshot([.. new long[] { 1, 2, 3, 4 }.Select((w, i) =>
            new CommitteeMember(Samples.Member(i + 1), $"member {i + 1}", w, i == 0 ? CommitteeRole.Guardian : CommitteeRole.Member))]);
        var genesis = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(Samples.ParamsJson()));
        var configuration = new RegistryConfiguration(
            [.. committee.Members.Select(m => new RegistryMember(m.Address, m.Weight))], 5_000, Delay, Grace, DevelopmentKeys.Key(9).Address, genesis);
        var registry = await RiskParameterRegistryService.DeployAsync(_node.CreateSender(), DevelopmentKeys.Key(0), configuration, Ct);
        var gateway = new RegistryGateway(registry, new RegistrySigners(DevelopmentKeys.Key(0), DevelopmentKeys.Key(9)), new InMemoryPushJournal());
        var latest = await registry.Chain.GetLatestBlockAsync(Ct);
        var time = new ManualTimeProvider(latest.Timestamp);
        var audit = new InMemoryAuditLog();
        var proposals = new InMemoryProposalRepository(audit);
        var store = new InMemoryCommitteeStore(committee, Samples.Ratified());
        var options = new GovernanceRulesOptions
        {
            ChainId = DevelopmentKeys.LocalChainId,
            RegistryAddress = registry.Address.ToString(),
            TimelockDelay = Delay,
            GracePeriod = Grace,
            MaxTotalImGrowth = 10,
        };
        return new Setup(new GovernanceService(proposals, store, gateway, Samples.Ballots, time, options, new ParameterBoundsOptions()), registry, gateway, time, proposals, store);
    }

    private static SignedBallot Ballot(GovernanceService service, Proposal p, int key, BallotSupport support)
        => new(p.Id, p.ParamsHash, support, Samples.Member(key),
            new BallotTypedData(service.BallotDomain, new Ballot(p.Id, p.ParamsHash, support)).Sign(DevelopmentKeys.Key(key)).ToString(), null);

    private static async Task<Proposal> SucceededAsync(Setup s)
    {
        var p = await s.Service.DraftParametersAsync(
            new DraftParametersCommand("Raise BTC scan range", "Volatility rose.", Samples.Member(2), Samples.ParamsWithBtcScanRange(0.18)), Ct);
        await s.Service.AttachSimulationAsync(p.Id, Samples.Member(2), Samples.Market(), Samples.Book(), Ct);
        await s.Service.OpenAsync(p.Id, Samples.Member(2), Ct);
        await s.Service.CastVoteAsync(Ballot(s.Service, p, 3, BallotSupport.For), Ct);
        await s.Service.CastVoteAsync(Ballot(s.Service, p, 4, BallotSupport.For), Ct);
        await s.Service.CastVoteAsync(Ballot(s.Service, p, 2, BallotSupport.Against), Ct);
        s.Time.Advance(TimeSpan.FromDays(3));
        var done = await s.Service.FinalizeAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Succeeded, done.State);
        return done;
    }

    [Fact]
    public async Task QueueAndExecute_RealRegistry_AcceptsBallotsAndRatifiesNewVersion()
    {
        var s = await DeployAsync();
        var p = await SucceededAsync(s);

        var queued = await s.Service.QueueAsync(p.Id, Ct);
        Assert.Equal(ProposalState.Queued, queued.State);
        var info = await s.Registry.GetProposalAsync(p.Id, Ct);
        Assert.Equal(RegistryState.Queued, info.State);
        Assert.Equal(p.ParamsHash, info.ParamsHash);
        Assert.Equal(info.Eta, queued.Eta);

        await _node.IncreaseTimeAsync(Delay, Ct);
        s.Time.Set(queued.Eta!.Value);
        var executed = await s.Service.ExecuteAsync(p.Id, Ct);

        Assert.Equal(ProposalState.Executed, executed.State);
        Assert.Equal(2, executed.ExecutedVersion);
        Assert.Equal(2, (long)await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(p.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Empty(OnChainParameterCodec.Compare(ParameterSetJson.Read(p.ParamsJson!), await s.Registry.GetCurrentParametersAsync(Ct)));
        var journal = await s.Gateway.FindPushAsync(p.Id, Ct);
        Assert.Equal(journal!.Queue!.Hash, executed.QueueTransactionHash);
        Assert.Equal(journal.Execute!.Hash, executed.ExecuteTransactionHash);
        Assert.Equal(2, s.Committee.Ratified!.Version);
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
    }

    [Fact]
    public async Task Reconcile_QueuedOnChainBeforeCrash_RecordsQueueTransactionFromJournal()
    {
        var s = await DeployAsync();
        var p = await SucceededAsync(s);
        // The push reached the chain but the process died before the proposal was saved.
        var forSignatures = p.Votes.Where(v => v.Support == BallotSupport.For).Select(v => v.SignatureValue()).ToList();
        var pushed = await s.Gateway.PushParametersAsync(p.Id, OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(p.ParamsJson!)), forSignatures, Ct);
        Assert.Equal(PushOutcome.Queued, pushed.Outcome);

        var changed = await s.Service.ReconcileAsync(Ct);

        Assert.Equal(ProposalState.Queued, Assert.Single(changed).To);
        var stored = (await s.Proposals.GetAsync(p.Id, Ct))!;
        Assert.Equal(pushed.QueueTransaction, stored.QueueTransactionHash);
        Assert.Equal(pushed.Eta, stored.Eta);
    }

    /// <summary>
    /// The guardian's veto of a queued proposal, sent by the real gateway to the real registry: the
    /// veto transaction is mined, succeeded and was sent by the registry's guardian key; the registry
    /// and the local proposal both say Vetoed; past the timelock the registry refuses to execute it
    /// and still holds version 1, and the service refuses too.
    /// </summary>
    [Fact]
    public async Task Veto_GuardianWhileQueued_VetoedOnTheRealRegistryAndLocallyAndNeverExecuted()
    {
        var s = await DeployAsync();
        var p = await SucceededAsync(s);
        await s.Service.QueueAsync(p.Id, Ct);
        Assert.Equal(RegistryState.Queued, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);

        var vetoed = await s.Service.VetoAsync(p.Id, Samples.Member(1), Ct);

        Assert.Equal(ProposalState.Vetoed, vetoed.State);
        Assert.Equal(ProposalState.Vetoed, (await s.Proposals.GetAsync(p.Id, Ct))!.State);
        Assert.Equal(RegistryState.Vetoed, (await s.Registry.GetProposalAsync(p.Id, Ct)).State);
        var receipt = await s.Registry.Chain.GetReceiptAsync(vetoed.Timeline[^1].TransactionHash!.Value, Ct);
        Assert.NotNull(receipt);
        Assert.True(receipt.Succeeded);
        Assert.Equal(await s.Registry.GetGuardianAsync(Ct), receipt.From);
        Assert.Equal(DevelopmentKeys.Key(9).Address, receipt.From);

        await _node.IncreaseTimeAsync(Delay + TimeSpan.FromMinutes(1), Ct);
        s.Time.Advance(Delay + TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<ContractRevertException>(() => s.Registry.ExecuteAsync(DevelopmentKeys.Key(0), p.Id, Ct));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.ExecuteAsync(p.Id, Ct));
        Assert.Equal(1, (long)await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Empty(await s.Service.ReconcileAsync(Ct));
    }
}
