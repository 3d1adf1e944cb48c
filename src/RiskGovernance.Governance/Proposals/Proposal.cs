using System.Globalization;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Committees;
using RiskGovernance.Governance.Ports;
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
/// The proposal aggregate: what is proposed (a complete parameter set, or a new committee), its
/// diff against the ratified set, its simulation record, the committee snapshot and rules frozen at
/// opening, the votes, the state and the timeline. Every behaviour method checks first and throws
/// (<see cref="IllegalTransitionException"/> for a wrong state, <see cref="InputValidationException"/>
/// naming the field for bad input) before changing anything.
/// <para>
/// Persistence (EF Core, by helper code outside the domain): private setters, a private
/// parameterless constructor, collections in private <c>List&lt;T&gt;</c> fields (<c>_changes</c>,
/// <c>_membership</c>, <c>_snapshot</c>, <c>_votes</c>, <c>_timeline</c>) exposed read-only;
/// <see cref="Address"/> and <see cref="Hash32"/> properties are mapped with value converters to
/// their hex text (<c>ToString()</c> / <c>Parse</c>); <see cref="Revision"/> is the optimistic
/// concurrency token (incremented by every change); <see cref="PendingAuditEvents"/> is not stored:
/// the repository appends them to the audit log in the same transaction and then calls
/// <see cref="ClearPendingAuditEvents"/>.
/// </para>
/// </summary>
public sealed class Proposal
{
    /// <summary>Maximum title length.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Maximum rationale length.</summary>
    public const int MaxRationaleLength = 20_000;

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

    /// <summary>Proposal id (also the registry's proposal id).</summary>
    public Hash32 Id { get; private set; }

    /// <summary>Title.</summary>
    public string Title { get; private set; }

    /// <summary>Rationale.</summary>
    public string Rationale { get; private set; }

    /// <summary>The member who wrote it.</summary>
    public Address Author { get; private set; }

    /// <summary>Parameters or Membership.</summary>
    public ProposalKind Kind { get; private set; }

    /// <summary>The proposed parameter set as canonical params.json text (Parameters proposals), else null.</summary>
    public string? ParamsJson { get; private set; }

    /// <summary>The hash ballots approve: the params hash, or the membership hash.</summary>
    public Hash32 ParamsHash { get; private set; }

    /// <summary>The ratified version the diff was computed against.</summary>
    public long BaseVersion { get; private set; }

    /// <summary>The ratified set's params hash at drafting.</summary>
    public Hash32 BaseParamsHash { get; private set; }

    /// <summary>True when a change exceeds its step bound: the proposal needs the supermajority.</summary>
    public bool RequiresSupermajority { get; private set; }

    /// <summary>The new committee's approval threshold in basis points (Membership proposals), else null.</summary>
    public int? MembershipThresholdBps { get; private set; }

    /// <summary>State.</summary>
    public ProposalState State { get; private set; }

    /// <summary>When the draft was created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When voting opened.</summary>
    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>The voting deadline (may move once on late quorum).</summary>
    public DateTimeOffset? VotingEndsAt { get; private set; }

    /// <summary>When quorum was first reached.</summary>
    public DateTimeOffset? QuorumReachedAt { get; private set; }

    /// <summary>Earliest execution time (from the registry) once queued.</summary>
    public DateTimeOffset? Eta { get; private set; }

    /// <summary>The queue transaction.</summary>
    public Hash32? QueueTransactionHash { get; private set; }

    /// <summary>The execute transaction.</summary>
    public Hash32? ExecuteTransactionHash { get; private set; }

    /// <summary>The registry version created by the execution (Parameters proposals).</summary>
    public long? ExecutedVersion { get; private set; }

    /// <summary>The rules frozen at opening, null while Draft.</summary>
    public VotingRules? Rules { get; private set; }

    /// <summary>The impact simulation (Parameters proposals), null until it ran.</summary>
    public SimulationRecord? Simulation { get; private set; }

    /// <summary>Optimistic concurrency token: incremented by every change.</summary>
    public int Revision { get; private set; }

    /// <summary>The diff against the ratified set.</summary>
    public IReadOnlyList<ParameterChange> Changes => _changes;

    /// <summary>The proposed committee (Membership proposals).</summary>
    public IReadOnlyList<CommitteeMember> Membership => _membership;

