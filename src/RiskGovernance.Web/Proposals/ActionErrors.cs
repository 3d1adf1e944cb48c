using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Identity;

namespace RiskGovernance.Web.Proposals;

/// <summary>Turns the exceptions of an action into one plain sentence for the page (never a stack trace).</summary>
public static class ActionErrors
{
    /// <summary>The sentence for <paramref name="error"/>; unexpected errors get a generic one.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            UnauthorizedActionException e => e.Message,
            InputValidationException e => string.Join("; ", e.Errors.Select(x => $"{x.Field}: {x.Message}")),
            IllegalTransitionException e => "Not possible now: " + e.Message,
            RegistryRefusedException e => $"The registry refuses: {e.Message}. Nothing was changed.",
            ProposalNotFoundException => "This proposal does not exist (any more).",
            ConcurrencyConflictException => "Someone changed this proposal at the same moment; reload the page and try again.",
            ContractRevertException e => $"The registry refused the transaction ({e.Message}); nothing was changed on chain.",
            TransactionRevertedException e => "The transaction was mined but reverted: " + e.Message,
            ChainUnavailableException => "The chain node did not answer; nothing was changed. Try again in a moment.",
            TimeoutException => "The transaction was sent but not mined in time; its status will be reconciled. Reload to see it.",
            OperationCanceledException => "Cancelled.",
            _ when ChainErrors.IsNodeRefusal(error) => "The chain node refused the request: " + ChainErrors.NodeMessage(error),
            _ => "The action failed unexpectedly (the server log has the details); reload the page to see the proposal as it stands.",
        };
    }
}
