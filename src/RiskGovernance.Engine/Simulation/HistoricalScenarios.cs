using RiskGovernance.Engine.History;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Simulation;

/// <summary>The scenarios of METHODOLOGY section 6: overlapping h-day simple returns of daily closes,
/// over the dates t with asOf - historyDays &lt; t &lt;= asOf at which every risky asset has closes at
/// t and t - h; S'_a = S_a (1 + R_a,t).</summary>
internal static class HistoricalScenarios
{
    /// <summary>Fewer usable dates than this is an error.</summary>
    public const int MinimumDates = 100;

    /// <summary>The usable dates, ascending.</summary>
    /// <exception cref="InputValidationException">Fewer than 100 usable dates (field <c>history</c>),
    /// naming the assets whose closes are missing.</exception>
    public static DateOnly[] UsableDates(IReadOnlyList<string> assets, DateOnly asOf, int historyDays, int horizonDays, PriceHistory history)
    {
        var usable = new List<DateOnly>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        for (var t = asOf.AddDays(1 - historyDays); t <= asOf; t = t.AddDays(1))
        {
            var before = t.AddDays(-horizonDays);
            var ok = true;
            foreach (var asset in assets)
            {
                if (!history.TryGetClose(asset, t, out _) || !history.TryGetClose(asset, before, out _))
                {
                    missing.Add(asset);
                    ok = false;
                }
            }
            if (ok)
            {
                usable.Add(t);
            }
        }
        if (usable.Count < MinimumDates)
        {
            var why = missing.Count > 0
                ? $"closes are missing for {string.Join(", ", missing)}"
                : $"the window of {historyDays} days is too short";
            throw new InputValidationException("history",
                $"only {usable.Count} usable dates in the {historyDays} days to {asOf:yyyy-MM-dd} with {horizonDays}-day returns " +
                $"(at least {MinimumDates} needed): {why}");
        }
        return usable.ToArray();
    }

    public static ScenarioSet Build(
        IReadOnlyList<string> assets, double[] spot, DateOnly asOf, int historyDays, int horizonDays, PriceHistory history)
    {
        var dates = UsableDates(assets, asOf, historyDays, horizonDays, history);
        var prices = new double[assets.Count][];
        var moves = new double[assets.Count][];
        for (var a = 0; a < assets.Count; a++)
        {
            prices[a] = new double[dates.Length];
            moves[a] = new double[dates.Length];
            for (var s = 0; s < dates.Length; s++)
            {
                history.TryGetClose(assets[a], dates[s], out var close);
                history.TryGetClose(assets[a], dates[s].AddDays(-horizonDays), out var earlier);
                var price = spot[a] * (1 + ((close / earlier) - 1));
                prices[a][s] = price;
                moves[a][s] = price - spot[a];
            }
        }
        return new ScenarioSet(prices, moves, horizonDays);
    }
}
