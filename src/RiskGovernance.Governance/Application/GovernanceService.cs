using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Bounds;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Application;

/// <summary>
/// The governance application service: every use case loads the aggregate, lets it decide, and
/// saves it (the repository appends the proposal's audit events in the same transaction). A save
/// that meets a concurrent change (<see cref="ConcurrencyConflictException"/>) is retried on a
/// fresh copy, so concurrent votes are neither lost nor doubled. Bad input is an
/// <see cref="InputValidationException"/> naming the field; a wrong state an
/// <see cref="IllegalTransitionException"/>; in both cases nothing is saved.
/// </summary>
public sealed class GovernanceService
{
    /// <summary>How many times a use case is retried on a concurrency conflict.</summary>
    public const int MaxConcurrencyRetries = 100;

    private readonly IProposalRepository _proposals;
    private readonly ICommitteeStore _committee;
    private readonly IRegistryGateway _registry;
    private readonly IBallotScheme _ballots;
    private readonly TimeProvider _time;
    private readonly GovernanceRulesOptions _rules;
    private readonly ParameterBounds _bounds;
    private readonly BallotDomain _domain;

    /// <summary>Creates the service; both option objects are validated here (an invalid one throws naming the fields).</summary>
    public GovernanceService(
        IProposalRepository proposals, ICommitteeStore committee, IRegistryGateway registry, IBallotScheme ballots, TimeProvider time,
        GovernanceRulesOptions rules, ParameterBoundsOptions bounds)
    {
        _proposals = proposals ?? throw new ArgumentNullException(nameof(proposals));
        _committee = committee ?? throw new ArgumentNullException(nameof(committee));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _ballots = ballots ?? throw new ArgumentNullException(nameof(ballots));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(rules);
        rules.ThrowIfInvalid();
        _rules = rules;
        _bounds = new ParameterBounds(bounds ?? throw new ArgumentNullException(nameof(bounds)));
        _domain = rules.BallotDomain();
    }

    /// <summary>The ballot domain members sign in (chain id and registry).</summary>
    public BallotDomain BallotDomain => _domain;

    /// <summary>True when the vote's stored signature recovers to its voter over its ballot, as the registry would check it.</summary>
    public bool VerifyVote(Vote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        return vote.Verify(_ballots, _domain);
    }

