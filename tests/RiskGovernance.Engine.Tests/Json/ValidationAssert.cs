using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Tests.Json;

/// <summary>Assertions on the problems an input is rejected with.</summary>
internal static class ValidationAssert
{
    /// <summary>Runs <paramref name="act"/>, expects an <see cref="InputValidationException"/> and
    /// returns its errors.</summary>
    public static IReadOnlyList<ValidationError> Errors(Action act) => Assert.Throws<InputValidationException>(act).Errors;

    /// <summary>Expects exactly one error, on <paramref name="field"/>, whose message contains
    /// <paramref name="messagePart"/>.</summary>
    public static void Single(Action act, string field, string messagePart)
    {
        var errors = Errors(act);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Expects an error (among others) on <paramref name="field"/> whose message contains
    /// <paramref name="messagePart"/>.</summary>
    public static void Has(IReadOnlyList<ValidationError> errors, string field, string messagePart) =>
        Assert.Contains(errors, e => e.Field == field && e.Message.Contains(messagePart, StringComparison.Ordinal));
}
