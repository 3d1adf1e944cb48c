using System.Globalization;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Engine.Json;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Proposals;

/// <summary>A ballot as a member submits it: what they signed, the signature and an optional reason.</summary>
/// <param name="ProposalId">The proposal id the member signed.</param>
/// <param name="ParamsHash">The params hash the member signed.</param>
/// <param name="Support">For, Against or Abstain.</param>
/// <param name="Voter">The member's address.</param>
/// <param name="Signature">0x-prefixed 65-byte EIP-712 signature.</param>
/// <param name="Reason">Optional reason (length-limited).</param>
public sealed record SignedBallot(Hash32 ProposalId, Hash32 ParamsHash, BallotSupport Support, Address Voter, string Signature, string? Reason);

/// <summary>What a member signs (EIP-712 typed data <c>Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)</c>, exactly as the registry verifies it).</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="ParamsHash">The hash the ballot approves (params hash or membership hash).</param>
/// <param name="Support">For, Against or Abstain.</param>
public sealed record Ballot(Hash32 ProposalId, Hash32 ParamsHash, BallotSupport Support);

/// <summary>
/// The proposal aggregate: what is proposed (a complete parameter set, a new committee, or new
/// rules and bounds), its diff against what is in force, its simulation record, its registration
/// on chain (id, committee epoch, voting window, whether it needs the supermajority), the votes
/// the registry counted, the state and the timeline. The registry decides: every state after
/// Draft follows what the chain reports (<see cref="SyncWithChain"/>). Every behaviour method
/// checks first and throws (<see cref="IllegalTransitionException"/> for a wrong state,
/// <see cref="InputValidationException"/> naming the field for bad input) before changing anything.
/// <para>
/// Persistence (EF Core, by helper code outside the domain): private setters, a private
/// parameterless constructor, collections in private <c>List&lt;T&gt;</c> fields (<c>_changes</c>,
/// <c>_membership</c>, <c>_snapshot</c>, <c>_votes</c>, <c>_timeline</c>) exposed read-only;
/// <see cref="Address"/> and <see cref="Hash32"/> properties are mapped with value converters to
/// their hex text; <see cref="Revision"/> is the optimistic concurrency token (incremented by every
/// change); <see cref="PendingAuditEvents"/> is not stored: the repository appends them to the
/// audit log in the same transaction and then calls <see cref="ClearPendingAuditEvents"/>.
/// </para>
/// </summary>
public sealed class Proposal
{
    /// <summary>Maximum title length.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Maximum rationale length.</summary>
    public const int MaxRationaleLength = 20_000;

    /// <summary>The actor recorded for what the registry reports without a portal user behind it.</summary>
    public const string ChainActor = "chain";

    private readonly List<ParameterChange> _changes = [];
    private readonly List<CommitteeMember> _membership = [];
    private readonly List<CommitteeMember> _snapshot = [];
    private readonly List<Vote> _votes = [];
    private readonly List<ProposalTransition> _timeline = [];
    private readonly List<AuditEvent> _pendingAudit = [];

    private Proposal()
    {
        Title = "";
        Rationale = "";
    }

    /// <summary>Proposal id: the registry's id, keccak256(abi.encode(kind, ballotHash, payloadHash, baseVersion, salt)).</summary>
    public Hash32 Id { get; private set; }

    /// <summary>Title.</summary>
    public string Title { get; private set; }

    /// <summary>Rationale.</summary>
    public string Rationale { get; private set; }

    /// <summary>The member who wrote it.</summary>
    public Address Author { get; private set; }

    /// <summary>Parameters, Membership or Rules.</summary>
    public ProposalKind Kind { get; private set; }

    /// <summary>The proposed parameter set as canonical params.json text (Parameters proposals), else null.</summary>
    public string? ParamsJson { get; private set; }

    /// <summary>The hash ballots approve: the params hash, or the payload hash of a committee or rules change.</summary>
    public Hash32 ParamsHash { get; private set; }

    /// <summary>keccak256 of the ABI-encoded payload the registry executes.</summary>
    public Hash32 PayloadHash { get; private set; }

    /// <summary>The random salt that makes the id unique.</summary>
    public Hash32 Salt { get; private set; }

    /// <summary>The parameter version the proposal was drafted from (0 for other kinds).</summary>
    public long BaseVersion { get; private set; }