    /// <summary>
    /// Drafts a parameter proposal: parses and validates the set (errors name <c>params.*</c>
    /// fields), refuses values the registry cannot hold exactly and values outside the hard limits,
    /// computes the diff against the ratified set and whether a step bound is exceeded.
    /// </summary>
    public async Task<Proposal> DraftParametersAsync(DraftParametersCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var committee = await _committee.GetCommitteeAsync(cancellationToken);
        RequireMember(committee, command.Author, "author");
        if (string.IsNullOrWhiteSpace(command.ParamsJson))
        {
            throw new InputValidationException("params", "the proposed parameter set is required");
        }

        var proposed = ParameterSetJson.Read(command.ParamsJson);
        var onChain = OnChainParameterCodec.ToOnChain(proposed);
        var ratified = await _committee.GetRatifiedAsync(cancellationToken);
        var current = ratified is null ? null : ParameterSetJson.Read(ratified.ParamsJson);
        var check = _bounds.Check(proposed, current);
        var exceeded = check.StepExceedances.Select(x => x.Field).ToHashSet(StringComparer.Ordinal);
        var want = OnChainParameterCodec.Flatten(onChain);
        var have = current is null ? new Dictionary<string, string>() : OnChainParameterCodec.Flatten(OnChainParameterCodec.ToOnChain(current));
        var changes = new List<ParameterChange>();
        foreach (var (field, value) in want)
        {
            var old = have.TryGetValue(field, out var v) ? v : "(absent)";
            if (field != "paramsHash" && old != value)
            {
                changes.Add(new ParameterChange(field, old, value, exceeded.Contains(field)));
            }
        }

        changes.AddRange(have.Keys.Where(f => !want.ContainsKey(f)).Select(f => new ParameterChange(f, have[f], "(absent)", false)));
        if (changes.Count == 0)
        {
            throw new InputValidationException("params", "the proposed set is identical to the ratified set");
        }

        var canonical = System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(proposed));
        var proposal = Proposal.DraftParameters(NewProposalId(), command.Title, command.Rationale, command.Author, canonical,
            onChain.ParamsHash, ratified?.Version ?? 0, ratified?.ParamsHash ?? Hash32.Zero, changes, check.RequiresSupermajority, Now);
        await _proposals.AddAsync(proposal, cancellationToken);
        return proposal;
    }

    /// <summary>Drafts a membership proposal (the whole new committee and its registry threshold).</summary>
    public async Task<Proposal> DraftMembershipAsync(DraftMembershipCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var committee = await _committee.GetCommitteeAsync(cancellationToken);
        RequireMember(committee, command.Author, "author");
        var members = command.Members ?? throw new InputValidationException("membership.members", "is required");
        var hash = _ballots.MembershipHash([.. members.Where(m => m is not null)], command.ThresholdBps);
        var proposal = Proposal.DraftMembership(NewProposalId(), command.Title, command.Rationale, command.Author, members, command.ThresholdBps, hash, Now);
        await _proposals.AddAsync(proposal, cancellationToken);
        return proposal;
    }

    /// <summary>
    /// Runs the impact simulation of a Draft parameter proposal on <paramref name="market"/> and
    /// <paramref name="book"/> against the ratified set it was drafted from, and records it.
    /// </summary>
    public async Task<Proposal> AttachSimulationAsync(Hash32 proposalId, Address actor, MarketSnapshot market, Book book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(book);
        var proposal = await LoadAsync(proposalId, cancellationToken);
        var committee = await _committee.GetCommitteeAsync(cancellationToken);
        RequireMember(committee, actor, "actor");
        if (proposal.State != ProposalState.Draft || proposal.Kind != ProposalKind.Parameters)
        {
            throw new IllegalTransitionException(proposal.State, "attach a simulation to",
                proposal.Kind == ProposalKind.Parameters ? null : "a membership proposal has no parameter set");
        }

        var ratified = await _committee.GetRatifiedAsync(cancellationToken)
                       ?? throw new InputValidationException("ratified", "there is no ratified parameter set to compare with");
        if (ratified.ParamsHash != proposal.BaseParamsHash)
        {
            throw new InputValidationException("ratified",
                $"the ratified set changed since the draft (now version {ratified.Version}); draft the proposal again");
        }

        var inputs = new SimulationInputs(market, book, ParameterSetJson.Read(ratified.ParamsJson), ParameterSetJson.Read(proposal.ParamsJson!));
        var record = SimulationRecord.Run(inputs, new RiskLimits(_rules.MaxNewlyLiquidatableShare, _rules.MaxTotalImGrowth), Now, cancellationToken);
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.AttachSimulation(record, actor, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Opens voting: freezes the current committee and the configured rules.</summary>
    public Task<Proposal> OpenAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
        => MutateAsync(proposalId, async (p, ct) =>
        {
            var committee = await _committee.GetCommitteeAsync(ct);
            p.Open(committee, _rules.RulesFor(p.RequiresSupermajority), actor, Now);
        }, cancellationToken);

    /// <summary>Verifies and records a signed ballot (see <see cref="Proposal.CastVote"/>); concurrent votes are retried, never lost.</summary>
    public async Task<Vote> CastVoteAsync(SignedBallot ballot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        Vote? vote = null;
        await MutateAsync(ballot.ProposalId, (p, _) =>
        {
            vote = p.CastVote(ballot, _ballots, _domain, _rules.MaxReasonLength, Now);
            return Task.CompletedTask;
        }, cancellationToken);
        return vote!;
    }

    /// <summary>Ends voting after the deadline: Succeeded or Defeated.</summary>
    public Task<Proposal> FinalizeAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => MutateAsync(proposalId, (p, _) =>
        {
            p.Finalize(Now);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Queues a Succeeded proposal in the registry with its For ballots (and executes it at once
    /// when the registry's timelock is zero). The push is journaled: calling again never sends twice.
    /// </summary>
    public async Task<Proposal> QueueAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Succeeded)
        {
            throw new IllegalTransitionException(proposal.State, "queue");
        }

        return await PushAndRecordAsync(proposal, cancellationToken);
    }

    /// <summary>Executes a Queued proposal once its eta has passed (through the same journaled push).</summary>
    public async Task<Proposal> ExecuteAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Queued)
        {
            throw new IllegalTransitionException(proposal.State, "execute");
        }

        if (Now < proposal.Eta)
        {
            throw new IllegalTransitionException(proposal.State, "execute", $"the timelock runs until {proposal.Eta.Value:O}");
        }

        return await PushAndRecordAsync(proposal, cancellationToken);
    }

    /// <summary>Cancels (author while Draft; guardian before execution; a queued proposal is vetoed on chain first).</summary>
    public async Task<Proposal> CancelAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var committee = await _committee.GetCommitteeAsync(cancellationToken);
        var proposal = await LoadAsync(proposalId, cancellationToken);
        proposal.EnsureCanCancel(actor, committee);
        Hash32? tx = null;
        if (proposal.State == ProposalState.Queued)
        {
            tx = await VetoOnChainAsync(proposalId, cancellationToken);
        }

        return await MutateAsync(proposalId, (p, _) =>
        {
            if (p.State == ProposalState.Vetoed && tx is not null)
            {
                return Task.CompletedTask;
            }

            p.Cancel(actor, committee, tx, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Vetoes a Queued proposal (guardian): on chain first, then locally.</summary>
    public async Task<Proposal> VetoAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var committee = await _committee.GetCommitteeAsync(cancellationToken);
        var proposal = await LoadAsync(proposalId, cancellationToken);
        proposal.EnsureCanVeto(actor, committee);
        var tx = await VetoOnChainAsync(proposalId, cancellationToken);
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.Veto(actor, committee, tx, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Expires a Queued proposal whose grace period has ended.</summary>
    public Task<Proposal> ExpireAsync(Hash32 proposalId, CancellationToken cancellationToken)
        => MutateAsync(proposalId, (p, _) =>
        {
            p.Expire(Now);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// On start: reads the registry's state of every Succeeded or Queued proposal and brings the
    /// local state in line (queued, executed, vetoed or expired on chain), taking transaction
    /// hashes from the push journal. It only reads the chain: nothing is ever pushed here.
    /// </summary>
    public async Task<IReadOnlyList<ReconciledProposal>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var changed = new List<ReconciledProposal>();
        var candidates = (await _proposals.ListAsync(ProposalState.Succeeded, cancellationToken))
            .Concat(await _proposals.ListAsync(ProposalState.Queued, cancellationToken))
            .Select(p => p.Id).ToList();
        foreach (var id in candidates)
        {
            var info = await _registry.GetProposalAsync(id, cancellationToken);
            if (info.State == RegistryProposalState.None)
            {
                continue;
            }

            var journal = await _registry.FindPushAsync(id, cancellationToken);
            ProposalState before = default;
            var after = await MutateAsync(id, (p, _) =>
            {
                before = p.State;
                Apply(p, info, journal?.Queue?.Hash, journal?.Execute?.Hash, "chain");
                return Task.CompletedTask;
            }, cancellationToken);
            if (after.State == ProposalState.Executed && before != ProposalState.Executed)
            {
                await ApplyExecutionAsync(after, cancellationToken);
            }

            if (after.State != before)
            {
                changed.Add(new ReconciledProposal(id, before, after.State));
            }
        }

        await ReapplyLatestExecutionsAsync(cancellationToken);
        return changed;
    }

    /// <summary>An executed proposal is saved before its effect (the ratified set or the committee)
    /// is written: a crash in between leaves the effect behind. Re-applies the latest executed
    /// parameter set when the stored ratified version is older, and the latest executed membership
    /// change when the stored committee differs from it.</summary>
    private async Task ReapplyLatestExecutionsAsync(CancellationToken cancellationToken)
    {
        var executed = await _proposals.ListAsync(ProposalState.Executed, cancellationToken);
        var latestParameters = executed.Where(p => p.Kind == ProposalKind.Parameters && p.ExecutedVersion is not null)
            .MaxBy(p => p.ExecutedVersion);
        if (latestParameters is not null)
        {
            var ratified = await _committee.GetRatifiedAsync(cancellationToken);
            if (ratified is null || ratified.Version < latestParameters.ExecutedVersion)
            {
                await ApplyExecutionAsync(latestParameters, cancellationToken);
            }
        }

        var latestMembership = executed.Where(p => p.Kind == ProposalKind.Membership)
            .MaxBy(p => p.Timeline.LastOrDefault(t => t.To == ProposalState.Executed)?.At ?? DateTimeOffset.MinValue);
        if (latestMembership is not null)
        {
            var committee = await _committee.GetCommitteeAsync(cancellationToken);
            if (!committee.Members.Select(m => (m.Address, m.Weight)).SequenceEqual(latestMembership.Membership.Select(m => (m.Address, m.Weight))))
            {
                await ApplyExecutionAsync(latestMembership, cancellationToken);
            }
        }
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private static Hash32 NewProposalId() => Hash32.Keccak(Guid.NewGuid().ToString("N"));

    private static void RequireMember(CommitteeSnapshot committee, Address address, string field)
    {
        if (!committee.IsMember(address))
        {
            throw new InputValidationException(field, $"{address} is not a committee member");
        }
    }

    private async Task<Proposal> LoadAsync(Hash32 id, CancellationToken cancellationToken)
        => await _proposals.GetAsync(id, cancellationToken) ?? throw new ProposalNotFoundException(id);

    private async Task<Proposal> MutateAsync(Hash32 id, Func<Proposal, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var proposal = await LoadAsync(id, cancellationToken);
            await change(proposal, cancellationToken);
            try
            {
                await _proposals.SaveAsync(proposal, cancellationToken);
                return proposal;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConcurrencyRetries)
            {
                // Someone else saved first: apply the change again to their version.
            }
        }
    }

    private async Task<Hash32> VetoOnChainAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var info = await _registry.GetProposalAsync(proposalId, cancellationToken);
        return info.State == RegistryProposalState.Queued ? await _registry.VetoAsync(proposalId, cancellationToken) : default;
    }

    private async Task<Proposal> PushAndRecordAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var signatures = proposal.Votes.Where(v => v.Support == BallotSupport.For).Select(v => v.SignatureValue()).ToList();
        var result = proposal.Kind == ProposalKind.Parameters
            ? await _registry.PushParametersAsync(proposal.Id, OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(proposal.ParamsJson!)), signatures, cancellationToken)
            : await _registry.PushMembershipAsync(proposal.Id, proposal.Membership, proposal.MembershipThresholdBps!.Value, signatures, cancellationToken);
        var info = new RegistryProposal(result.State, proposal.Kind, result.Eta, proposal.ParamsHash, result.Version);
        ProposalState before = default;
        var after = await MutateAsync(proposal.Id, (p, _) =>
        {
            before = p.State;
            Apply(p, info, result.QueueTransaction, result.ExecuteTransaction, "system");
            return Task.CompletedTask;
        }, cancellationToken);
        if (after.State == ProposalState.Executed && before != ProposalState.Executed)
        {
            await ApplyExecutionAsync(after, cancellationToken);
        }

        return after;
    }

    private void Apply(Proposal p, RegistryProposal info, Hash32? queueTx, Hash32? executeTx, string actor)
    {
        var now = Now;
        if (p.State == ProposalState.Succeeded && info.State != RegistryProposalState.None)
        {
            p.MarkQueued(queueTx, info.Eta ?? now, actor, now);
        }

        if (p.State != ProposalState.Queued)
        {
            return;
        }

        switch (info.State)
        {
            case RegistryProposalState.Executed:
                p.MarkExecuted(executeTx, p.Kind == ProposalKind.Parameters ? info.ExecutedVersion : null, actor, now);
                break;
            case RegistryProposalState.Vetoed:
                p.MarkVetoedOnChain(now);
                break;
            case RegistryProposalState.Expired:
                p.Expire(now, reportedByRegistry: true);
                break;
        }
    }

    private async Task ApplyExecutionAsync(Proposal p, CancellationToken cancellationToken)
    {
        if (p.Kind == ProposalKind.Parameters)
        {
            await _committee.SetRatifiedAsync(new RatifiedParameterSet(p.ExecutedVersion ?? 0, p.ParamsJson!, p.ParamsHash), cancellationToken);
        }
        else
        {
            await _committee.SetCommitteeAsync(new CommitteeSnapshot(p.Membership), cancellationToken);
        }
    }
}
