namespace RiskGovernance.Governance;

/// <summary>
/// An action that the proposal's state does not allow (for example voting on a Draft). Thrown
/// before anything changes; the message names the state and the action.
/// </summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="action"/> attempted in <paramref name="state"/>.</summary>
    public IllegalTransitionException(Proposals.ProposalState state, string action, string? detail = null)
        : base($"cannot {action} a proposal in state {state}{(detail is null ? "" : $": {detail}")}.")
    {
        State = state;
        Action = action;
    }

    /// <summary>The state the proposal was in.</summary>
    public Proposals.ProposalState State { get; }

    /// <summary>The refused action.</summary>
    public string Action { get; }
}

/// <summary>
/// Thrown by <see cref="Ports.IProposalRepository.SaveAsync"/> when the proposal was changed by
/// someone else since it was loaded (its <see cref="Proposals.Proposal.Revision"/> is stale).
/// Nothing was written; <see cref="Application.GovernanceService"/> reloads and retries.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A proposal id that no proposal has.</summary>
public sealed class ProposalNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProposalNotFoundException(Primitives.Hash32 proposalId)
        : base($"proposalId: no proposal {proposalId}.")
    {
        ProposalId = proposalId;
    }

    /// <summary>The unknown id.</summary>
    public Primitives.Hash32 ProposalId { get; }
}
