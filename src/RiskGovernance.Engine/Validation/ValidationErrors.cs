namespace RiskGovernance.Engine.Validation;

/// <summary>Collects problems while an input is checked; the single place where the engine's
/// argument rules are phrased, so messages read the same everywhere.</summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(string field, string message) => _errors.Add(new ValidationError(field, message));

    public void AddRange(IEnumerable<ValidationError> errors) => _errors.AddRange(errors);

    /// <summary>Checks that a number is neither NaN nor infinite; returns whether it is finite.</summary>
    public bool Finite(string field, double value)
    {
        if (double.IsFinite(value))
        {
            return true;
        }
        Add(field, "must be a finite number");
        return false;
    }

    public void Positive(string field, double value)
    {
        if (Finite(field, value) && !(value > 0))
        {
            Add(field, "must be > 0");
        }
    }

    public void NonNegative(string field, double value)
    {
        if (Finite(field, value) && !(value >= 0))
        {
            Add(field, "must be >= 0");
        }
    }

    /// <summary>lower &lt;= value &lt;= upper, or the strict variants when the flags say so.</summary>
    public void InRange(string field, double value, double lower, double upper, bool lowerStrict = false, bool upperStrict = false)
    {
        if (!Finite(field, value))
        {
            return;
        }
        var lowOk = lowerStrict ? value > lower : value >= lower;
        var highOk = upperStrict ? value < upper : value <= upper;
        if (!lowOk || !highOk)
        {
            var lo = lowerStrict ? $"{Fmt(lower)} < " : $"{Fmt(lower)} <= ";
            var hi = upperStrict ? $" < {Fmt(upper)}" : $" <= {Fmt(upper)}";
            Add(field, $"must satisfy {lo}{field[(field.LastIndexOf('.') + 1)..]}{hi}");
        }
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new InputValidationException(_errors.ToArray());
        }
    }

    private static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
