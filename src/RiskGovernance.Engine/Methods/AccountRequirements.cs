using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Methods;

/// <summary>Turns an account's risk into its requirements and status (METHODOLOGY sections 3 and 7).</summary>
internal static class AccountRequirements
{
    /// <param name="account">The resolved account (equity and SOM).</param>
    /// <param name="parameters">imMultiplier, mmRatio, liquidationRatio.</param>
    /// <param name="risk">The method's risk of the whole account, &gt;= 0.</param>
    /// <param name="isolatedSum">Sum over isolated items of max(risk_i, SOM_i), before imMultiplier.</param>
    /// <param name="riskByAsset">Per touched unit, in correlation order.</param>
    public static AccountMargin Build(
        ResolvedAccount account, ParameterSet parameters, double risk, double isolatedSum, AssetRisk[] riskByAsset)
    {
        var im = parameters.ImMultiplier * Math.Max(risk, account.ShortOptionMinimum);
        var mm = parameters.MmRatio * im;
        var lt = parameters.LiquidationRatio * mm;
        var isolatedIm = parameters.ImMultiplier * isolatedSum;
        return new AccountMargin(
            account.Id,
            account.Equity,
            risk,
            im,
            mm,
            lt,
            StatusOf(account.Equity, im, mm, lt),
            isolatedIm,
            im == 0 ? null : isolatedIm / im,
            riskByAsset);
    }

    /// <summary>First that holds: equity &gt;= IM healthy; &gt;= MM restricted; &gt;= LT margin-call;
    /// otherwise liquidatable.</summary>
    public static MarginStatus StatusOf(double equity, double im, double mm, double lt) =>
        equity >= im ? MarginStatus.Healthy
        : equity >= mm ? MarginStatus.Restricted
        : equity >= lt ? MarginStatus.MarginCall
        : MarginStatus.Liquidatable;

    /// <summary>Totals summed in account order, so they never depend on the thread count.</summary>
    public static MarginResult Result(MarginMethod method, AccountMargin[] accounts)
    {
        double equity = 0, im = 0, mm = 0, isolated = 0;
        foreach (var a in accounts)
        {
            equity += a.Equity;
            im += a.InitialMargin;
            mm += a.MaintenanceMargin;
            isolated += a.IsolatedInitialMargin;
        }
        var totals = new MarginTotals(accounts.Length, equity, im, mm, isolated, StatusCounts.Of(accounts.Select(a => a.Status)));
        return new MarginResult(method, accounts, totals);
    }
}
