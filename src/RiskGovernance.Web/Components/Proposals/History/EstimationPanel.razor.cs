using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.Model;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The EWMA estimate as of the snapshot's date next to the current and proposed scan ranges and correlations.</summary>
public sealed partial class EstimationPanel : ComponentBase
{
    /// <summary>Pairs listed.</summary>
    public const int MaxPairs = 10;

    private double _lambda = EwmaEstimator.DefaultLambda;

    /// <summary>The estimate compared with the proposed set.</summary>
    [Parameter] public HistoryOutcome<EstimateView>? Outcome { get; set; }

    /// <summary>The current (ratified) set, whose scan ranges and correlations are shown next to the estimate.</summary>
    [Parameter] public ParameterSet? Current { get; set; }

    /// <summary>The run computing the estimate, if any: why the lambda typed was refused or the run failed.</summary>
    [Parameter] public PanelRun? Run { get; set; }

    /// <summary>Estimates again with another lambda.</summary>
    [Parameter] public EventCallback<double> OnLambda { get; set; }

    private string? LambdaError => Run?.Error;

    private double? CurrentScanRange(string asset) =>
        Current is { } set && set.RiskyAssets.Contains(asset) ? set.Asset(asset).ScanRange : null;

    private double? CurrentCorrelation(string first, string second)
    {
        if (Current is not { } set)
        {
            return null;
        }

        var (i, j) = (IndexOf(set.RiskyAssets, first), IndexOf(set.RiskyAssets, second));
        return i < 0 || j < 0 ? null : set.Correlation[i, j];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
