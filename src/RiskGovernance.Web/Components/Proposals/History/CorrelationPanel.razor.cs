using Microsoft.AspNetCore.Components;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The correlation stress both ways (every off-diagonal at +1 and at 0) at today's market, current vs proposed; the worse way flagged.</summary>
public sealed partial class CorrelationPanel : ComponentBase
{
    /// <summary>A stress result (the correlation stress is at the snapshot, so any window's is the same).</summary>
    [Parameter] public StressView? Stress { get; set; }

    private static IEnumerable<(string, StressSideView)> Sides(StressView v)
    {
        yield return ("Current", v.Current);
        if (v.Proposed is not null)
        {
            yield return ("Proposed", v.Proposed);
        }
    }
}
