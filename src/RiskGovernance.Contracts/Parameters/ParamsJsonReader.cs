using System.Text.Json;
using RiskGovernance.Chain;

namespace RiskGovernance.Contracts.Parameters;

/// <summary>
/// Maps a params.json document (FORMATS.md) to its on-chain form: every number exactly as
/// an 18-decimal fixed-point value (or an error naming the field), assets in the order of
/// correlation.assets, the matrix reduced to its strict upper triangle after checking symmetry.
/// Value ranges are the engine's and the registry's business; this checks shape only.
/// </summary>
public static class ParamsJsonReader
{
    /// <summary>Reads params.json text; <paramref name="paramsHash"/> is the approved canonical JSON hash.</summary>
    public static OnChainParameterSet Read(string json, Hash32 paramsHash)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        OnlyKnown(root, "", "method", "imMultiplier", "mmRatio", "liquidationRatio", "shortOptionMinimum", "correlationStress", "grid", "simulation", "assets", "correlation");

        var grid = Property(root, "grid", "grid");
        var sim = Property(root, "simulation", "simulation");
        var assets = Property(root, "assets", "assets");
        var correlation = Property(root, "correlation", "correlation");
        OnlyKnown(grid, "grid.", "steps", "extremeMultiple", "extremeCoverage", "vegaPowerShort", "vegaPowerLong", "dteFloorDays", "volFloor");
        OnlyKnown(sim, "simulation.", "measure", "confidence", "horizonDays", "scenarios", "seed", "distribution", "degreesOfFreedom", "historyDays");
        OnlyKnown(correlation, "correlation.", "assets", "matrix");
        var order = Property(correlation, "assets", "correlation.assets").EnumerateArray()
            .Select((e, i) => e.GetString() ?? throw new FormatException($"correlation.assets[{i}]: must be a string."))
            .ToList();

        var assetList = order.Select(symbol =>
        {
            var a = Property(assets, symbol, $"assets.{symbol}");
            OnlyKnown(a, $"assets.{symbol}.", "scanRange", "volUp", "volDown", "haircut");
            return new OnChainAssetParameters(
                symbol,
                Number(a, "scanRange", $"assets.{symbol}.scanRange"),
                Number(a, "volUp", $"assets.{symbol}.volUp"),
                Number(a, "volDown", $"assets.{symbol}.volDown"),
                Number(a, "haircut", $"assets.{symbol}.haircut"));
        }).ToList();

        var extra = assets.EnumerateObject().Select(p => p.Name).Except(order, StringComparer.Ordinal).FirstOrDefault();
        if (extra is not null)
        {
            throw new FormatException($"assets.{extra}: not listed in correlation.assets.");
        }

        var matrix = Property(correlation, "matrix", "correlation.matrix");
        var rows = matrix.EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList();
        if (rows.Count != order.Count || rows.Any(r => r.Count != order.Count))
        {
            throw new FormatException($"correlation.matrix: must be {order.Count} x {order.Count}.");
        }

        var upper = new List<FixedPoint18>();
        for (var i = 0; i < order.Count; i++)
        {
            for (var j = i + 1; j < order.Count; j++)
            {
                var field = $"correlation.matrix[{i}][{j}]";
                var value = FixedPoint18.FromDouble(rows[i][j].GetDouble(), field);
                var mirror = FixedPoint18.FromDouble(rows[j][i].GetDouble(), $"correlation.matrix[{j}][{i}]");
                if (value != mirror)
                {
                    throw new FormatException($"{field}: {value} differs from its mirror {mirror}; the on-chain form needs a symmetric matrix.");
                }

                upper.Add(value);
            }
        }

        return new OnChainParameterSet(
            Text(root, "method", "method"),
            Number(root, "imMultiplier", "imMultiplier"),
            Number(root, "mmRatio", "mmRatio"),
            Number(root, "liquidationRatio", "liquidationRatio"),
            Number(root, "shortOptionMinimum", "shortOptionMinimum"),
            Number(root, "correlationStress", "correlationStress"),
            new OnChainGridParameters(
                Number(grid, "steps", "grid.steps"),
                Number(grid, "extremeMultiple", "grid.extremeMultiple"),
                Number(grid, "extremeCoverage", "grid.extremeCoverage"),
                Number(grid, "vegaPowerShort", "grid.vegaPowerShort"),
                Number(grid, "vegaPowerLong", "grid.vegaPowerLong"),
                Number(grid, "dteFloorDays", "grid.dteFloorDays"),
                Number(grid, "volFloor", "grid.volFloor")),
            new OnChainSimulationParameters(
                Text(sim, "measure", "simulation.measure"),
                Number(sim, "confidence", "simulation.confidence"),
                Number(sim, "horizonDays", "simulation.horizonDays"),
                Number(sim, "scenarios", "simulation.scenarios"),
                Number(sim, "seed", "simulation.seed"),
                Text(sim, "distribution", "simulation.distribution"),
                Number(sim, "degreesOfFreedom", "simulation.degreesOfFreedom"),
                Number(sim, "historyDays", "simulation.historyDays")),
            assetList,
            upper,
            paramsHash);
    }

    private static void OnlyKnown(JsonElement element, string prefix, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{(prefix.Length == 0 ? "params" : prefix.TrimEnd('.'))}: must be an object.");
        }

        var unknown = element.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !names.Contains(n, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new FormatException($"{prefix}{unknown}: unknown property.");
        }
    }

    private static JsonElement Property(JsonElement element, string name, string field)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"{field}: is required.");

    private static FixedPoint18 Number(JsonElement element, string name, string field)
    {
        var value = Property(element, name, field);
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"{field}: must be a number.");
        }

        return FixedPoint18.FromDouble(value.GetDouble(), field);
    }

    private static string Text(JsonElement element, string name, string field)
        => Property(element, name, field).GetString() ?? throw new FormatException($"{field}: must be a string.");
}
