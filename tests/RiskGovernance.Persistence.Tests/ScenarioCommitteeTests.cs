using RiskGovernance.Governance;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The service over a real SQLite file and a registry on a real anvil node, with
/// <see cref="RegistryScenario"/>'s committee: weights 1, 1, 1, 2, 2 (total 7), quorum 50 % (4 weight
/// For or Abstain), supermajority 66.67 %, voting 1 hour, timelock 1 hour. After the voting end the
/// portal says Succeeded exactly when the registry accepts the queue.
/// </summary>
public sealed class ScenarioCommitteeTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Task<GovernanceStack> CreateAsync(TemporaryDirectory directory, AnvilFixture node)
        => GovernanceStack.CreateAsync(directory, node, GovernanceStack.ScenarioCommittee, rules: RegistryScenario.Rules);

    /// <summary>
    /// The README's path on this committee: members 1 (weight 1) and 4 (weight 2) For, member 2 Against:
    /// For 3 does not pass yet (quorum 4); member 5 (weight 2) For makes it For 5 of 7. After the end the
    /// portal says Succeeded, the registry accepts the queue, the set executes as version 2, and every
    /// step names its actor in the timeline and the audit log.
    /// </summary>
    [Fact]
    public async Task ForFiveOfSeven_SucceededQueuedAndExecuted_VersionIncrementsAndEveryActorRecorded()
    {
        await using var s = await CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)), author: 0);
        await s.VoteAsync(open, BallotSupport.For, 0, 3);
        await s.VoteAsync(open, BallotSupport.Against, 1);

        var before = await s.Gateway.GetTallyAsync(open.Id, Ct);
        await s.VoteAsync(open, BallotSupport.For, 4);
        var after = await s.Gateway.GetTallyAsync(open.Id, Ct);

        Assert.Equal((3L, 1L, 7L, 4L, false, false), (before.For, before.Against, before.TotalWeight, before.QuorumWeight, before.QuorumReached, before.Passes));
        Assert.Equal("passes on chain: no: needs 1 more weight For", before.Verdict);
        Assert.Equal((5L, 1L, true, true), (after.For, after.Against, after.QuorumReached, after.Passes));
        Assert.Equal("passes on chain: yes", after.Verdict);
        Assert.Equal((5L, 1L, 0L), GovernanceSamples.Weights(await s.GetAsync(open.Id)));

        await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.FinalizeAsync(open.Id, s[1].Address, Ct)); // voting still open
        await s.EndVotingAsync(open.Id);
        var finalized = await s.Service.FinalizeAsync(open.Id, s[1].Address, Ct);
        Assert.Equal(ProposalState.Succeeded, finalized.State);
        Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);

        var queued = await s.Service.QueueAsync(open.Id, s[2].Address, Ct);
        Assert.Equal(ProposalState.Queued, queued.State);
        Assert.Equal((RegistryProposalState.Queued, queued.Eta), ((await s.Registry.GetProposalAsync(open.Id, Ct)).State, (await s.Registry.GetProposalAsync(open.Id, Ct)).Eta));
        await s.ReachEtaAsync(open.Id);
        var executed = await s.Service.ExecuteAsync(open.Id, s[3].Address, Ct);

        Assert.Equal((ProposalState.Executed, 2L), (executed.State, executed.ExecutedVersion!.Value));
        Assert.Equal(2, await s.Registry.GetCurrentVersionAsync(Ct));
        Assert.Equal(open.ParamsHash, await s.Registry.GetParamsHashAsync(2, Ct));
        Assert.Equal(RegistryProposalState.Executed, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        var (member1, member2, member3, member4) = (s[0].Address.ToString(), s[1].Address.ToString(), s[2].Address.ToString(), s[3].Address.ToString());
        Assert.Equal(
            [("finalize", member2), ("queue", member3), ("execute", member4)],
            executed.Timeline.TakeLast(3).Select(t => (t.Action, t.Actor)));
        var audit = await s.AuditOfAsync(open.Id);
        Assert.Equal(
            [("proposal.succeeded", member2), ("proposal.queued", member3), ("proposal.executed", member4)],
            audit.TakeLast(3));
        Assert.Equal(("proposal.created", member1), audit[0]);
        Assert.DoesNotContain(audit, e => e.Actor == "system");
    }

    /// <summary>
    /// One letter per member (weights 1, 1, 1, 2, 2): F For, A Against, S abstain, - no vote. The
    /// portal's state after the voting end, the chain's state, and whether the registry accepts the
    /// queue all agree.
    /// </summary>
    public static TheoryData<double, string, ProposalState, string?> Outcomes() => new()
    {
        { 0.18, "AA-FF", ProposalState.Succeeded, null },                       // For 4 of 7 reaches quorum, above Against 2
        { 0.18, "SS-F-", ProposalState.Succeeded, null },                       // For 2 + Abstain 2 = quorum; For above Against 0
        { 0.18, "FFF--", ProposalState.Defeated, "QuorumNotReached" },          // For 3 < quorum 4
        { 0.18, "FFAA-", ProposalState.Defeated, "QuorumNotReached" },          // Against does not count toward quorum: 2 < 4
        { 0.18, "FF-AS", ProposalState.Defeated, "MajorityNotReached" },        // For 2 + Abstain 2 = quorum, but For 2 = Against 2
        { 0.30, "AAFFF", ProposalState.Succeeded, null },                       // beyond the step bound: For 5 of For + Against 7 = 71 % >= 66.67 %
        { 0.30, "AAAFF", ProposalState.Defeated, "SupermajorityNotReached" },  // beyond the step bound: 4 of 7 = 57 % (a simple majority would pass)
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task AfterTheVotingEnd_SucceededExactlyWhenTheRegistryAcceptsTheQueue(double btcScanRange, string votes, ProposalState expected, string? refusal)
    {
        await using var s = await CreateAsync(directory, node);
        var open = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", btcScanRange)));
        Assert.Equal(btcScanRange > 0.225, open.RequiresSupermajority);
        for (var m = 0; m < votes.Length; m++)
        {
            if (votes[m] != '-')
            {
                await s.VoteAsync(open, votes[m] switch { 'F' => BallotSupport.For, 'A' => BallotSupport.Against, _ => BallotSupport.Abstain }, m);
            }
        }

        var tally = await s.Gateway.GetTallyAsync(open.Id, Ct);
        await s.EndVotingAsync(open.Id);
        var finalized = await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);

        Assert.Equal(expected, finalized.State);
        Assert.Equal(expected == ProposalState.Succeeded, tally.Passes);
        Assert.Equal(("finalize", s[0].Address.ToString()), (finalized.Timeline[^1].Action, finalized.Timeline[^1].Actor));
        var nonce = await s.NonceAsync(GovernanceStack.Relayer.Address);
        if (expected == ProposalState.Succeeded)
        {
            Assert.Equal(RegistryProposalState.Succeeded, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
            Assert.Equal(ProposalState.Queued, (await s.Service.QueueAsync(open.Id, s[1].Address, Ct)).State);
            Assert.Equal(RegistryProposalState.Queued, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        }
        else
        {
            Assert.Equal(RegistryProposalState.Defeated, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
            await Assert.ThrowsAsync<IllegalTransitionException>(() => s.Service.QueueAsync(open.Id, s[1].Address, Ct));
            var refused = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Gateway.PushAsync(open.Id, open.Payload(), Ct));
            Assert.Equal(refusal, refused.ErrorName);
            Assert.Equal(nonce, await s.NonceAsync(GovernanceStack.Relayer.Address));
            Assert.Equal(RegistryProposalState.Defeated, (await s.Registry.GetProposalAsync(open.Id, Ct)).State);
        }
    }
}
