using System.Globalization;
using System.Text;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Rules;
using RiskGovernance.Governance.Registry;

namespace RiskGovernance.Web.Drafting;

/// <summary>A bound shown beside a field: its hard limits and its largest change in one proposal.</summary>
/// <param name="Min">Smallest allowed value, or null.</param>
/// <param name="Max">Largest allowed value, or null.</param>
/// <param name="MaxRelativeChange">Largest relative change without a supermajority, or null.</param>
public sealed record FieldBounds(double? Min, double? Max, double? MaxRelativeChange)
{
    /// <summary>"hard limits [0.5, 3] · step ±25 %", or "" when the field has no bounds.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Min is not null || Max is not null)
        {
            parts.Add($"hard limits [{(Min is { } a ? ParameterFieldCatalog.Text(a) : "-inf")}, {(Max is { } b ? ParameterFieldCatalog.Text(b) : "+inf")}]");
        }

        if (MaxRelativeChange is { } r)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"step ±{r * 100:0.##} % without a supermajority"));
        }

        return string.Join(" · ", parts);
    }
}

/// <summary>What the form knows about the values typed so far.</summary>
public sealed class DraftEvaluation
{
    internal DraftEvaluation(
        Dictionary<string, List<string>> errors, Dictionary<string, string> warnings, HashSet<string> changed, ParameterSet? proposed)
    {
        Errors = errors.ToDictionary(x => x.Key, x => (IReadOnlyList<string>)x.Value, StringComparer.Ordinal);
        Warnings = warnings;
        Changed = changed;
        Proposed = errors.Count == 0 ? proposed : null;
        ParamsJson = Proposed is null ? null : Encoding.UTF8.GetString(ParameterSetJson.ToUtf8Bytes(Proposed));
    }

    /// <summary>Errors by field path (<c>assets.BTC.scanRange</c>, <c>correlation.matrix[0][1]</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>Step-bound warnings by field path ("needs a supermajority").</summary>
    public IReadOnlyDictionary<string, string> Warnings { get; }

    /// <summary>Fields whose value differs from the ratified one (correlation cells as <c>correlation.A.B</c>).</summary>
    public IReadOnlySet<string> Changed { get; }

    /// <summary>The valid proposed set, or null while any error stands.</summary>
    public ParameterSet? Proposed { get; }

    /// <summary>params.json text of <see cref="Proposed"/>.</summary>
    public string? ParamsJson { get; }

    /// <summary>True when the set is valid, registry-exact and within the hard limits.</summary>
    public bool IsValid => Proposed is not null;

    /// <summary>True when a change exceeds its step bound.</summary>
    public bool RequiresSupermajority => Warnings.Count > 0;

    /// <summary>The errors of one field (empty when none).</summary>
    public IReadOnlyList<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    /// <summary>Errors of the correlation matrix (any field under <c>correlation</c>).</summary>
    public IEnumerable<string> CorrelationErrors()
        => Errors.Where(x => x.Key.StartsWith("correlation", StringComparison.Ordinal)).SelectMany(x => x.Value.Select(m => $"{x.Key}: {m}"));
}

