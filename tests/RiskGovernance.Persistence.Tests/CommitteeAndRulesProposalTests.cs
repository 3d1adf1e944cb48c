using RiskGovernance.Chain;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Testing;

namespace RiskGovernance.Persistence.Tests;

/// <summary>
/// The committee and the rules are registry state that only a governance proposal changes: once
/// executed, the portal reads the new committee and rules from the chain and the next proposal is
/// registered and decided under them.
/// </summary>
public sealed class CommitteeAndRulesProposalTests(TemporaryDirectory directory, AnvilFixture node) : IClassFixture<TemporaryDirectory>, IClassFixture<AnvilFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Ada, Ben, Cy and Dana For (9 of 10): the supermajority a committee or rules change needs.</summary>
    private static async Task ExecuteAsync(GovernanceStack s, Proposal draft)
    {
        var open = await s.Service.OpenAsync(draft.Id, draft.Author, Ct);
        Assert.True(open.RequiresSupermajority);
        await s.VoteAsync(open, BallotSupport.For, 0, 1, 2, 3);
        await s.EndVotingAsync(open.Id);
        Assert.Equal(ProposalState.Succeeded, (await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct)).State);
        await s.Service.QueueAsync(open.Id, s[0].Address, Ct);
        await s.ReachEtaAsync(open.Id);
        Assert.Equal(ProposalState.Executed, (await s.Service.ExecuteAsync(open.Id, s[0].Address, Ct)).State);
    }

    [Fact]
    public async Task Membership_Executed_CommitteeReadFromTheChainChangesAndARemovedMemberCanNoLongerVote()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var fay = DevelopmentKeys.Key(6).Address;
        IReadOnlyList<CommitteeMember> members =
        [
            new(s[0].Address, "Ada Lovelace", 3, CommitteeRole.Member),
            new(s[1].Address, "Ben", 2, CommitteeRole.Member),
            new(s[3].Address, "Dana", 2, CommitteeRole.Member),
            new(fay, "Fay", 2, CommitteeRole.Guardian),
        ];
        var twoGuardians = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftMembershipAsync(
            new DraftMembershipCommand("Two guardians", "No.", s[0].Address, [.. members, new CommitteeMember(s[2].Address, "Cy", 2, CommitteeRole.Guardian)]), Ct));
        Assert.Equal("membership.members", twoGuardians.Errors.Single().Field);
        var draft = await s.Service.DraftMembershipAsync(new DraftMembershipCommand("Rotate", "Cy and Eve leave; Fay guards.", s[0].Address, members), Ct);
        var before = await s.Service.GetCommitteeAsync(Ct);
        var open = await s.Service.OpenAsync(draft.Id, s[0].Address, Ct);
        await s.VoteAsync(open, BallotSupport.For, 0, 1, 2, 3);
        await s.EndVotingAsync(open.Id);
        await s.Service.FinalizeAsync(open.Id, s[0].Address, Ct);
        await s.Service.QueueAsync(open.Id, s[0].Address, Ct);
        var old = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.18)), title: "opened under epoch 1");
        await s.ReachEtaAsync(open.Id);
        Assert.Equal(ProposalState.Executed, (await s.Service.ExecuteAsync(open.Id, s[0].Address, Ct)).State);

        var chain = await s.Gateway.GetCommitteeAsync(null, Ct);
        Assert.Equal((2L, fay), (chain.Epoch, chain.Guardian));
        Assert.Equal(members.Select(m => new WeightedMember(m.Address, m.Weight)), chain.Members);
        var committee = await s.Service.GetCommitteeAsync(Ct);
        Assert.Equal(members, committee.Members);
        Assert.Equal(5, before.Members.Count);
        Assert.Equal(members, (await s.Roster.GetCommitteeAsync(Ct)).Members);

        // A proposal registered under epoch 2: Cy is not in it, on the portal or on chain.
        var next = await s.OpenAsync(GovernanceStack.Params(("assets.ETH.haircut", 0.12)), title: "opened under epoch 2");
        Assert.Equal(2, next.Epoch);
        Assert.Equal(members.Select(m => m.Address), next.SnapshotMembers.Select(m => m.Address));
        var cy = s.Ballot(next, 2, BallotSupport.For);
        var refused = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CastVoteAsync(cy, Ct));
        Assert.Equal("ballot.voter", refused.Errors.Single().Field);
        var onChain = await Assert.ThrowsAsync<RegistryRefusedException>(() =>
            s.Gateway.CastVoteAsync(next.Id, cy.Voter, cy.Support, Primitives.EcdsaSignature.Parse(cy.Signature), Ct));
        Assert.Equal(("NotInCommittee", "ballot.voter"), (onChain.ErrorName, onChain.Field));
        Assert.Equal("author", (await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftParametersAsync(
            new DraftParametersCommand("t", "r", s[2].Address, GovernanceStack.Params(("assets.SOL.haircut", 0.3))), Ct))).Errors.Single().Field);

        // The proposal registered under epoch 1 keeps epoch 1's committee: Cy still votes on it.
        await s.Service.CastVoteAsync(s.Ballot(old, 2, BallotSupport.For), Ct);
        Assert.Equal(2, (await s.Gateway.GetTallyAsync(old.Id, Ct)).For);
        Assert.Equal(1, (await s.GetAsync(old.Id)).Epoch);

        // The old guardian no longer cancels; the portal names the registry's new one.
        Assert.Equal("actor", (await Assert.ThrowsAsync<InputValidationException>(() => s.Service.CancelAsync(next.Id, s[4].Address, Ct))).Errors.Single().Field);
    }

    [Fact]
    public async Task Rules_Executed_GetRulesReturnsTheNewRulesAndTheNextProposalIsDecidedUnderThem()
    {
        await using var s = await GovernanceStack.CreateAsync(directory, node);
        var rules = new GovernanceRules(TimeSpan.FromDays(1), TimeSpan.FromHours(6), TimeSpan.FromHours(2), TimeSpan.FromDays(3), 6_000, 7_500);
        var bounds = RegistryDefaults.Bounds with { ScanRangeStep = FixedPoint18.Parse("0.25", "step") };
        var same = await Assert.ThrowsAsync<InputValidationException>(() => s.Service.DraftRulesAsync(
            new DraftRulesCommand("Same", "No change.", s[0].Address, RegistryDefaults.Rules, RegistryDefaults.Bounds), Ct));
        Assert.Equal("rules", same.Errors.Single().Field);
        var unanimity = await Assert.ThrowsAsync<RegistryRefusedException>(() => s.Service.DraftRulesAsync(
            new DraftRulesCommand("Unanimity", "No.", s[0].Address, rules with { SupermajorityBps = 10_000 }, bounds), Ct));
        Assert.Equal("rules.supermajorityBps", unanimity.Field);
        var draft = await s.Service.DraftRulesAsync(new DraftRulesCommand("Stricter", "Quorum 60 %, steps 25 %.", s[0].Address, rules, bounds), Ct);
        Assert.Contains(new ParameterChange("rules.quorumBps", "5000", "6000", false), draft.Changes);
        Assert.Contains(new ParameterChange("bounds.scanRangeStep", "0.5", "0.25", false), draft.Changes);
        var before = await s.DraftAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.20)), title: "drafted under the old bounds");
        Assert.False(before.RequiresSupermajority);

        await ExecuteAsync(s, draft);

        Assert.Equal(rules, await s.Service.GetRulesAsync(Ct));
        Assert.Equal(bounds, await s.Service.GetBoundsAsync(Ct));
        var next = await s.OpenAsync(GovernanceStack.Params(("assets.BTC.scanRange", 0.20)), title: "drafted under the new bounds");
        Assert.True(next.RequiresSupermajority); // +33 % is now beyond the 25 % step
        Assert.True(Assert.Single(next.Changes).ExceedsStepBound);
        Assert.Equal(rules, next.Rules);
        Assert.Equal(rules.VotingPeriod, next.VotingEndsAt - next.OpenedAt);
        var reopened = await s.Service.OpenAsync(before.Id, s[0].Address, Ct);
        Assert.True(reopened.RequiresSupermajority); // registered now: the registry's answer under the new bounds

        await s.VoteAsync(next, BallotSupport.For, 0, 1); // 5 of 10: quorum is 6 now
        await s.EndVotingAsync(next.Id);
        var tally = await s.Gateway.GetTallyAsync(next.Id, Ct);
        Assert.Equal((6L, false), (tally.QuorumWeight, tally.QuorumReached));
        Assert.Equal(ProposalState.Defeated, (await s.Service.FinalizeAsync(next.Id, s[0].Address, Ct)).State);
    }
}
