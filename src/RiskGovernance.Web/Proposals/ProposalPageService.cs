using Microsoft.Extensions.Options;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Ports;
using RiskGovernance.Governance.Registry;
using RiskGovernance.Web.Identity;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Proposals;

/// <summary>
/// What the proposal pages do (scoped per circuit): list and load proposals with names and verified
/// votes, and every action with its role checked here on the server (<see cref="CurrentUser"/>)
/// before <see cref="GovernanceService"/> checks the state. A refused action changes nothing.
/// </summary>
public sealed class ProposalPageService
{
    private readonly GovernanceService _governance;
    private readonly IProposalRepository _proposals;
    private readonly ICommitteeStore _roster;
    private readonly CurrentUser _user;
    private readonly ImpactSimulations _simulations;
    private readonly TimeProvider _time;
    private readonly IRegistryGateway _registry;
    private readonly ChainClient _chain;
    private readonly ChainTime _chainTime;
    private readonly DevelopmentWallet? _wallet;
    private readonly IHostEnvironment _environment;
    private readonly GovernanceRulesOptions _rules;

    /// <summary>Creates the service; <paramref name="wallet"/> exists only in Development on the local chain.</summary>
    public ProposalPageService(
        GovernanceService governance, IProposalRepository proposals, ICommitteeStore roster, CurrentUser user, ImpactSimulations simulations,
        TimeProvider time, IRegistryGateway registry, ChainClient chain, ChainTime chainTime, IHostEnvironment environment,
        IOptions<GovernanceRulesOptions> rules, DevelopmentWallet? wallet = null)
    {
        _governance = governance ?? throw new ArgumentNullException(nameof(governance));
        _proposals = proposals ?? throw new ArgumentNullException(nameof(proposals));
        _roster = roster ?? throw new ArgumentNullException(nameof(roster));
        _user = user ?? throw new ArgumentNullException(nameof(user));
        _simulations = simulations ?? throw new ArgumentNullException(nameof(simulations));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _chainTime = chainTime ?? throw new ArgumentNullException(nameof(chainTime));
        _wallet = wallet;
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _rules = (rules ?? throw new ArgumentNullException(nameof(rules))).Value;
    }

    /// <summary>This circuit's id: who started a simulation when the viewer is not signed in.</summary>
    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The ballot domain (chain id and registry).</summary>
    public BallotDomain BallotDomain => _governance.BallotDomain;

    /// <summary>Development time travel exists here: Development on chain 31337 (and then only for committee members, see <see cref="CanTimeTravelAsync"/>).</summary>
    public bool TimeTravelAvailable => _environment.IsDevelopment() && _rules.ChainId == DevelopmentKeys.LocalChainId;

    /// <summary>True when the viewer may time travel: <see cref="TimeTravelAvailable"/> and a signed-in committee member.</summary>
    public async Task<bool> CanTimeTravelAsync(CancellationToken cancellationToken)
        => TimeTravelAvailable && (await _user.GetAsync(cancellationToken)).IsMember;

    /// <summary>The viewer.</summary>
    public Task<PortalUser> ViewerAsync(CancellationToken cancellationToken) => _user.GetAsync(cancellationToken);

    /// <summary>Proposals in <paramref name="state"/> (all when null), newest first.</summary>
    public async Task<IReadOnlyList<ProposalRow>> ListAsync(ProposalState? state, CancellationToken cancellationToken)
    {
        var proposals = await _proposals.ListAsync(state, cancellationToken);
        var names = await NamesAsync(proposals, cancellationToken);
        long? current;
        try
        {
            current = await _registry.GetCurrentVersionAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            current = null;
        }

        return [.. proposals.Select(p =>
        {
            var total = p.SnapshotMembers.Sum(m => m.Weight);
            var counted = p.Votes.Where(v => v.Support == BallotSupport.For).Sum(v => v.Weight);
            return new ProposalRow(p.Id, p.Title, NameOf(names, p.Author), p.Kind, p.State, p.VotingEndsAt, p.Eta,
                total == 0 ? null : (double)counted / total, p.CreatedAt, current is { } v && p.IsStale(v));
        })];
    }

    /// <summary>The proposal page's model, or null for an unknown id.</summary>
    public async Task<ProposalView?> GetAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var proposal = await _proposals.GetAsync(id, cancellationToken);
        if (proposal is null)
        {
            return null;
        }