/// <summary>
/// The editing state of a new parameter proposal: the text of every field and the correlation
/// matrix, started from the ratified set, and their evaluation against the engine's rules
/// (<see cref="ParameterSetDraft.Validate"/>), the registry's hard limits and step bounds
/// (<see cref="RegistryBounds"/>, read from the chain) and the registry's exactness (<see cref="OnChainParameterCodec.ToOnChain"/>).
/// Errors name the field as the engine does, without the <c>params.</c> prefix.
/// </summary>
public sealed class ParameterDraftForm
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, string> _ratifiedTexts;
    private readonly RegistryBounds _bounds;
    private readonly OnChainParameterSet? _ratifiedOnChain;
    private double[][] _matrix;
    private IReadOnlyList<ValidationError> _serverErrors = [];

    /// <summary>A form holding the values of <paramref name="ratified"/>, checked against the registry's <paramref name="bounds"/>.</summary>
    public ParameterDraftForm(ParameterSet ratified, RegistryBounds bounds)
    {
        Ratified = ratified ?? throw new ArgumentNullException(nameof(ratified));
        _bounds = bounds ?? throw new ArgumentNullException(nameof(bounds));
        _ratifiedOnChain = OnChainParameterCodec.ToOnChain(ratified);
        Assets = ratified.Correlation.Assets;
        AssetSymbols = ratified.AssetEntries.Select(a => a.Symbol).ToArray();
        Fields = ParameterFieldCatalog.For(AssetSymbols);
        _ratifiedTexts = ParameterFieldCatalog.TextsOf(ratified);
        _values = new Dictionary<string, string>(_ratifiedTexts, StringComparer.Ordinal);
        RatifiedMatrix = ratified.Correlation.ToRows();
        _matrix = Copy(RatifiedMatrix);
        Evaluation = Evaluate();
    }

    /// <summary>The ratified set the form started from.</summary>
    public ParameterSet Ratified { get; }

    /// <summary>Assets of the correlation matrix, in its order.</summary>
    public IReadOnlyList<string> Assets { get; }

    /// <summary>Symbols of params.assets, in their order.</summary>
    public IReadOnlyList<string> AssetSymbols { get; }

    /// <summary>Every field except the correlation matrix.</summary>
    public IReadOnlyList<ParameterFieldInfo> Fields { get; }

    /// <summary>The ratified correlation matrix.</summary>
    public double[][] RatifiedMatrix { get; }

    /// <summary>The edited correlation matrix (a copy).</summary>
    public double[][] Matrix => Copy(_matrix);

    /// <summary>The evaluation of the current values.</summary>
    public DraftEvaluation Evaluation { get; private set; }

    /// <summary>The text of a field.</summary>
    public string ValueOf(string field) => _values.TryGetValue(field, out var v) ? v : "";

    /// <summary>The ratified value's text.</summary>
    public string RatifiedValueOf(string field) => _ratifiedTexts.TryGetValue(field, out var v) ? v : "";

    /// <summary>Sets a field's text and re-evaluates.</summary>
    public DraftEvaluation Set(string field, string? text)
    {
        if (!_values.ContainsKey(field))
        {
            throw new ArgumentException($"{field}: not a field of the parameter set", nameof(field));
        }

        _values[field] = text?.Trim() ?? "";
        _serverErrors = [];
        return Evaluation = Evaluate();
    }

    /// <summary>Replaces the correlation matrix (square over <see cref="Assets"/>) and re-evaluates.</summary>
    public DraftEvaluation SetMatrix(double[][] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != Assets.Count || matrix.Any(r => r is null || r.Length != Assets.Count))
        {
            throw new ArgumentException($"correlation.matrix: must be {Assets.Count}x{Assets.Count}", nameof(matrix));
        }

        _matrix = Copy(matrix);
        _serverErrors = [];
        return Evaluation = Evaluate();
    }

    /// <summary>
    /// Shows the server's refusal of <c>params.*</c> fields next to those fields (other fields are
    /// ignored here) until the next edit.
    /// </summary>
    public DraftEvaluation ShowServerErrors(IEnumerable<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _serverErrors = errors.Where(e => e.Field.StartsWith("params", StringComparison.Ordinal)).ToArray();
        return Evaluation = Evaluate();
    }

    /// <summary>The registry's hard limits and step bound of a field.</summary>
    public FieldBounds BoundsOf(string field)
    {
        var limit = _bounds.HardLimitOf(field);
        var step = _bounds.StepOf(field);
        return new FieldBounds(limit?.Min.ToDouble(), limit?.Max.ToDouble(), step is { Relative: true } s ? s.Step.ToDouble() : null);
    }

    /// <summary>Largest absolute change of a correlation entry without a supermajority (the registry's; 0: no bound).</summary>
    public double MaxCorrelationChange => _bounds.CorrelationStep.ToDouble();

    private DraftEvaluation Evaluate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var warnings = new Dictionary<string, string>(StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            var key = field.StartsWith("params.", StringComparison.Ordinal) ? field["params.".Length..] : field;
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }

        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var f in Fields)
        {
            var text = ValueOf(f.Path);
            if (text != RatifiedValueOf(f.Path))
            {
                changed.Add(f.Path);
            }

            if (text.Length == 0)
            {
                Error(f.Path, "is required");
                continue;
            }

            switch (f.Kind)
            {
                case ParameterFieldKind.Choice:
                    if (!f.Choices.Contains(text, StringComparer.Ordinal))
                    {
                        Error(f.Path, $"must be one of {string.Join(", ", f.Choices)}");
                    }

                    break;
                case ParameterFieldKind.Integer:
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                        || (f.Path != "simulation.seed" && (n > int.MaxValue || n < int.MinValue))
                        || Math.Abs(n) > ParameterSetJson.MaxSeed)
                    {
                        Error(f.Path, $"'{text}' is not a whole number");
                        continue;
                    }

                    numbers[f.Path] = n;
                    break;
                default:
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                    {
                        Error(f.Path, $"'{text}' is not a number (use a dot for decimals)");
                        continue;
                    }

                    numbers[f.Path] = d;
                    break;
            }
        }

        // Changed by value, not by spelling ("0.150" is the ratified 0.15).
        foreach (var (field, value) in numbers)
        {
            if (double.TryParse(RatifiedValueOf(field), NumberStyles.Float, CultureInfo.InvariantCulture, out var old) && old == value)
            {
                changed.Remove(field);
            }
        }

        foreach (var (field, value) in numbers)
        {
            var b = BoundsOf(field);
            if ((b.Min is { } min && value < min) || (b.Max is { } max && value > max))
            {
                Error(field, string.Create(CultureInfo.InvariantCulture,
                    $"{value:R} is outside the hard limits [{b.Min ?? double.NegativeInfinity:R}, {b.Max ?? double.PositiveInfinity:R}]"));
            }
        }

        for (var i = 0; i < Assets.Count; i++)
        {
            for (var j = i + 1; j < Assets.Count; j++)
            {
                if (_matrix[i][j] != RatifiedMatrix[i][j])
                {
                    changed.Add(CellField(i, j));
                }
            }
        }

        var proposed = TryBuild(numbers, Error);

        if (proposed is not null && errors.Count == 0)
        {
            try
            {
                var onChain = OnChainParameterCodec.ToOnChain(proposed);
                foreach (var v in _bounds.HardLimitErrors(onChain))
                {
                    Error(v.Field, v.Message);
                }

                foreach (var x in _bounds.StepExceedances(onChain, _ratifiedOnChain))
                {
                    var (old, now) = (x.Old.ToDouble(), x.New.ToDouble());
                    var change = x.Field.StartsWith("correlation.", StringComparison.Ordinal)
                        ? string.Create(CultureInfo.InvariantCulture, $"changes by {Math.Abs(now - old):0.####} (limit {x.Step.ToDouble():0.####})")
                        : string.Create(CultureInfo.InvariantCulture,
                            $"changes by {(old == 0 ? double.PositiveInfinity : Math.Abs(now - old) / Math.Abs(old)) * 100:0.##} % (limit {x.Step.ToDouble() * 100:0.##} %)");
                    warnings[x.Field] = $"{change}: needs a supermajority";
                }
            }
            catch (InputValidationException e)
            {
                foreach (var v in e.Errors)
                {
                    Error(v.Field, v.Message);
                }
            }
        }

        foreach (var v in _serverErrors)
        {
            Error(v.Field == "params" ? "set" : v.Field, v.Message);
        }

        return new DraftEvaluation(errors, warnings, changed, proposed);
    }

    /// <summary>The field name of the correlation entry (i, j) as the bounds name it (upper triangle).</summary>
    public string CellField(int i, int j) => i < j ? $"correlation.{Assets[i]}.{Assets[j]}" : $"correlation.{Assets[j]}.{Assets[i]}";

    private ParameterSet? TryBuild(Dictionary<string, double> n, Action<string, string> error)
    {
        if (n.Count != Fields.Count(f => f.Kind != ParameterFieldKind.Choice))
        {
            return null;
        }

        MarginMethod method;
        RiskMeasure measure;
        ReturnDistribution distribution;
        try
        {
            method = JsonNames.ParseMethod(ValueOf("method"));
            measure = JsonNames.ParseMeasure(ValueOf("simulation.measure"));
            distribution = JsonNames.ParseDistribution(ValueOf("simulation.distribution"));
        }
        catch (Exception e) when (e is InputValidationException or ArgumentException)
        {
            return null;
        }

        var grid = new GridParameters((int)n["grid.steps"], n["grid.extremeMultiple"], n["grid.extremeCoverage"], n["grid.vegaPowerShort"],
            n["grid.vegaPowerLong"], n["grid.dteFloorDays"], n["grid.volFloor"]);
        var simulation = new SimulationParameters(measure, n["simulation.confidence"], (int)n["simulation.horizonDays"], (int)n["simulation.scenarios"],
            (long)n["simulation.seed"], distribution, n["simulation.degreesOfFreedom"], (int)n["simulation.historyDays"]);
        var assets = AssetSymbols.Select(s => new AssetParameterEntry(s, new AssetRiskParameters(
            n[$"assets.{s}.scanRange"], n[$"assets.{s}.volUp"], n[$"assets.{s}.volDown"], n[$"assets.{s}.haircut"]))).ToArray();
        var draft = new ParameterSetDraft(method, n["imMultiplier"], n["mmRatio"], n["liquidationRatio"], n["shortOptionMinimum"],
            n["correlationStress"], grid, simulation, assets, Assets, _matrix.Select(r => (IReadOnlyList<double>)r.ToArray()).ToArray());
        try
        {
            return draft.Validate();
        }
        catch (InputValidationException e)
        {
            foreach (var v in e.Errors)
            {
                error(v.Field, v.Message);
            }

            return null;
        }
    }

    private static double[][] Copy(IReadOnlyList<IReadOnlyList<double>> m) => m.Select(r => r.ToArray()).ToArray();
}
