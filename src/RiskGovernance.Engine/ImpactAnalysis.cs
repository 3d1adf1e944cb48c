using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine;

/// <summary>Compares two margin results of the same book (current and proposed parameter sets).</summary>
internal static class ImpactAnalysis
{
    private const int StatusCount = 4;

    /// <summary>Per account: deltaInitialMargin = IM_proposed - IM_current, the status pair, and the
    /// collateral to stay healthy = max(0, IM_proposed - equity_proposed) for accounts healthy under
    /// the current set (0 otherwise). Totals: change of total IM, counts of accounts whose status gets
    /// worse or better (by <see cref="MarginStatus"/> order), the transition matrix [current][proposed]
    /// and the sum of collateral to stay healthy.</summary>
    public static ImpactResult Compare(MarginResult current, MarginResult proposed)
    {
        if (current.Accounts.Count != proposed.Accounts.Count)
        {
            throw new ArgumentException("both results must cover the same accounts", nameof(proposed));
        }
        var accounts = new AccountImpact[current.Accounts.Count];
        var transitions = new int[StatusCount, StatusCount];
        int worse = 0, better = 0;
        double collateral = 0;
        for (var i = 0; i < accounts.Length; i++)
        {
            var c = current.Accounts[i];
            var p = proposed.Accounts[i];
            if (!string.Equals(c.Id, p.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"account {i} is '{c.Id}' in one result and '{p.Id}' in the other", nameof(proposed));
            }
            var toStayHealthy = c.Status == MarginStatus.Healthy ? Math.Max(0, p.InitialMargin - p.Equity) : 0.0;
            accounts[i] = new AccountImpact(c.Id, p.InitialMargin - c.InitialMargin, c.Status, p.Status, toStayHealthy);
            transitions[(int)c.Status, (int)p.Status]++;
            if (p.Status > c.Status)
            {
                worse++;
            }
            else if (p.Status < c.Status)
            {
                better++;
            }
            collateral += toStayHealthy;
        }
        var matrix = new IReadOnlyList<int>[StatusCount];
        for (var from = 0; from < StatusCount; from++)
        {
            var row = new int[StatusCount];
            for (var to = 0; to < StatusCount; to++)
            {
                row[to] = transitions[from, to];
            }
            matrix[from] = row;
        }
        var totals = new ImpactTotals(
            proposed.Totals.InitialMargin - current.Totals.InitialMargin, worse, better, matrix, collateral);
        return new ImpactResult(current, proposed, accounts, totals);
    }
}
