namespace RiskGovernance.Engine.Validation;

/// <summary>One problem with an input, naming the offending field by its JSON path
/// (for example <c>params.assets.BTC.scanRange</c>).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Thrown by every validating factory of the engine. Carries every problem found,
/// not only the first, so that a user can fix an input in one pass.</summary>
public sealed class InputValidationException : Exception
{
    public InputValidationException(IReadOnlyList<ValidationError> errors)
        : base(errors.Count == 0 ? "invalid input" : string.Join(Environment.NewLine, errors))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("at least one validation error is required", nameof(errors));
        }
        Errors = errors;
    }

    public InputValidationException(string field, string message)
        : this([new ValidationError(field, message)])
    {
    }

    public IReadOnlyList<ValidationError> Errors { get; }
}
