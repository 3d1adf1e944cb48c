using RiskGovernance.Engine.Validation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Bounds;

/// <summary>Inclusive hard limits of one parameter.</summary>
public sealed class ParameterLimit
{
    /// <summary>Smallest allowed value (inclusive).</summary>
    public double Min { get; set; } = double.NegativeInfinity;

    /// <summary>Largest allowed value (inclusive).</summary>
    public double Max { get; set; } = double.PositiveInfinity;
}

/// <summary>
/// Configuration section "Governance:Bounds", shown to users (like Aave's risk stewards). Field
/// patterns are FORMATS.md paths as <see cref="ParameterFields.Numeric"/> names them, with
/// <c>*</c> standing for one path segment: <c>imMultiplier</c>, <c>assets.*.scanRange</c>,
/// <c>correlation.*.*</c>, <c>grid.steps</c>.
/// <list type="bullet">
/// <item><see cref="HardLimits"/>: a set with a value outside them cannot be proposed (the error names the field).</item>
/// <item><see cref="MaxRelativeChange"/>: |new - old| / |old| allowed in one proposal; more needs the supermajority.</item>
/// <item><see cref="MaxCorrelationChange"/>: absolute change of a correlation entry allowed in one proposal; more needs the supermajority.</item>
/// </list>
/// </summary>
public sealed class ParameterBoundsOptions : IValidatableOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Governance:Bounds";

    /// <summary>Hard limits by field pattern.</summary>
    public Dictionary<string, ParameterLimit> HardLimits { get; set; } = new(StringComparer.Ordinal)
    {
        ["imMultiplier"] = new() { Min = 0.5, Max = 3.0 },
        ["mmRatio"] = new() { Min = 0.3, Max = 0.95 },
        ["liquidationRatio"] = new() { Min = 0.3, Max = 0.99 },
        ["assets.*.scanRange"] = new() { Min = 0.01, Max = 1.0 },
        ["assets.*.volUp"] = new() { Min = 0.0, Max = 3.0 },
        ["assets.*.volDown"] = new() { Min = 0.0, Max = 1.0 },
        ["assets.*.haircut"] = new() { Min = 0.0, Max = 0.9 },
    };

    /// <summary>Largest relative change per proposal by field pattern.</summary>
    public Dictionary<string, double> MaxRelativeChange { get; set; } = new(StringComparer.Ordinal)
    {
        ["imMultiplier"] = 0.25,
        ["assets.*.scanRange"] = 0.5,
        ["assets.*.volUp"] = 0.5,
        ["assets.*.volDown"] = 0.5,
        ["assets.*.haircut"] = 0.5,
    };

    /// <summary>Largest absolute change of a correlation entry per proposal.</summary>
    public double MaxCorrelationChange { get; set; } = 0.2;

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate().Select(e => e.ToString());

    /// <summary>Every problem, each naming its field; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var e = new List<ValidationError>();
        foreach (var (pattern, limit) in HardLimits ?? [])
        {
            var field = $"{SectionName}:HardLimits:{pattern}";
            if (!FieldPattern.IsValid(pattern))
            {
                e.Add(new ValidationError(field, "is not a field pattern (segments of letters, digits or *)"));
            }

            if (limit is null || double.IsNaN(limit.Min) || double.IsNaN(limit.Max) || limit.Min > limit.Max)
            {
                e.Add(new ValidationError(field, "needs Min <= Max"));
            }
        }

        foreach (var (pattern, max) in MaxRelativeChange ?? [])
        {
            var field = $"{SectionName}:MaxRelativeChange:{pattern}";
            if (!FieldPattern.IsValid(pattern))
            {
                e.Add(new ValidationError(field, "is not a field pattern (segments of letters, digits or *)"));
            }

            if (!(max > 0) || double.IsInfinity(max))
            {
                e.Add(new ValidationError(field, "must be a finite number > 0"));
            }
        }

        if (!(MaxCorrelationChange > 0) || double.IsInfinity(MaxCorrelationChange))
        {
            e.Add(new ValidationError($"{SectionName}:{nameof(MaxCorrelationChange)}", "must be a finite number > 0"));
        }

        return e;
    }

    /// <summary>Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }
    }
}

/// <summary>Field patterns: dot-separated segments, <c>*</c> matching exactly one segment.</summary>
public static class FieldPattern
{
    /// <summary>True when <paramref name="pattern"/> is well formed.</summary>
    public static bool IsValid(string? pattern)
        => !string.IsNullOrWhiteSpace(pattern)
           && pattern.Split('.').All(s => s == "*" || (s.Length > 0 && s.All(char.IsLetterOrDigit)));

    /// <summary>True when <paramref name="field"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string field)
    {
        var p = pattern.Split('.');
        var f = field.Split('.');
        return p.Length == f.Length && p.Zip(f).All(x => x.First == "*" || string.Equals(x.First, x.Second, StringComparison.Ordinal));
    }
}
