using System.Security.Cryptography;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Application;

/// <summary>
/// The governance application service. The registry is the only source of the rules, the bounds,
/// the committee, the tally and the parameter set in force: every use case reads them from the
/// <see cref="IRegistryGateway"/>, lets the registry decide (a refusal is a
/// <see cref="RegistryRefusedException"/> in plain words), then records what the chain did in the
/// proposal aggregate and saves it (the repository appends the proposal's audit events in the same
/// transaction). Every action records its actor: the signed-in member, or "chain" for what the
/// registry reported on its own. A save that meets a concurrent change
/// (<see cref="ConcurrencyConflictException"/>) is retried on a fresh copy, so concurrent votes are
/// neither lost nor doubled. Bad input is an <see cref="InputValidationException"/> naming the
/// field; a wrong state an <see cref="IllegalTransitionException"/>; in all cases nothing is saved.
/// </summary>
public sealed class GovernanceService
{
    /// <summary>How many times a use case is retried on a concurrency conflict.</summary>
    public const int MaxConcurrencyRetries = 100;

    private readonly IProposalRepository _proposals;
    private readonly ICommitteeStore _roster;
    private readonly IRegistryGateway _registry;
    private readonly IBallotScheme _ballots;
    private readonly TimeProvider _time;
    private readonly GovernanceRulesOptions _options;
    private readonly AuditAnchoring? _anchoring;
    private readonly BallotDomain _domain;

    /// <summary>Creates the service; the options are validated here (invalid ones throw naming the fields).</summary>
    /// <param name="proposals">Proposal storage.</param>
    /// <param name="roster">The committee's display names, and a cache of the set in force.</param>
    /// <param name="registry">The registry.</param>
    /// <param name="ballots">The registry's ballot and proposal-id scheme.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">Where the registry is, and the portal's own limits.</param>
    /// <param name="anchoring">Anchors the audit log after each execution; null to not anchor.</param>
    public GovernanceService(
        IProposalRepository proposals, ICommitteeStore roster, IRegistryGateway registry, IBallotScheme ballots, TimeProvider time,
        GovernanceRulesOptions options, AuditAnchoring? anchoring = null)
    {
        _proposals = proposals ?? throw new ArgumentNullException(nameof(proposals));
        _roster = roster ?? throw new ArgumentNullException(nameof(roster));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _ballots = ballots ?? throw new ArgumentNullException(nameof(ballots));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _anchoring = anchoring;
        _domain = options.BallotDomain();
    }

    /// <summary>The ballot domain members sign in (chain id and registry).</summary>
    public BallotDomain BallotDomain => _domain;

    /// <summary>The registry the service speaks to.</summary>
    public IRegistryGateway Registry => _registry;

    /// <summary>True when the vote's stored signature recovers to its voter over its ballot, as the registry would check it.</summary>
    public bool VerifyVote(Vote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        return vote.Verify(_ballots, _domain);
    }

    // ------------------------------------------------------------------ what the registry holds

    /// <summary>The registry's current committee with the display names the portal knows; the registry's guardian has the Guardian role.</summary>
    public async Task<CommitteeSnapshot> GetCommitteeAsync(CancellationToken cancellationToken)
        => await CommitteeAsync(null, cancellationToken);

    /// <summary>The rules in force (the registry's).</summary>
    public Task<GovernanceRules> GetRulesAsync(CancellationToken cancellationToken) => _registry.GetRulesAsync(cancellationToken);

    /// <summary>The bounds in force (the registry's).</summary>
    public Task<RegistryBounds> GetBoundsAsync(CancellationToken cancellationToken) => _registry.GetBoundsAsync(cancellationToken);

    /// <summary>The parameter set in force: the registry's current version (null before the first).</summary>
    public async Task<RatifiedParameterSet?> GetInForceAsync(CancellationToken cancellationToken)
    {
        var version = await _registry.GetCurrentVersionAsync(cancellationToken);
        return version == 0 ? null : await GetVersionAsync(version, cancellationToken);
    }

