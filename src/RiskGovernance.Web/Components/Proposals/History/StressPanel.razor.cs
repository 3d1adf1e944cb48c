using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RiskGovernance.Web.Components.Shared;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>The stress replays: per window the loss, equity, wiped-out accounts, margin coverage and shortfall, current vs proposed, and the price paths.</summary>
public sealed partial class StressPanel : ComponentBase
{
    /// <summary>The assets whose moves and paths are shown.</summary>
    public static readonly IReadOnlyList<string> MainAssets = ["BTC", "ETH", "SOL"];

    private string? _window;

    /// <summary>The windows, in the order replayed.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<StressEntry> Entries { get; set; }

    /// <summary>The error of the last window typed, if any.</summary>
    [Parameter] public string? WindowError { get; set; }

    /// <summary>Asks for another window (text as typed).</summary>
    [Parameter] public EventCallback<string> OnAddWindow { get; set; }

    private Task AddAsync() => OnAddWindow.InvokeAsync(_window ?? "");

    /// <summary>The rows of a replay's table: label, test id and the figure of one set's totals.</summary>
    private static IEnumerable<(string Label, string Id, Func<StressTotalsView, string> Value)> Rows(StressView v) =>
    [
        ("Loss on the move", "loss", t => Format.Usd(t.Loss)),
        ("Equity before", "equity-before", t => Format.Usd(t.EquityBefore)),
        ("Equity after", "equity-after", t => Format.Usd(t.EquityAfter)),
        ("Accounts wiped out", "wiped-out", t => HistoryFormat.Count(t.AccountsWipedOut)),
        ("Loss covered by margin", "covered", t => t.ShareLossCovered is { } s ? $"{Format.Percent(s)} of {HistoryFormat.Count(t.AccountsWithLoss)}" : "no account lost"),
        ("Bad debt", "bad-debt", t => Format.Usd(t.BadDebt)),
        ("Shortfall vs fund of " + Format.Usd(v.Current.Totals.InsuranceFund), "shortfall", t => Format.Usd(t.Shortfall)),
    ];

    private static string[] Labels(PricePaths paths) =>
        paths.Dates.Select((d, i) => i % 3 == 0 ? d.ToString("MM-dd", CultureInfo.InvariantCulture) : "").ToArray();

    private static List<ChartSeries<double>> Series(PricePaths paths) =>
        paths.Series.Where(s => MainAssets.Contains(s.Asset)).Select(s =>
        {
            var values = new double[s.Values.Count];
            double last = 100;
            for (var i = 0; i < values.Length; i++)
            {
                last = s.Values[i] ?? last;
                values[i] = Math.Round(last, 2);
            }

            return new ChartSeries<double> { Name = s.Asset, Data = new ChartData<double>(values) };
        }).ToList();
}
