using Microsoft.AspNetCore.Components;
using RiskGovernance.Web.History;
using RiskGovernance.Web.Simulation;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>
/// The backtest of both sets over 2019-2024: per portfolio the exceptions, Kupiec and Christoffersen
/// tests and the Basel traffic light; exceptions per month; the run's progress, Cancel and why it stopped.
/// </summary>
public sealed partial class BacktestPanel : ComponentBase
{
    /// <summary>Rows shown per set (a backtest of the whole book has one row per account).</summary>
    public const int MaxRows = 20;

    /// <summary>The current set's backtest.</summary>
    [Parameter] public HistoryOutcome<BacktestView>? Current { get; set; }

    /// <summary>The proposed set's backtest.</summary>
    [Parameter] public HistoryOutcome<BacktestView>? Proposed { get; set; }

    /// <summary>The run computing them, if any: its progress, Cancel and why it did not finish.</summary>
    [Parameter] public PanelRun? Run { get; set; }

    /// <summary>Whether today's book is backtested besides the reference portfolios.</summary>
    [Parameter] public bool OnBook { get; set; }

    /// <summary>First date.</summary>
    [Parameter] public DateOnly From { get; set; } = ProposalRiskAnalysis.BacktestFrom;

    /// <summary>Last date.</summary>
    [Parameter] public DateOnly To { get; set; } = ProposalRiskAnalysis.BacktestTo;

    /// <summary>Horizon, days.</summary>
    [Parameter] public int Horizon { get; set; } = ProposalRiskAnalysis.BacktestHorizonDays;

    /// <summary>Runs again, on the book or not.</summary>
    [Parameter] public EventCallback<bool> OnRun { get; set; }

    private bool Running => Run?.Running ?? false;

    private JobProgress? Progress => Run?.Progress;

    private string? Error => Run?.Error;

    /// <summary>Stops waiting (the run stops unless another viewer waits for it).</summary>
    private void Cancel() => Run?.Cancel();

    private IEnumerable<(string, HistoryOutcome<BacktestView>)> Sets()
    {
        if (Current is not null)
        {
            yield return ("Current", Current);
        }

        if (Proposed is not null)
        {
            yield return ("Proposed", Proposed);
        }
    }
}
