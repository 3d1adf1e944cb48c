using Microsoft.AspNetCore.Components;
using RiskGovernance.Engine.Stress;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The liquidation cascade after each replay: rounds, notional closed, price impact, bad debt and the fund left, current vs proposed.</summary>
public sealed partial class CascadePanel : ComponentBase
{
    /// <summary>The summary rows: label and the figure of one set's cascade.</summary>
    private static readonly IReadOnlyList<(string Label, Func<CascadeView, string> Value)> SummaryRows =
    [
        ("Rounds", c => HistoryFormat.Count(c.Rounds.Count) + (c.Converged ? "" : " (stopped at the cap)")),
        ("Accounts liquidated", c => HistoryFormat.Count(c.AccountsLiquidated)),
        ("Notional liquidated", c => Format.Usd(c.LiquidatedNotional)),
        ("Bad debt", c => Format.Usd(c.BadDebt)),
        ("Insurance fund left", c => Format.Usd(c.InsuranceFundLeft)),
        ("Shortfall (socialised)", c => Format.Usd(c.Shortfall)),
    ];

    /// <summary>The windows (their stress results hold the cascades).</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<StressEntry> Entries { get; set; }

    /// <summary>The round cap of the assumptions.</summary>
    [Parameter] public int MaxRounds { get; set; } = StressAssumptions.DefaultMaxCascadeRounds;

    private static IEnumerable<(string, StressSideView)> Sides(StressView v)
    {
        yield return ("Current", v.Current);
        if (v.Proposed is not null)
        {
            yield return ("Proposed", v.Proposed);
        }
    }

    private static string PriceMoves(CascadeRoundView r)
    {
        var moves = r.PriceMoves.Where(m => Math.Abs(m.Move) >= 0.00005).OrderBy(m => m.Move).ToArray();
        return moves.Length == 0 ? "all below 0.01 %"
            : string.Join(", ", moves.Take(4).Select(m => $"{m.Asset} {Format.SignedPercent(m.Move)}")) + (moves.Length > 4 ? $" (+{moves.Length - 4} more)" : "");
    }
}
