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

/// <summary>
/// The registry refused an action (a custom error of the contract, or a state it reports), in
/// plain words: e.g. "the registry refuses the queue: voting ends at 2026-12-06T10:00:00Z".
/// Nothing changed on chain or in the portal.
/// </summary>
public sealed class RegistryRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The contract's error name (e.g. "SupermajorityNotReached"), or a short reason.</param>
    /// <param name="field">The input field it concerns ("ballot.signature"), or "proposal" for a state refusal.</param>
    /// <param name="message">What happened, in plain words.</param>
    public RegistryRefusedException(string errorName, string field, string message)
        : base(message)
    {
        ErrorName = errorName;
        Field = field;
    }

    /// <summary>The contract's error name.</summary>
    public string ErrorName { get; }

    /// <summary>The field or subject it concerns.</summary>
    public string Field { get; }
}