    /// <summary>A registry version with its canonical JSON (from the portal's cache when it holds the same hash, else rebuilt from the chain's values).</summary>
    public async Task<RatifiedParameterSet> GetVersionAsync(long version, CancellationToken cancellationToken)
    {
        var set = await _registry.GetParametersAsync(version, cancellationToken);
        var cached = await _roster.GetRatifiedAsync(cancellationToken);
        var json = cached is not null && cached.Version == version && cached.ParamsHash == set.ParamsHash
            ? cached.ParamsJson
            : System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(OnChainParameterCodec.FromOnChain(set)));
        return new RatifiedParameterSet(version, json, set.ParamsHash);
    }

    // ------------------------------------------------------------------ drafting

    /// <summary>
    /// Drafts a parameter proposal against the version in force: parses and validates the set
    /// (errors name <c>params.*</c> fields), refuses values the registry cannot hold exactly and values
    /// outside its hard limits, computes the diff and the step bounds exceeded, and asks the registry
    /// (<c>checkProposal</c>) whether it would accept it and whether the supermajority applies.
    /// </summary>
    public Task<Proposal> DraftParametersAsync(DraftParametersCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.ParamsJson))
        {
            throw new InputValidationException("params", "the proposed parameter set is required");
        }

        return DraftParametersCoreAsync(command.Title, command.Rationale, command.Author, ParameterSetJson.Read(command.ParamsJson), null, null, cancellationToken);
    }

    /// <summary>Drafts a membership proposal: the whole new committee, exactly one member of which is the guardian (the registry checks it).</summary>
    public async Task<Proposal> DraftMembershipAsync(DraftMembershipCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await RequireMemberAsync(command.Author, "author", cancellationToken);
        var members = command.Members ?? throw new InputValidationException("membership.members", "is required");
        var e = new ValidationErrors();
        Proposal.ValidateMembership(e, members);
        e.ThrowIfAny();
        var payload = new MembershipPayload([.. members.Select(m => new WeightedMember(m.Address, m.Weight))], members.Single(m => m.IsGuardian).Address);
        var salt = NewSalt();
        var identity = _ballots.Identify(payload, 0, salt);
        await _registry.CheckProposalAsync(payload, identity.BallotHash, 0, cancellationToken);
        var proposal = Proposal.DraftMembership(identity, salt, command.Title, command.Rationale, command.Author, members, Now);
        await _proposals.AddAsync(proposal, cancellationToken);
        return proposal;
    }

    /// <summary>Drafts a rules proposal: the whole new rules and bounds (the registry checks them), with their diff against those in force.</summary>
    public async Task<Proposal> DraftRulesAsync(DraftRulesCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Rules, "rules");
        ArgumentNullException.ThrowIfNull(command.Bounds, "bounds");
        await RequireMemberAsync(command.Author, "author", cancellationToken);
        var changes = RulesDiff.Between(
            await _registry.GetRulesAsync(cancellationToken), await _registry.GetBoundsAsync(cancellationToken), command.Rules, command.Bounds);
        if (changes.Count == 0)
        {
            throw new InputValidationException("rules", "the proposed rules and bounds are those in force");
        }

        var payload = new RulesPayload(command.Rules, command.Bounds);
        var salt = NewSalt();
        var identity = _ballots.Identify(payload, 0, salt);
        await _registry.CheckProposalAsync(payload, identity.BallotHash, 0, cancellationToken);
        var proposal = Proposal.DraftRules(identity, salt, command.Title, command.Rationale, command.Author, command.Rules, command.Bounds, changes, Now);
        await _proposals.AddAsync(proposal, cancellationToken);
        return proposal;
    }

    /// <summary>
    /// Runs the impact simulation of a Draft parameter proposal on <paramref name="market"/> and
    /// <paramref name="book"/> against the set in force, and records it.
    /// </summary>
    public Task<Proposal> AttachSimulationAsync(Hash32 proposalId, Address actor, MarketSnapshot market, Book book, CancellationToken cancellationToken)
        => AttachSimulationAsync(proposalId, actor, SimulationBook.Of(market, book), cancellationToken);

    /// <summary>
    /// Runs the impact simulation of a Draft parameter proposal on a stored snapshot's market and book
    /// (<see cref="Ports.BookSnapshot.Inputs"/>) against the set in force, and records it with the
    /// snapshot's market and book hashes.
    /// </summary>
    public async Task<Proposal> AttachSimulationAsync(Hash32 proposalId, Address actor, SimulationBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var proposal = await LoadAsync(proposalId, cancellationToken);
        await RequireMemberAsync(actor, "actor", cancellationToken);
        if (proposal.State != ProposalState.Draft || proposal.Kind != ProposalKind.Parameters)
        {
            throw new IllegalTransitionException(proposal.State, "attach a simulation to",
                proposal.Kind == ProposalKind.Parameters ? null : "only a parameter proposal has a parameter set");
        }

        var inForce = await GetInForceAsync(cancellationToken)
                      ?? throw new InputValidationException("ratified", "the registry holds no parameter set to compare with");
        var inputs = SimulationInputs.On(book, ParameterSetJson.Read(inForce.ParamsJson), ParameterSetJson.Read(proposal.ParamsJson!));
        var record = SimulationRecord.Run(inputs, new RiskLimits(_options.MaxNewlyLiquidatableShare, _options.MaxTotalImGrowth), Now, cancellationToken);
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.AttachSimulation(record, actor, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>
    /// Rebases a parameter proposal whose base version is no longer in force: a new Draft, by
    /// <paramref name="actor"/>, that applies this proposal's changes to the set in force (fields
    /// that both changed keep this proposal's value and are flagged), simulated on
    /// <paramref name="market"/> and <paramref name="book"/>. The old proposal is left as it is.
    /// </summary>
    public Task<Proposal> RebaseAsync(Hash32 proposalId, Address actor, MarketSnapshot market, Book book, CancellationToken cancellationToken)
        => RebaseAsync(proposalId, actor, SimulationBook.Of(market, book), cancellationToken);

    /// <summary>
    /// <see cref="RebaseAsync(Hash32, Address, MarketSnapshot, Book, CancellationToken)"/> on a stored
    /// snapshot's market and book, recorded with the snapshot's hashes.
    /// </summary>
    public async Task<Proposal> RebaseAsync(Hash32 proposalId, Address actor, SimulationBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.Kind != ProposalKind.Parameters)
        {
            throw new InputValidationException("proposal", "only a parameter proposal has a base version to rebase");
        }

        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        if (proposal.BaseVersion == current)
        {
            throw new InputValidationException("proposal", $"its base version {current} is still the version in force; there is nothing to rebase");
        }

        var baseSet = await _registry.GetParametersAsync(proposal.BaseVersion, cancellationToken);
        var inForce = await _registry.GetParametersAsync(current, cancellationToken);
        var proposed = OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(proposal.ParamsJson!));
        var rebased = ParameterDiff.Rebase(baseSet, proposed, inForce);
        var set = OnChainParameterCodec.FromOnChain(rebased.Merged);
        var title = "Rebased: " + proposal.Title;
        var rationale = proposal.Rationale
                        + $"\n\nRebased from proposal {proposal.Id} (drafted on version {proposal.BaseVersion}) onto version {current}"
                        + (rebased.Conflicts.Count == 0 ? "." : $"; fields changed by both, this proposal's value kept: {string.Join(", ", rebased.Conflicts.Order(StringComparer.Ordinal))}.");
        var draft = await DraftParametersCoreAsync(title[..Math.Min(title.Length, Proposal.MaxTitleLength)], rationale, actor, set, rebased.Conflicts, proposal.Id, cancellationToken);
        return await AttachSimulationAsync(draft.Id, actor, book, cancellationToken);
    }

    // ------------------------------------------------------------------ voting

    /// <summary>
    /// Opens voting (Draft, by the author): registers the proposal on the registry, which fixes its
    /// committee epoch, voting window and majority rule, and records that registration. A parameter
    /// proposal whose base is no longer the version in force is refused (rebase it).
    /// </summary>
    public async Task<Proposal> OpenAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        proposal.EnsureCanOpen(actor);
        await RequireFreshBaseAsync(proposal, "open", cancellationToken);
        var chain = await _registry.GetProposalAsync(proposalId, cancellationToken);
        Hash32? tx = null;
        if (chain.State == RegistryProposalState.None)
        {
            tx = await _registry.ProposeAsync(proposal.Payload(), proposal.ParamsHash, proposal.BaseVersion, proposal.Salt, cancellationToken);
            chain = await _registry.GetProposalAsync(proposalId, cancellationToken);
        }

        var rules = await _registry.GetRulesAsync(cancellationToken);
        var committee = await CommitteeAsync(chain.Epoch, cancellationToken);
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.Open(chain, rules, committee, actor, tx, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>
    /// Checks a signed ballot (<see cref="Proposal.CheckBallot"/>), relays it to the registry, which
    /// counts it, and records it with the registry's voting end; concurrent votes are retried, never lost.
    /// </summary>
    public async Task<Vote> CastVoteAsync(SignedBallot ballot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var proposal = await LoadAsync(ballot.ProposalId, cancellationToken);
        var vote = proposal.CheckBallot(ballot, _ballots, _domain, _options.MaxReasonLength, Now);
        Hash32 tx;
        try
        {
            tx = await _registry.CastVoteAsync(proposal.Id, vote.Voter, vote.Support, vote.SignatureValue(), cancellationToken);
        }
        catch (RegistryRefusedException e) when (e.ErrorName == "AlreadyVoted")
        {
            // Relayed by someone else already: record what the registry counted, then say so.
            await SyncVotesAsync(proposal.Id, cancellationToken);
            throw new InputValidationException("ballot.voter", $"{vote.Voter} has already voted on this proposal (the registry counted the ballot)");
        }

        var chain = await _registry.GetProposalAsync(proposal.Id, cancellationToken);
        await MutateAsync(proposal.Id, (p, _) =>
        {
            p.RecordVote(vote, tx, chain.VotingEnd, Now);
            return Task.CompletedTask;
        }, cancellationToken);
        return vote;
    }

    /// <summary>
    /// Ends voting once the registry's voting end has passed: Succeeded or Defeated as the registry
    /// counts it (Expired when it passed but the grace period to queue is over). A passed parameter
    /// proposal whose base version was replaced can never be queued: it is cancelled on chain instead.
    /// </summary>
    public async Task<Proposal> FinalizeAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Active)
        {
            throw new IllegalTransitionException(proposal.State, "finalize");
        }

        await SyncVotesAsync(proposalId, cancellationToken);
        var chain = await _registry.GetProposalAsync(proposalId, cancellationToken);
        if (chain.State == RegistryProposalState.Active)
        {
            throw new IllegalTransitionException(proposal.State, "finalize", $"voting on the registry ends at {chain.VotingEnd:O}");
        }

        var tally = await _registry.GetTallyAsync(proposalId, cancellationToken);
        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        if (chain.State == RegistryProposalState.Succeeded && proposal.IsStale(current))
        {
            return await CancelStaleAsync(proposal, actor.ToString(), current, cancellationToken);
        }

        var details = new { tally.For, tally.Against, tally.Abstain, tally.TotalWeight, tally.QuorumWeight, tally.QuorumReached, tally.MajorityReached, tally.Passes };
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.SyncWithChain(chain, null, null, actor.ToString(), Now, details);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>
    /// Queues a Succeeded proposal on the registry (and executes it at once when the timelock is
    /// zero). The push is journaled: calling again never sends twice.
    /// </summary>
    public async Task<Proposal> QueueAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Succeeded)
        {
            throw new IllegalTransitionException(proposal.State, "queue");
        }

        await RequireFreshBaseAsync(proposal, "queue", cancellationToken);
        return await PushAndRecordAsync(proposal, actor.ToString(), cancellationToken);
    }

    /// <summary>Executes a Queued proposal once the registry's eta has passed (through the same journaled push).</summary>
    public async Task<Proposal> ExecuteAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Queued)
        {
            throw new IllegalTransitionException(proposal.State, "execute");
        }

        var chainTime = await _registry.GetChainTimeAsync(cancellationToken);
        if (chainTime < proposal.Eta)
        {
            throw new IllegalTransitionException(proposal.State, "execute", $"the registry's timelock runs until {proposal.Eta.Value:O}");
        }

        await RequireFreshBaseAsync(proposal, "execute", cancellationToken);
        return await PushAndRecordAsync(proposal, actor.ToString(), cancellationToken);
    }

    /// <summary>
    /// Cancels: the author while Draft (nothing on chain yet); on chain, the registry's guardian before
    /// execution, or any member once a parameter proposal's base version was replaced.
    /// </summary>
    public async Task<Proposal> CancelAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (!proposal.IsOpen)
        {
            throw new IllegalTransitionException(proposal.State, "cancel");
        }

        var committee = await _registry.GetCommitteeAsync(null, cancellationToken);
        var isGuardian = committee.Guardian == actor;
        if (proposal.State == ProposalState.Draft)
        {
            if (actor != proposal.Author && !isGuardian)
            {
                throw new InputValidationException("actor", $"{actor} may not cancel this draft: only its author or the guardian");
            }

            return await MutateAsync(proposalId, (p, _) =>
            {
                p.Cancel(actor.ToString(), null, actor == p.Author ? "withdrawn by the author" : "canceled by the guardian", Now);
                return Task.CompletedTask;
            }, cancellationToken);
        }

        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        if (isGuardian)
        {
            var tx = await _registry.CancelAsync(proposalId, asGuardian: true, cancellationToken);
            return await MutateAsync(proposalId, (p, _) =>
            {
                p.Cancel(actor.ToString(), tx, "canceled by the guardian", Now);
                return Task.CompletedTask;
            }, cancellationToken);
        }

        if (proposal.IsStale(current) && committee.WeightOf(actor) > 0)
        {
            return await CancelStaleAsync(proposal, actor.ToString(), current, cancellationToken);
        }

        throw new InputValidationException("actor",
            $"{actor} may not cancel a {proposal.State} proposal: only the guardian, or any member once its base version is no longer in force");
    }

    /// <summary>The guardian vetoes a Queued proposal: on chain first, then here.</summary>
    public async Task<Proposal> VetoAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State != ProposalState.Queued)
        {
            throw new IllegalTransitionException(proposal.State, "veto");
        }

        var guardian = (await _registry.GetCommitteeAsync(null, cancellationToken)).Guardian;
        if (actor != guardian)
        {
            throw new InputValidationException("actor", $"{actor} is not the registry's guardian {guardian}; only the guardian may veto");
        }

        var tx = await _registry.VetoAsync(proposalId, cancellationToken);
        return await MutateAsync(proposalId, (p, _) =>
        {
            p.Veto(actor.ToString(), tx, Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Records that the registry's grace period ran out (Active after a passed vote, Succeeded or Queued).</summary>
    public async Task<Proposal> ExpireAsync(Hash32 proposalId, Address actor, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        var chain = await _registry.GetProposalAsync(proposalId, cancellationToken);
        if (chain.State != RegistryProposalState.Expired)
        {
            throw new IllegalTransitionException(proposal.State, "expire", $"the registry holds it as {chain.State}");
        }

        return await MutateAsync(proposalId, (p, _) =>
        {
            p.SyncWithChain(chain, null, null, actor.ToString(), Now);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>
    /// Brings every open proposal in line with the registry: a draft whose registration was sent
    /// before a crash is opened, ballots relayed by anyone are recorded from the registry's logs,
    /// and what others did on chain (queue, execute, veto, cancel, expiry) is recorded with actor
    /// "chain", taking transaction hashes from the push journal. Finalizing stays a member's action.
    /// Passed parameter proposals whose base version was replaced are cancelled on chain.
    /// </summary>
    public async Task<IReadOnlyList<ReconciledProposal>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var changed = new List<ReconciledProposal>();
        var open = new List<Proposal>();
        foreach (var state in new[] { ProposalState.Draft, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued })
        {
            open.AddRange(await _proposals.ListAsync(state, cancellationToken));
        }

        foreach (var candidate in open)
        {
            var chain = await _registry.GetProposalAsync(candidate.Id, cancellationToken);
            if (chain.State == RegistryProposalState.None)
            {
                continue;
            }

            var before = candidate.State;
            if (before == ProposalState.Draft)
            {
                var rules = await _registry.GetRulesAsync(cancellationToken);
                var committee = await CommitteeAsync(chain.Epoch, cancellationToken);
                await MutateAsync(candidate.Id, (p, _) =>
                {
                    if (p.State == ProposalState.Draft && (p.Kind != ProposalKind.Parameters || p.Simulation is not null))
                    {
                        p.Open(chain, rules, committee, p.Author, null, Now);
                    }

                    return Task.CompletedTask;
                }, cancellationToken);
            }

            await SyncVotesAsync(candidate.Id, cancellationToken);
            var decidedByMember = chain.State is RegistryProposalState.Active or RegistryProposalState.Succeeded or RegistryProposalState.Defeated;
            Proposal after;
            if (decidedByMember)
            {
                after = await LoadAsync(candidate.Id, cancellationToken);
            }
            else
            {
                var journal = await _registry.FindPushAsync(candidate.Id, cancellationToken);
                after = await MutateAsync(candidate.Id, (p, _) =>
                {
                    p.SyncWithChain(chain, journal?.Queue?.Hash, journal?.Execute?.Hash, Proposal.ChainActor, Now);
                    return Task.CompletedTask;
                }, cancellationToken);
                if (after.State == ProposalState.Executed && before != ProposalState.Executed)
                {
                    await ApplyExecutionAsync(after, Proposal.ChainActor, cancellationToken);
                }
            }

            if (after.State != before)
            {
                changed.Add(new ReconciledProposal(candidate.Id, before, after.State));
            }
        }

        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        changed.AddRange(await CancelSupersededAsync(Proposal.ChainActor, current, cancellationToken));
        await RefreshCacheAsync(cancellationToken);
        return changed;
    }

    // ------------------------------------------------------------------ internals

    private DateTimeOffset Now => _time.GetUtcNow();

    private static Hash32 NewSalt() => Hash32.FromBytes(RandomNumberGenerator.GetBytes(Hash32.Length), "salt");

    private async Task<Proposal> DraftParametersCoreAsync(
        string title, string rationale, Address author, ParameterSet proposed, IReadOnlySet<string>? conflicts, Hash32? rebasedFrom, CancellationToken cancellationToken)
    {
        await RequireMemberAsync(author, "author", cancellationToken);
        var onChain = OnChainParameterCodec.ToOnChain(proposed);
        var version = await _registry.GetCurrentVersionAsync(cancellationToken);
        var inForce = version == 0 ? null : await _registry.GetParametersAsync(version, cancellationToken);
        var bounds = await _registry.GetBoundsAsync(cancellationToken);
        var hard = bounds.HardLimitErrors(onChain);
        if (hard.Count > 0)
        {
            throw new InputValidationException(hard);
        }

        var exceeding = bounds.StepExceedances(onChain, inForce).Select(x => x.Field);
        var changes = ParameterDiff.Between(inForce, onChain, exceeding, conflicts);
        if (changes.Count == 0)
        {
            throw new InputValidationException("params", $"the proposed set is identical to the set in force (version {version})");
        }

        var payload = new ParametersPayload(onChain);
        var salt = NewSalt();
        var identity = _ballots.Identify(payload, version, salt);
        var supermajority = await _registry.CheckProposalAsync(payload, identity.BallotHash, version, cancellationToken);
        var canonical = System.Text.Encoding.UTF8.GetString(ParameterSetJson.ToCanonicalJson(proposed));
        var proposal = Proposal.DraftParameters(identity, salt, title, rationale, author, canonical, version, inForce?.ParamsHash ?? Hash32.Zero,
            changes, supermajority, rebasedFrom, Now);
        await _proposals.AddAsync(proposal, cancellationToken);
        return proposal;
    }

    private async Task<CommitteeSnapshot> CommitteeAsync(long? epoch, CancellationToken cancellationToken)
    {
        var chain = await _registry.GetCommitteeAsync(epoch, cancellationToken);
        Dictionary<Address, string> names;
        try
        {
            names = (await _roster.GetCommitteeAsync(cancellationToken)).Members.ToDictionary(m => m.Address, m => m.DisplayName);
        }
        catch (InvalidOperationException)
        {
            names = [];
        }

        return new CommitteeSnapshot(chain.Members.Select(m => new CommitteeMember(
            m.Address, names.GetValueOrDefault(m.Address) ?? m.Address.ToString(), m.Weight,
            m.Address == chain.Guardian ? CommitteeRole.Guardian : CommitteeRole.Member)));
    }

    private async Task RequireMemberAsync(Address address, string field, CancellationToken cancellationToken)
    {
        var committee = await _registry.GetCommitteeAsync(null, cancellationToken);
        if (committee.WeightOf(address) == 0)
        {
            throw new InputValidationException(field, $"{address} is not a member of the registry's committee");
        }
    }

    private async Task RequireFreshBaseAsync(Proposal proposal, string action, CancellationToken cancellationToken)
    {
        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        if (proposal.IsStale(current))
        {
            throw new RegistryRefusedException("StaleBase", "proposal",
                $"the registry refuses to {action} it: it was drafted from version {proposal.BaseVersion}, but version {current} is in force now; rebase it");
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

    private async Task SyncVotesAsync(Hash32 proposalId, CancellationToken cancellationToken)
    {
        var proposal = await LoadAsync(proposalId, cancellationToken);
        if (proposal.State == ProposalState.Draft)
        {
            return;
        }

        var counted = await _registry.GetVotesAsync(proposalId, cancellationToken);
        if (counted.All(v => proposal.Votes.Any(x => x.Voter == v.Voter)))
        {
            return;
        }

        var chain = await _registry.GetProposalAsync(proposalId, cancellationToken);
        await MutateAsync(proposalId, (p, _) =>
        {
            foreach (var v in counted)
            {
                p.RecordChainVote(v, chain.VotingEnd, Now);
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }

    private async Task<Proposal> CancelStaleAsync(Proposal proposal, string actor, long current, CancellationToken cancellationToken)
    {
        var chain = await _registry.GetProposalAsync(proposal.Id, cancellationToken);
        Hash32? tx = chain.State == RegistryProposalState.Canceled ? null : await _registry.CancelAsync(proposal.Id, asGuardian: false, cancellationToken);
        var reason = $"its base version {proposal.BaseVersion} is no longer in force (version {current} is): the registry would never queue or execute it";
        return await MutateAsync(proposal.Id, (p, _) =>
        {
            if (p.IsOpen)
            {
                p.Cancel(actor, tx, reason, Now);
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Passed parameter proposals (Succeeded, Queued) whose base version was replaced can never execute: cancel them on chain.</summary>
    private async Task<IReadOnlyList<ReconciledProposal>> CancelSupersededAsync(string actor, long current, CancellationToken cancellationToken)
    {
        var changed = new List<ReconciledProposal>();
        var passed = (await _proposals.ListAsync(ProposalState.Succeeded, cancellationToken)).Concat(await _proposals.ListAsync(ProposalState.Queued, cancellationToken));
        foreach (var p in passed.Where(p => p.IsStale(current)).ToList())
        {
            var after = await CancelStaleAsync(p, actor, current, cancellationToken);
            changed.Add(new ReconciledProposal(p.Id, p.State, after.State));
        }

        return changed;
    }

    private async Task<Proposal> PushAndRecordAsync(Proposal proposal, string actor, CancellationToken cancellationToken)
    {
        var result = await _registry.PushAsync(proposal.Id, proposal.Payload(), cancellationToken);
        var chain = await _registry.GetProposalAsync(proposal.Id, cancellationToken);
        ProposalState before = default;
        var after = await MutateAsync(proposal.Id, (p, _) =>
        {
            before = p.State;
            p.SyncWithChain(chain, result.QueueTransaction, result.ExecuteTransaction, actor, Now);
            return Task.CompletedTask;
        }, cancellationToken);
        if (after.State == ProposalState.Executed && before != ProposalState.Executed)
        {
            await ApplyExecutionAsync(after, actor, cancellationToken);
        }

        return after;
    }

    private async Task ApplyExecutionAsync(Proposal p, string actor, CancellationToken cancellationToken)
    {
        if (p.Kind == ProposalKind.Parameters)
        {
            await _roster.SetRatifiedAsync(new RatifiedParameterSet(p.ExecutedVersion ?? 0, p.ParamsJson!, p.ParamsHash), cancellationToken);
            await CancelSupersededAsync(actor, p.ExecutedVersion ?? 0, cancellationToken);
        }
        else if (p.Kind == ProposalKind.Membership)
        {
            await _roster.SetCommitteeAsync(new CommitteeSnapshot(p.Membership), cancellationToken);
        }

        if (_anchoring is not null)
        {
            try
            {
                await _anchoring.AnchorAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The scheduled anchoring (ChainReconciliation) retries; the execution itself is done.
            }
        }
    }

    /// <summary>Keeps the portal's cache of the set in force (canonical JSON) on the registry's current version when an executed proposal holds it.</summary>
    private async Task RefreshCacheAsync(CancellationToken cancellationToken)
    {
        var current = await _registry.GetCurrentVersionAsync(cancellationToken);
        var cached = await _roster.GetRatifiedAsync(cancellationToken);
        if (current == 0 || cached?.Version == current)
        {
            return;
        }

        var executed = (await _proposals.ListAsync(ProposalState.Executed, cancellationToken))
            .FirstOrDefault(p => p.Kind == ProposalKind.Parameters && p.ExecutedVersion == current);
        if (executed is not null)
        {
            await _roster.SetRatifiedAsync(new RatifiedParameterSet(current, executed.ParamsJson!, executed.ParamsHash), cancellationToken);
        }
    }
}
