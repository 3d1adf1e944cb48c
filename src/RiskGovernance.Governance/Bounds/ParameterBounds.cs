using System.Globalization;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance.Bounds;

/// <summary>A change larger than the step bound allows (it needs the supermajority).</summary>
/// <param name="Field">Field path.</param>
/// <param name="Old">Ratified value.</param>
/// <param name="New">Proposed value.</param>
/// <param name="Change">The measured change (relative, or absolute for correlations).</param>
/// <param name="Limit">The bound.</param>
public sealed record StepBoundExceedance(string Field, double Old, double New, double Change, double Limit);

/// <summary>The bounds check of a proposed set against the ratified one.</summary>
/// <param name="StepExceedances">Changes beyond the step bounds.</param>
public sealed record BoundsCheck(IReadOnlyList<StepBoundExceedance> StepExceedances)
{
    /// <summary>True when the proposal needs the supermajority.</summary>
    public bool RequiresSupermajority => StepExceedances.Count > 0;
}

/// <summary>Applies <see cref="ParameterBoundsOptions"/>: hard limits and step bounds.</summary>
public sealed class ParameterBounds
{
    /// <summary>Rounding allowance when comparing a change with its bound (0.15 to 0.225 is exactly 50%).</summary>
    public const double StepTolerance = 1e-12;

    private readonly ParameterBoundsOptions _options;

    /// <summary>Uses validated options.</summary>
    public ParameterBounds(ParameterBoundsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
    }

    /// <summary>
    /// Checks <paramref name="proposed"/>: a value outside a hard limit throws
    /// <see cref="InputValidationException"/> naming every such field (<c>params.assets.BTC.scanRange</c>);
    /// otherwise returns the step-bound exceedances against <paramref name="ratified"/> (a field
    /// absent from the ratified set has no step bound).
    /// </summary>
    public BoundsCheck Check(ParameterSet proposed, ParameterSet? ratified)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var values = ParameterFields.Numeric(proposed);
        var e = new ValidationErrors();
        foreach (var (field, value) in values)
        {
            foreach (var (pattern, limit) in _options.HardLimits)
            {
                if (FieldPattern.Matches(pattern, field) && (value < limit.Min || value > limit.Max))
                {
                    e.Add($"params.{field}", $"{Text(value)} is outside the hard limits [{Text(limit.Min)}, {Text(limit.Max)}]");
                }
            }
        }

        e.ThrowIfAny();
        var exceedances = new List<StepBoundExceedance>();
        if (ratified is null)
        {
            return new BoundsCheck(exceedances);
        }

        var old = ParameterFields.Numeric(ratified);
        foreach (var (field, value) in values)
        {
            if (!old.TryGetValue(field, out var before) || before == value)
            {
                continue;
            }

            if (field.StartsWith("correlation.", StringComparison.Ordinal))
            {
                var change = Math.Abs(value - before);
                if (change > _options.MaxCorrelationChange + StepTolerance)
                {
                    exceedances.Add(new StepBoundExceedance(field, before, value, change, _options.MaxCorrelationChange));
                }

                continue;
            }

            foreach (var (pattern, max) in _options.MaxRelativeChange)
            {
                if (!FieldPattern.Matches(pattern, field))
                {
                    continue;
                }

                var change = before == 0 ? double.PositiveInfinity : Math.Abs(value - before) / Math.Abs(before);
                if (change > max + StepTolerance)
                {
                    exceedances.Add(new StepBoundExceedance(field, before, value, change, max));
                    break;
                }
            }
        }

        return new BoundsCheck(exceedances);
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
