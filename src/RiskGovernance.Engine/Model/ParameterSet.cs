using RiskGovernance.Engine.Correlation;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Model;

public enum MarginMethod
{
    Grid,
    MonteCarlo,
    Historical,
}

public enum RiskMeasure
{
    /// <summary>Expected shortfall: the mean of the m worst losses ("ES").</summary>
    ExpectedShortfall,

    /// <summary>Value at risk: the m-th worst loss ("VaR").</summary>
    ValueAtRisk,
}

public enum ReturnDistribution
{
    Normal,
    StudentT,
}

/// <summary>Scenario-grid parameters shared by every asset (METHODOLOGY section 4).</summary>
public sealed record GridParameters(
    int Steps,
    double ExtremeMultiple,
    double ExtremeCoverage,
    double VegaPowerShort,
    double VegaPowerLong,
    double DteFloorDays,
    double VolFloor);

/// <summary>Monte Carlo and historical simulation parameters (METHODOLOGY sections 5 and 6).</summary>
public sealed record SimulationParameters(
    RiskMeasure Measure,
    double Confidence,
    int HorizonDays,
    int Scenarios,
    long Seed,
    ReturnDistribution Distribution,
    double DegreesOfFreedom,
    int HistoryDays);

/// <summary>The governed parameters of one risky asset.</summary>
public sealed record AssetRiskParameters(double ScanRange, double VolUp, double VolDown, double Haircut);

/// <summary>A named asset's parameters, kept in the order the parameter set lists them.</summary>
public sealed record AssetParameterEntry(string Symbol, AssetRiskParameters Parameters);

/// <summary>A correlation assumption: assets in order and the matrix over them (row major copy,
/// never exposed mutably).</summary>
public sealed class CorrelationAssumption
{
    private readonly double[] _values;

    private CorrelationAssumption(IReadOnlyList<string> assets, double[] values)
    {
        Assets = assets;
        _values = values;
    }

    public IReadOnlyList<string> Assets { get; }

    public int Size => Assets.Count;

    public double this[int row, int column] => _values[(row * Size) + column];

    /// <summary>A copy of the matrix as jagged rows.</summary>
    public double[][] ToRows()
    {
        var rows = new double[Size][];
        for (var i = 0; i < Size; i++)
        {
            rows[i] = _values.AsSpan(i * Size, Size).ToArray();
        }
        return rows;
    }

    /// <summary>Creates the assumption after checking only its shape (square, one row per asset);
    /// the correlation rules are checked by <see cref="ParameterSet.Create"/>.</summary>
    internal static CorrelationAssumption CreateUnchecked(IReadOnlyList<string> assets, IReadOnlyList<IReadOnlyList<double>> matrix)
    {
        var n = assets.Count;
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                values[(i * n) + j] = matrix[i][j];
            }
        }
        return new CorrelationAssumption(assets.ToArray(), values);
    }
}

/// <summary>The complete margin parameter set that the committee governs (FORMATS.md params.json).
/// Created only through <see cref="Create"/>, which applies every rule of METHODOLOGY section 8 that
/// concerns the parameter set alone.</summary>
public sealed class ParameterSet
{
    /// <summary>Tolerance on the symmetry of the correlation matrix (METHODOLOGY section 8).</summary>
    public const double SymmetryTolerance = 1e-12;

    /// <summary>The smallest eigenvalue a valid correlation matrix may have (METHODOLOGY section 8).</summary>
    public const double EigenvalueTolerance = -1e-10;

    private readonly Dictionary<string, AssetRiskParameters> _assets;

    private ParameterSet(
        MarginMethod method,
        double imMultiplier,
        double mmRatio,
        double liquidationRatio,
        double shortOptionMinimum,
        double correlationStress,
        GridParameters grid,
        SimulationParameters simulation,
        IReadOnlyList<AssetParameterEntry> assets,
        CorrelationAssumption correlation)
    {
        Method = method;
        ImMultiplier = imMultiplier;
        MmRatio = mmRatio;
        LiquidationRatio = liquidationRatio;
        ShortOptionMinimum = shortOptionMinimum;
        CorrelationStress = correlationStress;
        Grid = grid;
        Simulation = simulation;
        AssetEntries = assets;
        Correlation = correlation;
        _assets = assets.ToDictionary(a => a.Symbol, a => a.Parameters, StringComparer.Ordinal);
    }

    public MarginMethod Method { get; }
    public double ImMultiplier { get; }
    public double MmRatio { get; }
    public double LiquidationRatio { get; }
    public double ShortOptionMinimum { get; }
    public double CorrelationStress { get; }
    public GridParameters Grid { get; }
    public SimulationParameters Simulation { get; }