    /// <summary>The committee snapshot members frozen at opening.</summary>
    public IReadOnlyList<CommitteeMember> SnapshotMembers => _snapshot;

    /// <summary>Votes in arrival order.</summary>
    public IReadOnlyList<Vote> Votes => _votes;

    /// <summary>State changes with times and transaction hashes.</summary>
    public IReadOnlyList<ProposalTransition> Timeline => _timeline;

    /// <summary>Audit events raised since the last save (not stored with the proposal).</summary>
    public IReadOnlyList<AuditEvent> PendingAuditEvents => _pendingAudit;

    /// <summary>The committee snapshot (null while Draft).</summary>
    public CommitteeSnapshot? Snapshot => _snapshot.Count == 0 ? null : new CommitteeSnapshot(_snapshot);

    /// <summary>The current tally (null while Draft).</summary>
    public Tally? Tally => Rules is null ? null : Proposals.Tally.Count(_votes, _snapshot.Sum(m => m.Weight), Rules);

    /// <summary>A new parameter proposal in Draft. The caller (the service) computed the canonical JSON,
    /// hashes, diff and bound check; this checks title, rationale and author.</summary>
    public static Proposal DraftParameters(
        Hash32 id, string title, string rationale, Address author, string canonicalParamsJson, Hash32 paramsHash,
        long baseVersion, Hash32 baseParamsHash, IEnumerable<ParameterChange> changes, bool requiresSupermajority, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalParamsJson);
        ArgumentNullException.ThrowIfNull(changes);
        var p = NewDraft(id, title, rationale, author, ProposalKind.Parameters, paramsHash, now, e => { });
        p.ParamsJson = canonicalParamsJson;
        p.BaseVersion = baseVersion;
        p.BaseParamsHash = baseParamsHash;
        p._changes.AddRange(changes);
        p.RequiresSupermajority = requiresSupermajority;
        p.Created(now, new { kind = "parameters", paramsHash = paramsHash.ToString(), baseVersion, requiresSupermajority, changes = p._changes.Count });
        return p;
    }

    /// <summary>
    /// A new membership proposal in Draft: the complete new committee and its registry threshold.
    /// <paramref name="membershipHash"/> is what its ballots approve (<see cref="IBallotScheme.MembershipHash"/>).
    /// </summary>
    public static Proposal DraftMembership(
        Hash32 id, string title, string rationale, Address author, IReadOnlyList<CommitteeMember> members, int thresholdBps, Hash32 membershipHash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(members);
        var committee = members;
        var p = NewDraft(id, title, rationale, author, ProposalKind.Membership, membershipHash, now, e =>
        {
            if (thresholdBps is <= 0 or > 10_000)
            {
                e.Add("membership.thresholdBps", $"must be in 1..10000 (was {thresholdBps})");
            }

            try
            {
                _ = new CommitteeSnapshot(committee);
            }
            catch (InputValidationException x)
            {
                e.AddRange(x.Errors.Select(er => er with { Field = "membership." + er.Field }));
            }
        });
        p._membership.AddRange(members);
        p.MembershipThresholdBps = thresholdBps;
        p.Created(now, new { kind = "membership", paramsHash = p.ParamsHash.ToString(), members = members.Count, thresholdBps });
        return p;
    }

    /// <summary>Records the impact simulation (Draft, Parameters proposals); it must be of this proposal's set.</summary>
    public void AttachSimulation(SimulationRecord record, Address actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        Require(ProposalState.Draft, "attach a simulation to");
        if (Kind != ProposalKind.Parameters)
        {
            throw new IllegalTransitionException(State, "attach a simulation to", "a membership proposal has no parameter set");
        }

        var e = new ValidationErrors();
        if (record.ProposedParamsHash != ParamsHash)
        {
            e.Add("simulation.proposedParamsHash", $"{record.ProposedParamsHash} is not the proposal's params hash {ParamsHash}");
        }

        if (record.CurrentParamsHash != BaseParamsHash)
        {
            e.Add("simulation.currentParamsHash", $"{record.CurrentParamsHash} is not the ratified set's hash {BaseParamsHash}");
        }

        e.ThrowIfAny();
        Simulation = record;
        Touch();
        Audit(actor.ToString(), "proposal.simulated", now, new { resultHash = record.ResultHash.ToString(), warnings = record.Warnings });
    }

    /// <summary>Opens voting (Draft, by the author): freezes the committee snapshot and the rules
    /// (the majority rule follows <see cref="RequiresSupermajority"/>). A parameter proposal needs its simulation.</summary>
    public void Open(CommitteeSnapshot committee, VotingRules rules, Address actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(committee);
        ArgumentNullException.ThrowIfNull(rules);
        Require(ProposalState.Draft, "open");
        if (actor != Author)
        {
            throw new InputValidationException("actor", $"{actor} is not the author {Author}; only the author opens a proposal");
        }

        if (Kind == ProposalKind.Parameters && Simulation is null)
        {
            throw new IllegalTransitionException(State, "open", "its impact simulation has not run");
        }

        _snapshot.AddRange(committee.Members);
        Rules = rules with { Majority = RequiresSupermajority ? MajorityRule.Supermajority : MajorityRule.Simple };
        OpenedAt = now;
        VotingEndsAt = now + rules.VotingPeriod;
        Move(ProposalState.Active, "open", actor.ToString(), now, null,
            new { votingEndsAt = VotingEndsAt, snapshotWeight = committee.TotalWeight, majority = Rules.Majority.ToString() });
    }

    /// <summary>
    /// Records a ballot (Active, before the deadline). Rejected, naming the field, when: for another
    /// proposal id or params hash (replay), the voter is not in the snapshot, the voter already voted,
    /// the signature is malformed or has a high s (the registry refuses it), the signature does not
    /// recover to the voter over this proposal's ballot in <paramref name="domain"/> (forged, read with
    /// <paramref name="scheme"/>), the reason is too long, or the deadline passed (late). A vote that
    /// first reaches quorum within the last LateQuorumExtension of voting moves the deadline to now + extension.
    /// </summary>
    public Vote CastVote(SignedBallot ballot, IBallotScheme scheme, BallotDomain domain, int maxReasonLength, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(domain);
        Require(ProposalState.Active, "vote on");
        var rules = Rules!;
        var e = new ValidationErrors();
        if (now >= VotingEndsAt!.Value)
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

        var member = _snapshot.FirstOrDefault(m => m.Address == ballot.Voter);
        if (member is null)
        {
            e.Add("ballot.voter", $"{ballot.Voter} is not in the proposal's committee snapshot");
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

        var quorumBefore = Tally!.QuorumReached;
        var vote = new Vote(Id, ParamsHash, ballot.Voter, ballot.Support, member!.Weight, string.IsNullOrEmpty(ballot.Reason) ? null : ballot.Reason,
            signature!.ToString(), now);
        _votes.Add(vote);
        var extended = false;
        if (!quorumBefore && Tally!.QuorumReached)
        {
            QuorumReachedAt = now;
            var extendedEnd = now + rules.LateQuorumExtension;
            if (extendedEnd > VotingEndsAt.Value)
            {
                VotingEndsAt = extendedEnd;
                extended = true;
            }
        }

        Touch();
        Audit(ballot.Voter.ToString(), "vote.cast", now, new
        {
            support = ballot.Support.ToString(),
            weight = member.Weight,
            reason = vote.Reason,
            signature = vote.Signature,
            deadlineExtendedTo = extended ? VotingEndsAt : null,
        });
        return vote;
    }

    /// <summary>Ends voting (Active, at or after the deadline): Succeeded with quorum and majority, else Defeated.</summary>
    public void Finalize(DateTimeOffset now)
    {
        Require(ProposalState.Active, "finalize");
        if (now < VotingEndsAt!.Value)
        {
            throw new IllegalTransitionException(State, "finalize", $"voting ends at {VotingEndsAt.Value.ToString("O", CultureInfo.InvariantCulture)}");
        }

        var tally = Tally!;
        Move(tally.Passes ? ProposalState.Succeeded : ProposalState.Defeated, "finalize", "system", now, null,
            new { tally.For, tally.Against, tally.Abstain, tally.TotalWeight, tally.QuorumReached, tally.MajorityReached });
    }

    /// <summary>Records the registry's queue transaction and eta (Succeeded).</summary>
    public void MarkQueued(Hash32? transactionHash, DateTimeOffset eta, string actor, DateTimeOffset now)
    {
        Require(ProposalState.Succeeded, "queue");
        QueueTransactionHash = transactionHash;
        Eta = eta;
        Move(ProposalState.Queued, "queue", actor, now, transactionHash, new { eta });
    }

    /// <summary>Records the registry's execution (Queued).</summary>
    public void MarkExecuted(Hash32? transactionHash, long? version, string actor, DateTimeOffset now)
    {
        Require(ProposalState.Queued, "execute");
        ExecuteTransactionHash = transactionHash;
        ExecutedVersion = version;
        Move(ProposalState.Executed, "execute", actor, now, transactionHash, new { version });
    }

    /// <summary>Cancels: the author while Draft; a guardian of <paramref name="committee"/> in any state before execution
    /// (Draft, Active, Succeeded, Queued).</summary>
    public void Cancel(Address actor, CommitteeSnapshot committee, Hash32? transactionHash, DateTimeOffset now)
    {
        EnsureCanCancel(actor, committee);
        var guardian = committee.IsGuardian(actor);
        Move(ProposalState.Canceled, "cancel", actor.ToString(), now, transactionHash, new { asGuardian = guardian });
    }

    /// <summary>Vetoes (Queued, by a guardian of <paramref name="committee"/>).</summary>
    public void Veto(Address actor, CommitteeSnapshot committee, Hash32? transactionHash, DateTimeOffset now)
    {
        EnsureCanVeto(actor, committee);
        Move(ProposalState.Vetoed, "veto", actor.ToString(), now, transactionHash, new { });
    }

    /// <summary>Throws unless <paramref name="actor"/> may veto now (Queued, a guardian); changes nothing.</summary>
    public void EnsureCanVeto(Address actor, CommitteeSnapshot committee)
    {
        ArgumentNullException.ThrowIfNull(committee);
        Require(ProposalState.Queued, "veto");
        if (!committee.IsGuardian(actor))
        {
            throw new InputValidationException("actor", $"{actor} is not a guardian; only a guardian may veto");
        }
    }

    /// <summary>Throws unless <paramref name="actor"/> may cancel now; changes nothing.</summary>
    public void EnsureCanCancel(Address actor, CommitteeSnapshot committee)
    {
        ArgumentNullException.ThrowIfNull(committee);
        if (State is not (ProposalState.Draft or ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued))
        {
            throw new IllegalTransitionException(State, "cancel");
        }

        if (!committee.IsGuardian(actor) && !(actor == Author && State == ProposalState.Draft))
        {
            throw new InputValidationException("actor",
                $"{actor} may not cancel a {State} proposal: only the author while Draft, or a guardian before execution");
        }
    }

    /// <summary>Records a veto that the registry reports (reconciliation).</summary>
    public void MarkVetoedOnChain(DateTimeOffset now)
    {
        Require(ProposalState.Queued, "record a veto of");
        Move(ProposalState.Vetoed, "veto", "chain", now, null, new { reportedBy = "registry" });
    }

    /// <summary>Expires a Queued proposal after eta + grace period (or when the registry reports it expired).</summary>
    public void Expire(DateTimeOffset now, bool reportedByRegistry = false)
    {
        Require(ProposalState.Queued, "expire");
        var deadline = Eta!.Value + Rules!.GracePeriod;
        if (!reportedByRegistry && now <= deadline)
        {
            throw new IllegalTransitionException(State, "expire", $"it can be executed until {deadline.ToString("O", CultureInfo.InvariantCulture)}");
        }

        Move(ProposalState.Expired, "expire", reportedByRegistry ? "chain" : "system", now, null, new { deadline });
    }

    /// <summary>Called by the repository after it appended <see cref="PendingAuditEvents"/>.</summary>
    public void ClearPendingAuditEvents() => _pendingAudit.Clear();

    private static Proposal NewDraft(
        Hash32 id, string title, string rationale, Address author, ProposalKind kind, Hash32 paramsHash, DateTimeOffset now, Action<ValidationErrors> more)
    {
        var e = new ValidationErrors();
        if (id == Hash32.Zero)
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

        if (string.IsNullOrWhiteSpace(rationale))
        {
            e.Add("rationale", "must not be empty");
        }
        else if (rationale.Length > MaxRationaleLength)
        {
            e.Add("rationale", $"must be at most {MaxRationaleLength} characters");
        }

        if (author.IsZero)
        {
            e.Add("author", "must not be the zero address");
        }

        more(e);
        e.ThrowIfAny();
        return new Proposal
        {
            Id = id,
            Title = title.Trim(),
            Rationale = rationale,
            Author = author,
            Kind = kind,
            ParamsHash = paramsHash,
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