    /// <summary>The base version's params hash (zero for other kinds).</summary>
    public Hash32 BaseParamsHash { get; private set; }

    /// <summary>The proposal this one was rebased from, if any.</summary>
    public Hash32? RebasedFrom { get; private set; }

    /// <summary>True when it needs the supermajority: the registry's answer (a step bound exceeded, or a committee or rules change).</summary>
    public bool RequiresSupermajority { get; private set; }

    /// <summary>The proposed rules (Rules proposals), else null.</summary>
    public GovernanceRules? ProposedRules { get; private set; }

    /// <summary>The proposed bounds (Rules proposals), else null.</summary>
    public RegistryBounds? ProposedBounds { get; private set; }

    /// <summary>State.</summary>
    public ProposalState State { get; private set; }

    /// <summary>When the draft was created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the registry opened voting.</summary>
    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>The registry's voting end (moved by late quorum).</summary>
    public DateTimeOffset? VotingEndsAt { get; private set; }

    /// <summary>Earliest execution time (from the registry) once queued.</summary>
    public DateTimeOffset? Eta { get; private set; }

    /// <summary>The committee epoch whose members vote (from the registration).</summary>
    public long? Epoch { get; private set; }

    /// <summary>The registration transaction.</summary>
    public Hash32? OpenTransactionHash { get; private set; }

    /// <summary>The queue transaction.</summary>
    public Hash32? QueueTransactionHash { get; private set; }

    /// <summary>The execute transaction.</summary>
    public Hash32? ExecuteTransactionHash { get; private set; }

    /// <summary>The registry version created by the execution (Parameters proposals).</summary>
    public long? ExecutedVersion { get; private set; }

    /// <summary>The registry's rules when it registered the proposal (quorum and supermajority are the proposal's own); null while Draft.</summary>
    public GovernanceRules? Rules { get; private set; }

    /// <summary>The impact simulation (Parameters proposals), null until it ran.</summary>
    public SimulationRecord? Simulation { get; private set; }

    /// <summary>Optimistic concurrency token: incremented by every change.</summary>
    public int Revision { get; private set; }

    /// <summary>The diff against what was in force at drafting.</summary>
    public IReadOnlyList<ParameterChange> Changes => _changes;

    /// <summary>The proposed committee (Membership proposals); exactly one member is the guardian.</summary>
    public IReadOnlyList<CommitteeMember> Membership => _membership;

    /// <summary>The committee of the proposal's epoch, as registered.</summary>
    public IReadOnlyList<CommitteeMember> SnapshotMembers => _snapshot;

    /// <summary>Votes the registry counted, in order.</summary>
    public IReadOnlyList<Vote> Votes => _votes;

    /// <summary>State changes with times, actors and transaction hashes.</summary>
    public IReadOnlyList<ProposalTransition> Timeline => _timeline;

    /// <summary>Audit events raised since the last save (not stored with the proposal).</summary>
    public IReadOnlyList<AuditEvent> PendingAuditEvents => _pendingAudit;

    /// <summary>The committee snapshot (null while Draft).</summary>
    public CommitteeSnapshot? Snapshot => _snapshot.Count == 0 ? null : new CommitteeSnapshot(_snapshot);

    /// <summary>True while the proposal may still reach the registry's queue or execution.</summary>
    public bool IsOpen => State is ProposalState.Draft or ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued;

    /// <summary>
    /// True when this open parameter proposal was drafted from a version that is no longer the one in
    /// force: the registry would refuse to queue or execute it (StaleBase); rebase it.
    /// </summary>
    public bool IsStale(long currentVersion) => Kind == ProposalKind.Parameters && IsOpen && BaseVersion != currentVersion;