    /// <summary>The per-asset parameters in the order params.json lists them.</summary>
    public IReadOnlyList<AssetParameterEntry> AssetEntries { get; }

    public CorrelationAssumption Correlation { get; }

    /// <summary>The risky assets in the order of <c>correlation.assets</c>: the order every
    /// multi-asset computation uses.</summary>
    public IReadOnlyList<string> RiskyAssets => Correlation.Assets;

    public bool IsRisky(string symbol) => _assets.ContainsKey(symbol);

    public bool TryGetAsset(string symbol, out AssetRiskParameters parameters) => _assets.TryGetValue(symbol, out parameters!);

    public AssetRiskParameters Asset(string symbol) =>
        _assets.TryGetValue(symbol, out var p) ? p : throw new KeyNotFoundException($"asset '{symbol}' has no risk parameters");

    /// <summary>Haircut of a collateral asset: the governed haircut for a risky asset, 0 for a riskless one.</summary>
    public double HaircutOf(string symbol) => _assets.TryGetValue(symbol, out var p) ? p.Haircut : 0.0;

    /// <summary>Returns a copy with another method (for tools that compare methods, or size
    /// collateral with the grid); everything else is unchanged and stays valid.</summary>
    public ParameterSet WithMethod(MarginMethod method) =>
        new(method, ImMultiplier, MmRatio, LiquidationRatio, ShortOptionMinimum, CorrelationStress, Grid, Simulation, AssetEntries, Correlation);

    /// <summary>A copy with another correlation matrix and correlation stress (validated as usual);
    /// used by the correlation stress of <see cref="Stress.StressEngine"/>.</summary>
    internal ParameterSet WithCorrelation(IReadOnlyList<IReadOnlyList<double>> matrix, double correlationStress) =>
        Create(Method, ImMultiplier, MmRatio, LiquidationRatio, ShortOptionMinimum, correlationStress, Grid, Simulation, AssetEntries,
            Correlation.Assets, matrix);

    /// <summary>Validates every rule and creates the parameter set, or throws
    /// <see cref="InputValidationException"/> listing every problem with its field.</summary>
    public static ParameterSet Create(
        MarginMethod method,
        double imMultiplier,
        double mmRatio,
        double liquidationRatio,
        double shortOptionMinimum,
        double correlationStress,
        GridParameters grid,
        SimulationParameters simulation,
        IReadOnlyList<AssetParameterEntry> assets,
        IReadOnlyList<string> correlationAssets,
        IReadOnlyList<IReadOnlyList<double>> correlationMatrix)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(correlationAssets);
        ArgumentNullException.ThrowIfNull(correlationMatrix);

        var e = new ValidationErrors();
        if (!Enum.IsDefined(method))
        {
            e.Add("params.method", "must be grid, montecarlo or historical");
        }
        e.Positive("params.imMultiplier", imMultiplier);
        e.InRange("params.mmRatio", mmRatio, 0, 1, lowerStrict: true);
        e.InRange("params.liquidationRatio", liquidationRatio, 0, 1, lowerStrict: true);
        e.NonNegative("params.shortOptionMinimum", shortOptionMinimum);
        e.InRange("params.correlationStress", correlationStress, 0, 1);

        ValidateGrid(e, grid);
        ValidateSimulation(e, simulation);
        ValidateAssets(e, assets, grid);
        ValidateCorrelation(e, assets, correlationAssets, correlationMatrix);

