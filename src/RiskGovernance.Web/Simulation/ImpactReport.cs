using System.Text.Json;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Web.Simulation;

/// <summary>One account of an impact report: IM, status and capital efficiency before and after.</summary>
/// <param name="Id">Account id.</param>
/// <param name="ImBefore">Initial margin under the ratified set.</param>
/// <param name="ImAfter">Initial margin under the proposed set.</param>
/// <param name="StatusBefore">Status under the ratified set.</param>
/// <param name="StatusAfter">Status under the proposed set.</param>
/// <param name="CollateralToStayHealthy">Collateral the account needs to keep its status.</param>
/// <param name="EfficiencyBefore">Capital efficiency (isolated IM / IM) before, null when IM = 0.</param>
/// <param name="EfficiencyAfter">Capital efficiency after, null when IM = 0.</param>
public sealed record AccountImpactRow(
    string Id, double ImBefore, double ImAfter, MarginStatus StatusBefore, MarginStatus StatusAfter, double CollateralToStayHealthy,
    double? EfficiencyBefore, double? EfficiencyAfter)
{
    /// <summary>IM after minus IM before.</summary>
    public double Change => ImAfter - ImBefore;

    /// <summary>
    /// Collateral (after haircuts) the account needs under the proposed set to keep its CURRENT status, whatever that
    /// status is: the proposed threshold of that status (IM for healthy, MM for restricted, the liquidation threshold
    /// for margin-call) minus the proposed equity, when the status would get worse; 0 otherwise.
    /// </summary>
    public double CollateralToKeepStatus { get; init; }
}

/// <summary>Totals of one side (ratified or proposed) of an impact report.</summary>
/// <param name="InitialMargin">Total initial margin.</param>
/// <param name="IsolatedInitialMargin">Total isolated-margin baseline.</param>
/// <param name="Equity">Total equity.</param>
/// <param name="ByStatus">Accounts per status.</param>
public sealed record ImpactSide(double InitialMargin, double IsolatedInitialMargin, double Equity, StatusCounts ByStatus)
{
    /// <summary>The book's capital efficiency: total isolated IM / total IM (METHODOLOGY section 7), null when IM = 0.</summary>
    public double? CapitalEfficiency => InitialMargin == 0 ? null : IsolatedInitialMargin / InitialMargin;
}

/// <summary>One bar of the IM change distribution: accounts whose change lies in [From, To).</summary>
/// <param name="From">Lower edge (USD).</param>
/// <param name="To">Upper edge (USD).</param>
/// <param name="Count">Accounts.</param>
public sealed record ChangeBin(double From, double To, int Count);

/// <summary>
/// What the proposal page shows of an impact simulation, read from the engine's compact impact
/// JSON (FORMATS.md) as stored in the result store.
/// </summary>
public sealed class ImpactReport
{
    private ImpactReport(ImpactSide before, ImpactSide after, IReadOnlyList<AccountImpactRow> accounts, int[,] matrix,
        int worse, int better, double collateral)
    {
        Before = before;
        After = after;
        Accounts = accounts;
        _matrix = matrix;
        StatusWorse = worse;
        StatusBetter = better;
        CollateralToStayHealthy = collateral;
    }

    private readonly int[,] _matrix;

    /// <summary>The statuses from best to worst (rows and columns of the transition matrix).</summary>
    public static IReadOnlyList<MarginStatus> Statuses { get; } = [MarginStatus.Healthy, MarginStatus.Restricted, MarginStatus.MarginCall, MarginStatus.Liquidatable];

    /// <summary>Under the ratified set.</summary>
    public ImpactSide Before { get; }

    /// <summary>Under the proposed set.</summary>
    public ImpactSide After { get; }

    /// <summary>Every account, in book order.</summary>
    public IReadOnlyList<AccountImpactRow> Accounts { get; }

    /// <summary>Accounts whose status worsens.</summary>
    public int StatusWorse { get; }

    /// <summary>Accounts whose status improves.</summary>
    public int StatusBetter { get; }

    /// <summary>
    /// The engine's figure: collateral the accounts that are HEALTHY today need to stay healthy under the proposed set
    /// (accounts already restricted, in margin call or liquidatable count 0).
    /// </summary>
    public double CollateralToStayHealthy { get; }

    /// <summary>Collateral the book needs for EVERY account to keep its current status (the sum of
    /// <see cref="AccountImpactRow.CollateralToKeepStatus"/>).</summary>
    public double CollateralToKeepEveryStatus => Accounts.Sum(a => a.CollateralToKeepStatus);

    /// <summary>Accounts that need collateral to keep their current status.</summary>
    public int AccountsNeedingCollateral => Accounts.Count(a => a.CollateralToKeepStatus > 0);

    /// <summary>Accounts moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public int Transitions(MarginStatus from, MarginStatus to) => _matrix[(int)from, (int)to];

    /// <summary>The accounts by absolute IM change, largest first.</summary>
    public IEnumerable<AccountImpactRow> MostAffected() => Accounts.OrderByDescending(a => Math.Abs(a.Change)).ThenBy(a => a.Id, StringComparer.Ordinal);

    /// <summary>A change of IM smaller than this (USD, in absolute value) counts as unchanged: it shows as $0.</summary>
    public const double UnchangedTolerance = 0.5;

    /// <summary>Accounts whose IM does not change (by less than <see cref="UnchangedTolerance"/>).</summary>
    public int UnchangedAccounts => Accounts.Count(a => Math.Abs(a.Change) < UnchangedTolerance);