        var viewer = await _user.GetAsync(cancellationToken);
        var names = await NamesAsync([proposal], cancellationToken);
        var votes = proposal.Votes.Select(v => new VoteRow(v, NameOf(names, v.Voter), _governance.VerifyVote(v))).ToList();
        var now = _time.GetUtcNow();
        var chain = await StandingAsync(proposal, cancellationToken);
        return new ProposalView(proposal, NameOf(names, proposal.Author), votes, viewer, Allowed(proposal, viewer, now, chain), now, names, chain);
    }

    /// <summary>
    /// What <paramref name="viewer"/> may do on <paramref name="p"/> at <paramref name="now"/>, given
    /// what the registry says (<paramref name="chain"/>): a stale parameter proposal is not opened,
    /// queued or executed (the registry would refuse) but rebased or cancelled by any member.
    /// </summary>
    public static AllowedActions Allowed(Proposal p, PortalUser viewer, DateTimeOffset now, ChainStanding chain)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(chain);
        var address = viewer.Address;
        var inSnapshot = address is { } a && p.SnapshotMembers.Any(m => m.Address == a);
        var voted = address is { } b && p.Votes.Any(v => v.Voter == b);
        var stale = chain.IsStale(p);
        var expiredOnChain = chain.Registration?.State == RegistryProposalState.Expired && p.State is ProposalState.Active or ProposalState.Succeeded or ProposalState.Queued;
        return new AllowedActions(
            Open: viewer.IsMember && p.State == ProposalState.Draft && address == p.Author && !stale,
            Vote: viewer.IsMember && inSnapshot && !voted && p.State == ProposalState.Active && now <= p.VotingEndsAt,
            Finalize: viewer.IsSignedIn && p.State == ProposalState.Active && now > p.VotingEndsAt && !expiredOnChain,
            Queue: viewer.IsSignedIn && p.State == ProposalState.Succeeded && !stale && !expiredOnChain,
            Execute: viewer.IsSignedIn && p.State == ProposalState.Queued && now >= p.Eta && !stale && !expiredOnChain,
            Cancel: (viewer.IsGuardian && p.IsOpen) || (viewer.IsMember && address == p.Author && p.State == ProposalState.Draft)
                    || (viewer.IsMember && stale && p.State != ProposalState.Draft),
            Veto: viewer.IsGuardian && p.State == ProposalState.Queued && !expiredOnChain,
            Rebase: viewer.IsMember && p.Kind == ProposalKind.Parameters && stale,
            Expire: viewer.IsSignedIn && expiredOnChain);
    }

    /// <summary>What the registry says about <paramref name="proposal"/> now; an unreachable chain is reported, not thrown.</summary>
    public async Task<ChainStanding> StandingAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        try
        {
            var current = await _registry.GetCurrentVersionAsync(cancellationToken);
            RegistryProposal? registration = null;
            RegistryTally? tally = null;
            if (proposal.State != ProposalState.Draft)
            {
                registration = await _registry.GetProposalAsync(proposal.Id, cancellationToken);
                tally = registration.State == RegistryProposalState.None ? null : await _registry.GetTallyAsync(proposal.Id, cancellationToken);
            }

            IReadOnlyList<ParameterChange>? diff = null;
            if (proposal.IsStale(current) && current > 0)
            {
                var inForce = await _registry.GetParametersAsync(current, cancellationToken);
                var proposed = ((ParametersPayload)proposal.Payload()).Set;
                var bounds = await _registry.GetBoundsAsync(cancellationToken);
                diff = ParameterDiff.Between(inForce, proposed, bounds.StepExceedances(proposed, inForce).Select(x => x.Field));
            }

            return new ChainStanding(registration, tally, current, diff, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InputValidationException)
        {
            return ChainStanding.Unknown with { Unavailable = e.Message };
        }
    }

    /// <summary>
    /// Opens a Draft (member): runs and attaches its impact simulation on the current book first
    /// when it has none (<see cref="GovernanceService.AttachSimulationAsync(Hash32, Address, Governance.Simulation.SimulationBook, CancellationToken)"/>), then opens voting.
    /// </summary>
    public async Task<Proposal> OpenAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireMemberAsync("Open the proposal for voting", cancellationToken);
        var proposal = await _proposals.GetAsync(id, cancellationToken) ?? throw new ProposalNotFoundException(id);
        if (proposal.Kind == ProposalKind.Parameters && proposal.Simulation is null)
        {
            var book = await _simulations.CurrentSimulationBookAsync(cancellationToken);
            await _governance.AttachSimulationAsync(id, user.Address!.Value, book, cancellationToken);
        }

        return await _governance.OpenAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>The eth_signTypedData_v4 JSON a browser wallet signs for this vote.</summary>
    public async Task<string> BallotJsonAsync(Hash32 id, BallotSupport support, CancellationToken cancellationToken)
    {
        var proposal = await _proposals.GetAsync(id, cancellationToken) ?? throw new ProposalNotFoundException(id);
        if (!Enum.IsDefined(support))
        {
            throw new InputValidationException("ballot.support", $"must be Against (0), For (1) or Abstain (2) (was {(int)support})");
        }

        return new BallotTypedData(_governance.BallotDomain, new Ballot(proposal.Id, proposal.ParamsHash, support)).Json;
    }

    /// <summary>
    /// Casts the viewer's vote (member). With the development wallet the ballot is signed here on
    /// the server; with a browser wallet <paramref name="browserSignature"/> is the wallet's
    /// eth_signTypedData_v4 signature. The governance service verifies it either way.
    /// </summary>
    public async Task<Vote> VoteAsync(Hash32 id, BallotSupport support, string? reason, string? browserSignature, CancellationToken cancellationToken)
    {
        var user = await _user.RequireMemberAsync("Vote", cancellationToken);
        var voter = user.Address!.Value;
        var proposal = await _proposals.GetAsync(id, cancellationToken) ?? throw new ProposalNotFoundException(id);
        if (!Enum.IsDefined(support))
        {
            throw new InputValidationException("ballot.support", $"must be Against, For or Abstain (was {(int)support})");
        }

        string signature;
        if (user.UsesDevelopmentWallet)
        {
            var wallet = _wallet
                         ?? throw new InputValidationException("wallet", "the development wallet is not available on this server; sign in with a browser wallet");
            signature = wallet.SignBallot(voter, _governance.BallotDomain, new Ballot(proposal.Id, proposal.ParamsHash, support));
        }
        else
        {
            signature = string.IsNullOrWhiteSpace(browserSignature)
                ? throw new InputValidationException("ballot.signature", "sign the ballot in your wallet first")
                : browserSignature.Trim();
        }

        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return await _governance.CastVoteAsync(new SignedBallot(proposal.Id, proposal.ParamsHash, support, voter, signature, text), cancellationToken);
    }

    /// <summary>Ends voting after the deadline (anyone signed in).</summary>
    public async Task<Proposal> FinalizeAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireSignedInAsync("Finalize voting", cancellationToken);
        return await _governance.FinalizeAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>Queues a Succeeded proposal in the registry (anyone signed in; the relayer pays).</summary>
    public async Task<Proposal> QueueAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireSignedInAsync("Queue the proposal", cancellationToken);
        return await _governance.QueueAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>Executes a Queued proposal once due (anyone signed in).</summary>
    public async Task<Proposal> ExecuteAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireSignedInAsync("Execute the proposal", cancellationToken);
        return await _governance.ExecuteAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>Cancels: the guardian before execution, the author while Draft, any member once its base version is replaced (the governance service checks which).</summary>
    public async Task<Proposal> CancelAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireMemberAsync("Cancel the proposal", cancellationToken);
        return await _governance.CancelAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>
    /// Rebases a stale parameter proposal (member): a new Draft by the viewer with this proposal's
    /// changes applied to the set in force, simulated on the current book. Returns the new draft.
    /// </summary>
    public async Task<Proposal> RebaseAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireMemberAsync("Rebase the proposal", cancellationToken);
        var book = await _simulations.CurrentSimulationBookAsync(cancellationToken);
        return await _governance.RebaseAsync(id, user.Address!.Value, book, cancellationToken);
    }

    /// <summary>Records that the registry's grace period ran out (anyone signed in).</summary>
    public async Task<Proposal> ExpireAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireSignedInAsync("Record the expiry", cancellationToken);
        return await _governance.ExpireAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>Vetoes a Queued proposal (guardian; on chain first).</summary>
    public async Task<Proposal> VetoAsync(Hash32 id, CancellationToken cancellationToken)
    {
        var user = await _user.RequireGuardianAsync("Veto the proposal", cancellationToken);
        return await _governance.VetoAsync(id, user.Address!.Value, cancellationToken);
    }

    /// <summary>
    /// Development only, for signed-in committee members: moves the chain's and the portal's clocks
    /// forward by a step, or just past the proposal's voting end (Active) or eta (Queued). Returns how
    /// far the clocks moved.
    /// </summary>
    /// <exception cref="InputValidationException">Not Development on the local chain.</exception>
    /// <exception cref="UnauthorizedActionException">The viewer is not a signed-in committee member; nothing moved.</exception>
    public async Task<TimeSpan> TimeTravelAsync(TimeTravelStep step, Hash32? proposalId, CancellationToken cancellationToken)
    {
        if (!TimeTravelAvailable)
        {
            throw new InputValidationException("timeTravel", "time travel exists only in Development on the local chain (31337)");
        }

        await _user.RequireMemberAsync("Time travel", cancellationToken);

        var delta = step switch
        {
            TimeTravelStep.Hour => TimeSpan.FromHours(1),
            TimeTravelStep.Day => TimeSpan.FromDays(1),
            TimeTravelStep.ThreeDays => TimeSpan.FromDays(3),
            _ => await ToTargetAsync(proposalId, cancellationToken),
        };
        await _chainTime.AdvanceAsync(delta, cancellationToken);
        return delta;
    }

    /// <summary>The status of a transaction: mined or pending, its block and confirmations.</summary>
    public async Task<TransactionStatus> TransactionStatusAsync(Hash32 hash, CancellationToken cancellationToken)
    {
        var receipt = await _chain.GetReceiptAsync(hash, cancellationToken);
        if (receipt is null)
        {
            return new TransactionStatus(hash, false, false, 0, 0);
        }

        var latest = await _chain.GetBlockNumberAsync(cancellationToken);
        return new TransactionStatus(hash, true, receipt.Succeeded, receipt.BlockNumber, latest - receipt.BlockNumber + 1);
    }

    /// <summary>
    /// The hash of the proposal's queue (or execute) transaction as soon as the push journal holds it
    /// (it is written before broadcast), so that a pending transaction can be shown before it is mined.
    /// </summary>
    public async Task<Hash32?> JournaledTransactionAsync(Hash32 id, bool execute, CancellationToken cancellationToken)
    {
        var record = await _registry.FindPushAsync(id, cancellationToken);
        return (execute ? record?.Execute : record?.Queue)?.Hash;
    }

    private async Task<TimeSpan> ToTargetAsync(Hash32? proposalId, CancellationToken cancellationToken)
    {
        if (proposalId is not { } id || await _proposals.GetAsync(id, cancellationToken) is not { } p)
        {
            throw new InputValidationException("proposalId", "time travel to the eta needs a proposal");
        }

        var target = p.State switch
        {
            ProposalState.Active => p.VotingEndsAt,
            ProposalState.Queued => p.Eta,
            _ => null,
        } ?? throw new InputValidationException("timeTravel", $"a {p.State} proposal has no voting end or eta ahead");
        var delta = target - _time.GetUtcNow() + TimeSpan.FromMinutes(1);
        return delta < TimeSpan.FromSeconds(1)
            ? throw new InputValidationException("timeTravel", "that time has already passed")
            : delta;
    }

    private async Task<Dictionary<Address, string>> NamesAsync(IEnumerable<Proposal> proposals, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Address, string>();
        foreach (var p in proposals)
        {
            foreach (var m in p.SnapshotMembers)
            {
                names.TryAdd(m.Address, m.DisplayName);
            }
        }

        // Names only: the portal's roster of display names (the registry holds addresses and weights).
        foreach (var m in (await _roster.GetCommitteeAsync(cancellationToken)).Members)
        {
            names[m.Address] = m.DisplayName;
        }

        return names;
    }

    private static string NameOf(IReadOnlyDictionary<Address, string> names, Address address)
        => names.TryGetValue(address, out var name) ? name : Components.Shared.Format.Short(address);
}