        e.ThrowIfAny();
        var correlation = CorrelationAssumption.CreateUnchecked(correlationAssets, correlationMatrix);
        return new ParameterSet(method, imMultiplier, mmRatio, liquidationRatio, shortOptionMinimum, correlationStress,
            grid, simulation, assets.ToArray(), correlation);
    }

    private static void ValidateGrid(ValidationErrors e, GridParameters g)
    {
        if (g.Steps < 1)
        {
            e.Add("params.grid.steps", "must be an integer >= 1");
        }
        e.NonNegative("params.grid.extremeMultiple", g.ExtremeMultiple);
        e.InRange("params.grid.extremeCoverage", g.ExtremeCoverage, 0, 1);
        e.Finite("params.grid.vegaPowerShort", g.VegaPowerShort);
        e.Finite("params.grid.vegaPowerLong", g.VegaPowerLong);
        e.Positive("params.grid.dteFloorDays", g.DteFloorDays);
        e.Positive("params.grid.volFloor", g.VolFloor);
    }

    private static void ValidateSimulation(ValidationErrors e, SimulationParameters s)
    {
        if (!Enum.IsDefined(s.Measure))
        {
            e.Add("params.simulation.measure", "must be ES or VaR");
        }
        e.InRange("params.simulation.confidence", s.Confidence, 0, 1, lowerStrict: true, upperStrict: true);
        if (s.HorizonDays < 1)
        {
            e.Add("params.simulation.horizonDays", "must be an integer >= 1");
        }
        if (s.Scenarios < 100)
        {
            e.Add("params.simulation.scenarios", "must be an integer >= 100");
        }
        if (!Enum.IsDefined(s.Distribution))
        {
            e.Add("params.simulation.distribution", "must be normal or student-t");
        }
        if (e.Finite("params.simulation.degreesOfFreedom", s.DegreesOfFreedom)
            && s.Distribution == ReturnDistribution.StudentT && !(s.DegreesOfFreedom > 2))
        {
            e.Add("params.simulation.degreesOfFreedom", "must be > 2 for the student-t distribution");
        }
        if (s.HistoryDays < 1)
        {
            e.Add("params.simulation.historyDays", "must be an integer >= 1");
        }
    }

    private static void ValidateAssets(ValidationErrors e, IReadOnlyList<AssetParameterEntry> assets, GridParameters grid)
    {
        if (assets.Count == 0)
        {
            e.Add("params.assets", "must list at least one risky asset");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in assets)
        {
            var path = $"params.assets.{entry.Symbol}";
            if (string.IsNullOrWhiteSpace(entry.Symbol))
            {
                e.Add("params.assets", "asset symbols must be non-empty");
                continue;
            }
            if (!seen.Add(entry.Symbol))
            {
                e.Add(path, "is listed more than once");
            }
            var p = entry.Parameters;
            e.Positive($"{path}.scanRange", p.ScanRange);
            e.NonNegative($"{path}.volUp", p.VolUp);
            e.NonNegative($"{path}.volDown", p.VolDown);
            e.InRange($"{path}.haircut", p.Haircut, 0, 1, upperStrict: true);
            if (double.IsFinite(p.ScanRange) && double.IsFinite(grid.ExtremeMultiple) && p.ScanRange > 0 && grid.ExtremeMultiple >= 0
                && !(grid.ExtremeMultiple * p.ScanRange < 1))
            {
                e.Add($"{path}.scanRange",
                    $"extremeMultiple * scanRange must be < 1 (is {grid.ExtremeMultiple * p.ScanRange:R}: a scenario price would be <= 0)");
            }
        }
    }

    private static void ValidateCorrelation(
        ValidationErrors e,
        IReadOnlyList<AssetParameterEntry> assets,
        IReadOnlyList<string> names,
        IReadOnlyList<IReadOnlyList<double>> m)
    {
        const string A = "params.correlation.assets";
        const string M = "params.correlation.matrix";
        var before = e.Errors.Count;
        var keys = new HashSet<string>(assets.Select(a => a.Symbol), StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!listed.Add(name))
            {
                e.Add(A, $"'{name}' is listed more than once");
            }
            else if (!keys.Contains(name))
            {
                e.Add(A, $"'{name}' has no entry in params.assets");
            }
        }
        foreach (var key in keys.Where(k => !listed.Contains(k)))
        {
            e.Add(A, $"must list '{key}' (every key of params.assets)");
        }

        var n = names.Count;
        if (m.Count != n || m.Any(row => row is null || row.Count != n))
        {
            e.Add(M, $"must be a square {n}x{n} matrix (one row and one column per entry of correlation.assets)");
            return;
        }
        var shapeOk = e.Errors.Count == before;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = m[i][j];
                var cell = $"{M}[{i}][{j}]";
                if (!e.Finite(cell, v))
                {
                    shapeOk = false;
                    continue;
                }
                if (i == j && v != 1.0)
                {
                    e.Add(cell, "diagonal entries must be 1");
                }
                else if (v < -1 || v > 1)
                {
                    e.Add(cell, "must be in [-1, 1]");
                }
                if (j > i && double.IsFinite(m[j][i]) && Math.Abs(v - m[j][i]) > SymmetryTolerance)
                {
                    e.Add(cell, $"matrix must be symmetric: [{i}][{j}] = {v:R} but [{j}][{i}] = {m[j][i]:R}");
                }
            }
        }
        if (!shapeOk || e.Errors.Count != before)
        {
            return;
        }
        var smallest = CorrelationMath.SmallestEigenvalue(m);
        if (smallest < EigenvalueTolerance)
        {
            var nearest = NearestCorrelation.Format(NearestCorrelation.Repair(m));
            e.Add(M, $"is not positive semidefinite (smallest eigenvalue {smallest:G6} < {EigenvalueTolerance:G}); " +
                     $"nearest valid matrix {nearest} ('riskgov correlation repair' writes it in full precision)");
        }
    }
}