    /// <summary>A new parameter proposal in Draft. The service computed the identity, the canonical JSON, the diff and the registry's answer on the supermajority.</summary>
    public static Proposal DraftParameters(
        ProposalIdentity identity, Hash32 salt, string title, string rationale, Address author, string canonicalParamsJson,
        long baseVersion, Hash32 baseParamsHash, IEnumerable<ParameterChange> changes, bool requiresSupermajority, Hash32? rebasedFrom, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalParamsJson);
        ArgumentNullException.ThrowIfNull(changes);
        var p = NewDraft(identity, salt, title, rationale, author, ProposalKind.Parameters, now, _ => { });
        p.ParamsJson = canonicalParamsJson;
        p.BaseVersion = baseVersion;
        p.BaseParamsHash = baseParamsHash;
        p.RebasedFrom = rebasedFrom;
        p._changes.AddRange(changes);
        p.RequiresSupermajority = requiresSupermajority;
        p.Created(now, new
        {
            kind = "parameters", paramsHash = p.ParamsHash.ToString(), baseVersion, requiresSupermajority, changes = p._changes.Count,
            rebasedFrom = rebasedFrom?.ToString(), conflicts = p._changes.Count(c => c.Conflict),
        });
        return p;
    }

    /// <summary>A new membership proposal in Draft: the whole new committee, exactly one member of which is the guardian.</summary>
    public static Proposal DraftMembership(
        ProposalIdentity identity, Hash32 salt, string title, string rationale, Address author, IReadOnlyList<CommitteeMember> members, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(members);
        var p = NewDraft(identity, salt, title, rationale, author, ProposalKind.Membership, now, e => ValidateMembership(e, members));
        p._membership.AddRange(members);
        p.RequiresSupermajority = true;
        p.Created(now, new { kind = "membership", paramsHash = p.ParamsHash.ToString(), members = members.Count, guardian = p.MembershipGuardian?.ToString() });
        return p;
    }

    /// <summary>A new rules proposal in Draft: the whole new rules and bounds, with their diff against those in force.</summary>
    public static Proposal DraftRules(
        ProposalIdentity identity, Hash32 salt, string title, string rationale, Address author, GovernanceRules rules, RegistryBounds bounds,
        IEnumerable<ParameterChange> changes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(changes);
        var p = NewDraft(identity, salt, title, rationale, author, ProposalKind.Rules, now, _ => { });
        p.ProposedRules = rules;
        p.ProposedBounds = bounds;
        p._changes.AddRange(changes);
        p.RequiresSupermajority = true;
        p.Created(now, new { kind = "rules", paramsHash = p.ParamsHash.ToString(), changes = p._changes.Count });
        return p;
    }

    /// <summary>Checks a proposed committee: valid members, exactly one guardian. Errors are named <c>membership.*</c>.</summary>
    public static void ValidateMembership(ValidationErrors e, IReadOnlyList<CommitteeMember?> members)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(members);
        try
        {
            _ = new CommitteeSnapshot(members!);
        }
        catch (InputValidationException x)
        {
            e.AddRange(x.Errors.Select(er => er with { Field = "membership." + er.Field }));
            return;
        }

        var guardians = members.Count(m => m!.IsGuardian);
        if (guardians != 1)
        {
            e.Add("membership.members", $"exactly one member must be the guardian (found {guardians})");
        }
    }

    /// <summary>The proposed guardian (Membership proposals), else null.</summary>
    public Address? MembershipGuardian => _membership.FirstOrDefault(m => m.IsGuardian)?.Address;

    /// <summary>What the proposal carries to the registry.</summary>
    public ProposalPayload Payload() => Kind switch
    {
        ProposalKind.Parameters => new ParametersPayload(OnChainParameterCodec.ToOnChain(ParameterSetJson.Read(ParamsJson!))),
        ProposalKind.Membership => new MembershipPayload([.. _membership.Select(m => new WeightedMember(m.Address, m.Weight))], MembershipGuardian!.Value),
        _ => new RulesPayload(ProposedRules!, ProposedBounds!),
    };

    /// <summary>Records the impact simulation (Draft, Parameters proposals); it must be of this proposal's set.</summary>
    public void AttachSimulation(SimulationRecord record, Address actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        Require(ProposalState.Draft, "attach a simulation to");
        if (Kind != ProposalKind.Parameters)
        {
            throw new IllegalTransitionException(State, "attach a simulation to", "only a parameter proposal has a parameter set");
        }

        if (record.ProposedParamsHash != ParamsHash)
        {
            throw new InputValidationException("simulation.proposedParamsHash", $"{record.ProposedParamsHash} is not the proposal's params hash {ParamsHash}");
        }

        Simulation = record;
        Touch();
        Audit(actor.ToString(), "proposal.simulated", now,
            new { resultHash = record.ResultHash.ToString(), comparedWith = record.CurrentParamsHash.ToString(), warnings = record.Warnings });
    }

    /// <summary>Throws unless <paramref name="actor"/> may open the proposal now (Draft, the author, simulated); changes nothing.</summary>
    public void EnsureCanOpen(Address actor)
    {
        Require(ProposalState.Draft, "open");
        if (actor != Author)
        {
            throw new InputValidationException("actor", $"{actor} is not the author {Author}; only the author opens a proposal");
        }

        if (Kind == ProposalKind.Parameters && Simulation is null)
        {
            throw new IllegalTransitionException(State, "open", "its impact simulation has not run");
        }
    }

    /// <summary>
    /// Records the registry's registration (Draft, by the author): the voting window, the committee
    /// epoch and its members, whether the supermajority applies, and the rules of the registration.
    /// </summary>
    public void Open(RegistryProposal registration, GovernanceRules rules, CommitteeSnapshot epochCommittee, Address actor, Hash32? transactionHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(epochCommittee);
        EnsureCanOpen(actor);
        if (registration.Kind != Kind || registration.BallotHash != ParamsHash || registration.PayloadHash != PayloadHash || registration.BaseVersion != BaseVersion)
        {
            throw new InvalidOperationException($"the registry holds proposal {Id} with other content than this draft.");
        }

        _snapshot.AddRange(epochCommittee.Members);
        Epoch = registration.Epoch;
        RequiresSupermajority = registration.Supermajority;
        Rules = rules with { QuorumBps = registration.QuorumBps, SupermajorityBps = registration.SupermajorityBps };
        OpenedAt = registration.VotingStart;
        VotingEndsAt = registration.VotingEnd;
        OpenTransactionHash = transactionHash;
        Move(ProposalState.Active, "open", actor.ToString(), now, transactionHash,
            new { votingEndsAt = VotingEndsAt, epoch = Epoch, snapshotWeight = epochCommittee.TotalWeight, supermajority = RequiresSupermajority });
    }

    /// <summary>
    /// Checks a ballot before it is relayed (Active, before the registry's voting end) and returns the
    /// vote it would be; changes nothing. Rejected, naming the field, when: for another proposal id
    /// or params hash (replay), the voter is not in the proposal's committee epoch, the voter already
    /// voted, the signature is malformed or has a high s, the signature does not recover to the voter
    /// over this proposal's ballot in <paramref name="domain"/> (forged), the reason is too long, or
    /// voting has ended (late). The registry checks all of it again when the ballot is relayed.
    /// </summary>
    public Vote CheckBallot(SignedBallot ballot, IBallotScheme scheme, BallotDomain domain, int maxReasonLength, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(domain);
        Require(ProposalState.Active, "vote on");
        var e = new ValidationErrors();
        if (now > VotingEndsAt!.Value)
        {
            e.Add("ballot", $"late: voting closed at {VotingEndsAt.Value.ToString("O", CultureInfo.InvariantCulture)}");
        }

        if (ballot.ProposalId != Id)
        {
            e.Add("ballot.proposalId", $"the ballot is for proposal {ballot.ProposalId}, not {Id} (replayed ballot)");
        }

        if (ballot.ParamsHash != ParamsHash)
        {
            e.Add("ballot.paramsHash", $"the ballot approves {ballot.ParamsHash}, not this proposal's {ParamsHash} (replayed ballot)");
        }

        if (!Enum.IsDefined(ballot.Support))
        {
            e.Add("ballot.support", $"must be Against (0), For (1) or Abstain (2) (was {(int)ballot.Support})");
        }

        if (ballot.Reason is { } reason && reason.Length > maxReasonLength)
        {
            e.Add("ballot.reason", $"must be at most {maxReasonLength} characters (was {reason.Length})");
        }
        else
        {
            FreeText.Check(e, "ballot.reason", ballot.Reason, multiline: true);
        }

        var member = _snapshot.FirstOrDefault(m => m.Address == ballot.Voter);
        if (member is null)
        {
            e.Add("ballot.voter", $"{ballot.Voter} is not in the committee of the proposal's epoch {Epoch}");
        }
        else if (_votes.Any(v => v.Voter == ballot.Voter))
        {
            e.Add("ballot.voter", $"{ballot.Voter} has already voted on this proposal");
        }

        e.ThrowIfAny();
        var signature = Vote.ReadSignature(ballot.Signature);
        var signer = signature is null ? null : scheme.RecoverVoter(domain, new Ballot(Id, ParamsHash, ballot.Support), signature);
        if (signer != ballot.Voter)
        {
            throw new InputValidationException("ballot.signature",
                signer is null ? "is not a valid 65-byte signature with a low s (r ‖ s ‖ v)" : $"recovers to {signer}, not the voter {ballot.Voter} (forged or signed over other data)");
        }

        return new Vote(Id, ParamsHash, ballot.Voter, ballot.Support, member!.Weight, string.IsNullOrEmpty(ballot.Reason) ? null : ballot.Reason,
            signature!.ToString(), now);
    }

    /// <summary>
    /// Records a vote the registry counted (relayed by <paramref name="transactionHash"/>) and the
    /// registry's voting end after it (late quorum may have moved it). A voter already recorded is ignored.
    /// </summary>
    public void RecordVote(Vote vote, Hash32 transactionHash, DateTimeOffset votingEndsAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(vote);
        if (vote.ProposalId != Id)
        {
            throw new ArgumentException($"the vote is for proposal {vote.ProposalId}, not {Id}.", nameof(vote));
        }

        if (_votes.Any(v => v.Voter == vote.Voter))
        {
            return;
        }

        var counted = vote.Counted(transactionHash);
        _votes.Add(counted);
        var extended = VotingEndsAt is { } end && votingEndsAt > end;
        if (State == ProposalState.Active)
        {
            VotingEndsAt = votingEndsAt;
        }

        Touch();
        Audit(vote.Voter.ToString(), "vote.cast", now, new
        {
            support = vote.Support.ToString(),
            weight = vote.Weight,
            reason = vote.Reason,
            signature = vote.Signature,
            transaction = transactionHash.ToString(),
            deadlineExtendedTo = extended ? votingEndsAt : (DateTimeOffset?)null,
        });
    }

    /// <summary>Records a vote relayed to the registry by someone else (read from its VoteCast log); a voter already recorded is ignored.</summary>
    public void RecordChainVote(RegistryVote vote, DateTimeOffset votingEndsAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(vote);
        if (State == ProposalState.Draft || _votes.Any(v => v.Voter == vote.Voter))
        {
            return;
        }

        RecordVote(new Vote(Id, ParamsHash, vote.Voter, vote.Support, vote.Weight, null, vote.Signature.ToString(), vote.At), vote.TransactionHash, votingEndsAt, now);
    }

    /// <summary>
    /// Brings the state in line with the registry's: Active -&gt; Succeeded | Defeated | Expired |
    /// Canceled; Succeeded -&gt; Queued | Expired | Canceled; Queued -&gt; Executed | Vetoed | Expired |
    /// Canceled, passing through the states in between. Each step is recorded with
    /// <paramref name="actor"/> (the signed-in member whose action led to it, or <see cref="ChainActor"/>).
    /// Returns true when the state changed.
    /// </summary>
    public bool SyncWithChain(RegistryProposal chain, Hash32? queueTransaction, Hash32? executeTransaction, string actor, DateTimeOffset now, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var before = State;
        if (State == ProposalState.Active && chain.State == RegistryProposalState.Active && chain.VotingEnd != VotingEndsAt)
        {
            VotingEndsAt = chain.VotingEnd;
            Touch();
        }

        var passedVote = chain.State is RegistryProposalState.Succeeded or RegistryProposalState.Queued or RegistryProposalState.Executed or RegistryProposalState.Vetoed
                         || chain.State == RegistryProposalState.Expired
                         || (chain.State == RegistryProposalState.Canceled && chain.Eta is not null);
        if (State == ProposalState.Active && passedVote)
        {
            Move(ProposalState.Succeeded, "finalize", actor, now, null, details ?? new { votingEndedAt = chain.VotingEnd });
        }

        if (State == ProposalState.Active && chain.State == RegistryProposalState.Defeated)
        {
            Move(ProposalState.Defeated, "finalize", actor, now, null, details ?? new { votingEndedAt = chain.VotingEnd });
        }

        if (State == ProposalState.Succeeded && chain.Eta is { } eta)
        {
            Eta = eta;
            QueueTransactionHash = queueTransaction;
            Move(ProposalState.Queued, "queue", actor, now, queueTransaction, new { eta });
        }

        switch (chain.State)
        {
            case RegistryProposalState.Executed when State == ProposalState.Queued:
                ExecuteTransactionHash = executeTransaction;
                ExecutedVersion = Kind == ProposalKind.Parameters ? chain.ExecutedVersion : null;
                Move(ProposalState.Executed, "execute", actor, now, executeTransaction, new { version = ExecutedVersion });
                break;
            case RegistryProposalState.Vetoed when State == ProposalState.Queued:
                Move(ProposalState.Vetoed, "veto", actor, now, null, details ?? new { reportedBy = "registry" });
                break;
            case RegistryProposalState.Canceled when State is ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued:
                Move(ProposalState.Canceled, "cancel", actor, now, null, details ?? new { reportedBy = "registry" });
                break;
            case RegistryProposalState.Expired when State is ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued:
                Move(ProposalState.Expired, "expire", actor, now, null, details ?? new { reportedBy = "registry" });
                break;
        }

        return State != before;
    }

    /// <summary>Cancels (Draft, Active, Succeeded or Queued). The service checked who may: the author while Draft, the
    /// registry's guardian, or anyone for a proposal whose base version was replaced (the registry cancelled it first).</summary>
    public void Cancel(string actor, Hash32? transactionHash, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (FreeText.Problem(reason, multiline: true) is { } problem)
        {
            throw new InputValidationException("reason", problem);
        }

        if (!IsOpen)
        {
            throw new IllegalTransitionException(State, "cancel");
        }

        Move(ProposalState.Canceled, "cancel", actor, now, transactionHash, new { reason });
    }

    /// <summary>Records the guardian's veto (Queued).</summary>
    public void Veto(string actor, Hash32? transactionHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        Require(ProposalState.Queued, "veto");
        Move(ProposalState.Vetoed, "veto", actor, now, transactionHash, new { });
    }

    /// <summary>Called by the repository after it appended <see cref="PendingAuditEvents"/>.</summary>
    public void ClearPendingAuditEvents() => _pendingAudit.Clear();

    private static Proposal NewDraft(
        ProposalIdentity identity, Hash32 salt, string title, string rationale, Address author, ProposalKind kind, DateTimeOffset now, Action<ValidationErrors> more)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var e = new ValidationErrors();
        if (identity.Id == Hash32.Zero)
        {
            e.Add("id", "must not be zero");
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            e.Add("title", "must not be empty");
        }
        else if (title.Trim().Length > MaxTitleLength)
        {
            e.Add("title", $"must be at most {MaxTitleLength} characters");
        }
        else
        {
            FreeText.Check(e, "title", title, multiline: false);
        }

        if (string.IsNullOrWhiteSpace(rationale))
        {
            e.Add("rationale", "must not be empty");
        }
        else if (rationale.Length > MaxRationaleLength)
        {
            e.Add("rationale", $"must be at most {MaxRationaleLength} characters");
        }
        else
        {
            FreeText.Check(e, "rationale", rationale, multiline: true);
        }

        if (author.IsZero)
        {
            e.Add("author", "must not be the zero address");
        }

        more(e);
        e.ThrowIfAny();
        return new Proposal
        {
            Id = identity.Id,
            Title = title.Trim(),
            Rationale = rationale,
            Author = author,
            Kind = kind,
            ParamsHash = identity.BallotHash,
            PayloadHash = identity.PayloadHash,
            Salt = salt,
            State = ProposalState.Draft,
            CreatedAt = now,
        };
    }

    private void Created(DateTimeOffset now, object payload)
    {
        _timeline.Add(new ProposalTransition(null, ProposalState.Draft, now, Author.ToString(), "create", null));
        Audit(Author.ToString(), "proposal.created", now, payload);
    }

    private void Require(ProposalState expected, string action)
    {
        if (State != expected)
        {
            throw new IllegalTransitionException(State, action);
        }
    }

    private void Move(ProposalState to, string action, string actor, DateTimeOffset now, Hash32? tx, object payload)
    {
        var from = State;
        State = to;
        _timeline.Add(new ProposalTransition(from, to, now, actor, action, tx));
        Touch();
        Audit(actor, $"proposal.{to.ToString().ToLowerInvariant()}", now, new { from = from.ToString(), to = to.ToString(), transaction = tx?.ToString(), details = payload });
    }

    private void Touch() => Revision++;

    private void Audit(string actor, string action, DateTimeOffset now, object payload)
        => _pendingAudit.Add(new AuditEvent(actor, action, Id.ToString(), AuditChain.Payload(payload), now));
}
