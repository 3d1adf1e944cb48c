using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Application;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Drafting;

/// <summary>The last step of every drafting page: open the draft on the registry, or withdraw it.</summary>
internal static class DraftOpening
{
    /// <summary>
    /// Runs <paramref name="prepare"/> (e.g. the impact simulation), then opens the draft. On any
    /// failure the author withdraws the draft (kept, Cancelled, in the audit trail) and the original
    /// failure propagates: it is what the user needs to see.
    /// </summary>
    public static async Task OpenOrWithdrawAsync(
        GovernanceService governance, Hash32 draftId, Address author, Func<Task>? prepare, CancellationToken cancellationToken)
    {
        try
        {
            if (prepare is not null)
            {
                await prepare();
            }

            await governance.OpenAsync(draftId, author, cancellationToken);
        }
        catch (Exception)
        {
            try
            {
                await governance.CancelAsync(draftId, author, CancellationToken.None);
            }
            catch (Exception cleanup) when (cleanup is InputValidationException or IllegalTransitionException or ConcurrencyConflictException or RegistryRefusedException)
            {
                // Already opened (or changed meanwhile): the original failure stands.
            }

            throw;
        }
    }
}
