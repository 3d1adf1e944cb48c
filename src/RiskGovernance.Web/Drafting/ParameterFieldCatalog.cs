using System.Globalization;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;

namespace RiskGovernance.Web.Drafting;

/// <summary>How a parameter field is typed in.</summary>
public enum ParameterFieldKind
{
    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>One of a fixed list of spellings.</summary>
    Choice,
}

/// <summary>One editable field of params.json.</summary>
/// <param name="Path">FORMATS.md path without the <c>params.</c> prefix (<c>assets.BTC.scanRange</c>).</param>
/// <param name="Label">Label shown beside the input.</param>
/// <param name="Group">Panel the field belongs to.</param>
/// <param name="Kind">Number, integer or choice.</param>
/// <param name="Choices">The allowed spellings of a choice (empty otherwise).</param>
/// <param name="Help">One line explaining the field.</param>
public sealed record ParameterFieldInfo(string Path, string Label, string Group, ParameterFieldKind Kind, IReadOnlyList<string> Choices, string Help);

/// <summary>Every field of params.json (FORMATS.md) except the correlation matrix, which has its own editor.</summary>
public static class ParameterFieldCatalog
{
    /// <summary>Panel of the global margin parameters.</summary>
    public const string MarginGroup = "Margin";

    /// <summary>Panel of the scenario grid.</summary>
    public const string GridGroup = "Scenario grid";

    /// <summary>Panel of the simulation methods.</summary>
    public const string SimulationGroup = "Simulation";

    /// <summary>The fields of a parameter set over <paramref name="assets"/>, grouped in panel order.</summary>
    public static IReadOnlyList<ParameterFieldInfo> For(IReadOnlyList<string> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var list = new List<ParameterFieldInfo>
        {
            Choice("method", "Method", MarginGroup, ["grid", "montecarlo", "historical"], "Margin method used for every account."),
            Number("imMultiplier", "IM multiplier", MarginGroup, "Initial margin = multiplier x risk."),
            Number("mmRatio", "MM ratio", MarginGroup, "Maintenance margin as a share of initial margin."),
            Number("liquidationRatio", "Liquidation ratio", MarginGroup, "Liquidation threshold as a share of initial margin."),
            Number("shortOptionMinimum", "Short option minimum", MarginGroup, "Minimum charge per short option, as a share of the underlying price."),
            Number("correlationStress", "Correlation stress", MarginGroup, "Weight moved towards perfect correlation, 0..1."),
            Integer("grid.steps", "Steps", GridGroup, "Price steps on each side of the scan range."),
            Number("grid.extremeMultiple", "Extreme multiple", GridGroup, "Extreme move as a multiple of the scan range."),
            Number("grid.extremeCoverage", "Extreme coverage", GridGroup, "Share of the extreme-move loss counted."),
            Number("grid.vegaPowerShort", "Vega power (short)", GridGroup, "Volatility shock exponent for short expiries."),
            Number("grid.vegaPowerLong", "Vega power (long)", GridGroup, "Volatility shock exponent for long expiries."),
            Number("grid.dteFloorDays", "DTE floor (days)", GridGroup, "Smallest days to expiry used in pricing."),
            Number("grid.volFloor", "Vol floor", GridGroup, "Smallest implied volatility used in pricing."),
            Choice("simulation.measure", "Measure", SimulationGroup, ["ES", "VaR"], "Expected shortfall or value at risk."),
            Number("simulation.confidence", "Confidence", SimulationGroup, "Confidence level, strictly between 0 and 1."),
            Integer("simulation.horizonDays", "Horizon (days)", SimulationGroup, "Liquidation horizon."),
            Integer("simulation.scenarios", "Scenarios", SimulationGroup, "Monte Carlo scenarios (at least 100)."),
            Integer("simulation.seed", "Seed", SimulationGroup, "Monte Carlo seed (stored with every simulation)."),
            Choice("simulation.distribution", "Distribution", SimulationGroup, ["normal", "student-t"], "Return distribution of the Monte Carlo method."),
            Number("simulation.degreesOfFreedom", "Degrees of freedom", SimulationGroup, "Student-t degrees of freedom (> 2)."),
            Integer("simulation.historyDays", "History (days)", SimulationGroup, "Days of history of the historical method."),
        };
        foreach (var symbol in assets)
        {
            var group = AssetGroup(symbol);
            list.Add(Number($"assets.{symbol}.scanRange", "Scan range", group, $"{symbol} price move covered by the grid."));
            list.Add(Number($"assets.{symbol}.volUp", "Vol up", group, $"{symbol} relative volatility shock up."));
            list.Add(Number($"assets.{symbol}.volDown", "Vol down", group, $"{symbol} relative volatility shock down."));
            list.Add(Number($"assets.{symbol}.haircut", "Haircut", group, $"{symbol} collateral haircut, 0..1."));
        }

        return list;
    }

    /// <summary>Panel name of an asset's fields.</summary>
    public static string AssetGroup(string symbol) => $"Asset {symbol}";

    /// <summary>The text of every field of <paramref name="p"/> as the form shows it (invariant culture, round-trip).</summary>
    public static Dictionary<string, string> TextsOf(ParameterSet p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = JsonNames.Of(p.Method),
            ["simulation.measure"] = JsonNames.Of(p.Simulation.Measure),
            ["simulation.distribution"] = JsonNames.Of(p.Simulation.Distribution),
        };
        foreach (var (field, value) in Governance.Bounds.ParameterFields.Numeric(p))
        {
            if (!field.StartsWith("correlation.", StringComparison.Ordinal))
            {
                d[field] = Text(value);
            }
        }

        return d;
    }

    /// <summary>A number as the form writes it: shortest round-trip, invariant culture, no exponent for usual values.</summary>
    public static string Text(double value)
    {
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        return r.Contains('E', StringComparison.Ordinal) ? value.ToString("0.##################", CultureInfo.InvariantCulture) : r;
    }

    private static ParameterFieldInfo Number(string path, string label, string group, string help) => new(path, label, group, ParameterFieldKind.Number, [], help);

    private static ParameterFieldInfo Integer(string path, string label, string group, string help) => new(path, label, group, ParameterFieldKind.Integer, [], help);

    private static ParameterFieldInfo Choice(string path, string label, string group, IReadOnlyList<string> choices, string help) =>
        new(path, label, group, ParameterFieldKind.Choice, choices, help);
}
