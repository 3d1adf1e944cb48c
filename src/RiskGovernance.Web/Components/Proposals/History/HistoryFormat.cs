using System.Globalization;
using MudBlazor;
using RiskGovernance.Web.History;

namespace RiskGovernance.Web.Components.Proposals.History;

/// <summary>How the history panels write their figures (invariant culture).</summary>
public static class HistoryFormat
{
    /// <summary>A statistic with four decimals: "3.5118".</summary>
    public static string Statistic(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "∞";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    /// <summary>A multiplier: "×1.42".</summary>
    public static string Multiplier(double value) => "×" + value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A small rate such as a price impact: "5e-10".</summary>
    public static string Small(double value) => value.ToString("0.###e0", CultureInfo.InvariantCulture);

    /// <summary>A date: "2022-11-07".</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The colour of a Basel traffic light ("green", "yellow", "red").</summary>
    public static Color Light(string light) => light switch
    {
        "green" => Color.Success,
        "yellow" => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>"towards +1" / "towards 0".</summary>
    public static string Direction(string worse) => worse == "towards-one" ? "towards +1" : "towards 0";

    /// <summary>Exceptions per calendar month of both sets over the months of the backtest's range, with
    /// a label on each January (and the first month).</summary>
    public static (string[] Labels, double[] Current, double[] Proposed) ExceptionsPerMonth(BacktestView? current, BacktestView? proposed)
    {
        var any = current ?? proposed;
        if (any is null)
        {
            return ([], [], []);
        }

        var first = new DateOnly(any.From.Year, any.From.Month, 1);
        var months = ((any.To.Year - first.Year) * 12) + any.To.Month - first.Month + 1;
        var labels = Enumerable.Range(0, months).Select(i => first.AddMonths(i))
            .Select((m, i) => i == 0 || m.Month == 1 ? m.ToString("yyyy", CultureInfo.InvariantCulture) : "").ToArray();
        double[] Count(BacktestView? view)
        {
            var counts = new double[months];
            foreach (var d in view?.Portfolios.SelectMany(p => p.ExceptionDates) ?? [])
            {
                var i = ((d.Year - first.Year) * 12) + d.Month - first.Month;
                if (i >= 0 && i < months)
                {
                    counts[i]++;
                }
            }

            return counts;
        }

        return (labels, Count(current), Count(proposed));
    }
}
