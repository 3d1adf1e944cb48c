using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskGovernance.Governance;

using RiskGovernance.Governance.Application;

namespace RiskGovernance.Contracts.GovernanceAdapters;

/// <summary>
/// Brings local proposal state in line with the registry when the host starts, and again every
/// <see cref="Interval"/>: a push that crashed between broadcast and bookkeeping is recorded from
/// the chain and the push journal, never pushed twice; ballots and actions others sent to the
/// registry are recorded (<see cref="GovernanceService.ReconcileAsync"/>). Every
/// <see cref="AnchorInterval"/> it also anchors the audit log's head on the registry
/// (<see cref="AuditAnchoring.AnchorAsync"/>).
/// An unreachable chain at start does not stop the host: the failure is logged and the next pass retries.
/// Registered by <see cref="RegistryAdapterServiceCollectionExtensions.AddRegistryAdapters"/>, after
/// the persistence layer, so that it runs once the database is migrated.
/// </summary>
public sealed class ChainReconciliation(
    GovernanceService governance, AuditAnchoring anchoring, IOptions<GovernanceRulesOptions> options, TimeProvider time, ILogger<ChainReconciliation> logger)
    : BackgroundService
{
    private DateTimeOffset? _lastAnchor;

    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Time between two passes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Time between two audit anchors (Governance:AuditAnchorInterval).</summary>
    public TimeSpan AnchorInterval { get; init; } = options.Value.AuditAnchorInterval;

    /// <summary>Completes when the first pass has ended (successfully or not).</summary>
    public Task FirstPass => _firstPass.Task;

    /// <summary>The number of passes that ended in an error.</summary>
    public int FailedPasses { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = await governance.ReconcileAsync(stoppingToken);
                foreach (var c in changed)
                {
                    logger.LogInformation("Reconciled proposal {ProposalId} with the registry: {From} -> {To}", c.ProposalId, c.From, c.To);
                }

                var now = time.GetUtcNow();
                if (_lastAnchor is null || now - _lastAnchor >= AnchorInterval)
                {
                    var tx = await anchoring.AnchorAsync(stoppingToken);
                    _lastAnchor = now;
                    if (tx is not null)
                    {
                        logger.LogInformation("Anchored the audit log on the registry in transaction {Transaction}", tx);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                FailedPasses++;
                logger.LogWarning(ex, "Reconciliation with the registry failed; retrying in {Interval}", Interval);
            }
            finally
            {
                _firstPass.TrySetResult();
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _firstPass.TrySetResult();
    }
}
