using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Results;

/// <summary>Margin status, first that holds: equity &gt;= IM healthy; &gt;= MM restricted;
/// &gt;= LT margin-call; otherwise liquidatable (METHODOLOGY section 3). Declared from best to worst.</summary>
public enum MarginStatus
{
    Healthy = 0,
    Restricted = 1,
    MarginCall = 2,
    Liquidatable = 3,
}

/// <summary>The risk of one risk unit of an account: L_u for grid, that unit's own VaR/ES taken
/// alone for the simulation methods.</summary>
public readonly record struct AssetRisk(string Asset, double Risk);

/// <summary>The margin of one account.</summary>
public sealed record AccountMargin(
    string Id,
    double Equity,
    double Risk,
    double InitialMargin,
    double MaintenanceMargin,
    double LiquidationThreshold,
    MarginStatus Status,
    double IsolatedInitialMargin,
    double? CapitalEfficiency,
    IReadOnlyList<AssetRisk> RiskByAsset);

/// <summary>Counts of accounts per status.</summary>
public sealed record StatusCounts(int Healthy, int Restricted, int MarginCall, int Liquidatable)
{
    public int this[MarginStatus status] => status switch
    {
        MarginStatus.Healthy => Healthy,
        MarginStatus.Restricted => Restricted,
        MarginStatus.MarginCall => MarginCall,
        _ => Liquidatable,
    };

    public static StatusCounts Of(IEnumerable<MarginStatus> statuses)
    {
        var c = new int[4];
        foreach (var s in statuses)
        {
            c[(int)s]++;
        }
        return new StatusCounts(c[0], c[1], c[2], c[3]);
    }
}

public sealed record MarginTotals(
    int Accounts,
    double Equity,
    double InitialMargin,
    double MaintenanceMargin,
    double IsolatedInitialMargin,
    StatusCounts ByStatus);

/// <summary>The margin of a whole book, accounts in the order they came in.</summary>
public sealed record MarginResult(MarginMethod Method, IReadOnlyList<AccountMargin> Accounts, MarginTotals Totals);