    /// <summary>
    /// The distribution of IM change per CHANGED account (unchanged ones are counted by
    /// <see cref="UnchangedAccounts"/>) in <paramref name="bins"/> equal-width bins between the smallest
    /// and the largest change (one bin when every change is the same; none when nothing changes).
    /// </summary>
    public IReadOnlyList<ChangeBin> ChangeDistribution(int bins = 12)
    {
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), "bins must be >= 1");
        }

        var changed = Accounts.Where(a => Math.Abs(a.Change) >= UnchangedTolerance).ToList();
        if (changed.Count == 0)
        {
            return [];
        }

        var min = changed.Min(a => a.Change);
        var max = changed.Max(a => a.Change);
        if (max - min < 1e-9 * Math.Max(1, Math.Abs(max)))
        {
            return [new ChangeBin(min, max, changed.Count)];
        }

        var width = (max - min) / bins;
        var counts = new int[bins];
        foreach (var a in changed)
        {
            counts[Math.Clamp((int)((a.Change - min) / width), 0, bins - 1)]++;
        }

        return [.. Enumerable.Range(0, bins).Select(i => new ChangeBin(min + (i * width), i == bins - 1 ? max : min + ((i + 1) * width), counts[i]))];
    }

    /// <summary>Reads the engine's impact JSON; a malformed text is a <see cref="JsonException"/>.</summary>
    public static ImpactReport Parse(string impactJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(impactJson);
        try
        {
            return ParseCore(impactJson);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new JsonException("impact JSON: a member is missing or has the wrong type (" + e.Message + ")", e);
        }
    }

    private static ImpactReport ParseCore(string impactJson)
    {
        using var document = JsonDocument.Parse(impactJson);
        var root = document.RootElement;
        var current = root.GetProperty("current");
        var proposed = root.GetProperty("proposed");
        var before = Side(current);
        var after = Side(proposed);
        var currentAccounts = current.GetProperty("accounts");
        var proposedAccounts = proposed.GetProperty("accounts");
        var impacts = root.GetProperty("accounts");
        var rows = new List<AccountImpactRow>(impacts.GetArrayLength());
        using (var c = currentAccounts.EnumerateArray().GetEnumerator())
        using (var p = proposedAccounts.EnumerateArray().GetEnumerator())
        {
            foreach (var impact in impacts.EnumerateArray())
            {
                if (!c.MoveNext() || !p.MoveNext())
                {
                    throw new JsonException("impact JSON: fewer margin accounts than impact accounts");
                }

                rows.Add(new AccountImpactRow(
                    impact.GetProperty("id").GetString() ?? "",
                    c.Current.GetProperty("initialMargin").GetDouble(),
                    p.Current.GetProperty("initialMargin").GetDouble(),
                    StatusOf(impact.GetProperty("currentStatus").GetString()),
                    StatusOf(impact.GetProperty("proposedStatus").GetString()),
                    impact.GetProperty("collateralToStayHealthy").GetDouble(),
                    Efficiency(c.Current),
                    Efficiency(p.Current))
                {
                    CollateralToKeepStatus = ToKeep(StatusOf(impact.GetProperty("currentStatus").GetString()), p.Current),
                });
            }
        }

        var totals = root.GetProperty("totals");
        var matrix = new int[4, 4];
        var transitions = totals.GetProperty("transitionMatrix");
        foreach (var from in Statuses)
        {
            var row = transitions.GetProperty(NameOf(from));
            foreach (var to in Statuses)
            {
                matrix[(int)from, (int)to] = row.GetProperty(NameOf(to)).GetInt32();
            }
        }

        return new ImpactReport(before, after, rows, matrix, totals.GetProperty("statusWorse").GetInt32(),
            totals.GetProperty("statusBetter").GetInt32(), totals.GetProperty("collateralToStayHealthy").GetDouble());
    }

    /// <summary>The FORMATS.md name of a status ("margin-call").</summary>
    public static string NameOf(MarginStatus status) => status switch
    {
        MarginStatus.Healthy => "healthy",
        MarginStatus.Restricted => "restricted",
        MarginStatus.MarginCall => "margin-call",
        _ => "liquidatable",
    };

    private static MarginStatus StatusOf(string? name) => name switch
    {
        "healthy" => MarginStatus.Healthy,
        "restricted" => MarginStatus.Restricted,
        "margin-call" => MarginStatus.MarginCall,
        "liquidatable" => MarginStatus.Liquidatable,
        _ => throw new JsonException($"impact JSON: unknown status '{name}'"),
    };

    private static double ToKeep(MarginStatus current, JsonElement proposed)
    {
        var threshold = current switch
        {
            MarginStatus.Healthy => proposed.GetProperty("initialMargin").GetDouble(),
            MarginStatus.Restricted => proposed.GetProperty("maintenanceMargin").GetDouble(),
            MarginStatus.MarginCall => proposed.GetProperty("liquidationThreshold").GetDouble(),
            _ => double.NegativeInfinity,
        };
        return Math.Max(0, threshold - proposed.GetProperty("equity").GetDouble());
    }

    private static double? Efficiency(JsonElement account)
        => account.TryGetProperty("capitalEfficiency", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    private static ImpactSide Side(JsonElement margin)
    {
        var t = margin.GetProperty("totals");
        var s = t.GetProperty("byStatus");
        return new ImpactSide(t.GetProperty("initialMargin").GetDouble(), t.GetProperty("isolatedInitialMargin").GetDouble(),
            t.GetProperty("equity").GetDouble(),
            new StatusCounts(s.GetProperty("healthy").GetInt32(), s.GetProperty("restricted").GetInt32(),
                s.GetProperty("margin-call").GetInt32(), s.GetProperty("liquidatable").GetInt32()));
    }
}
