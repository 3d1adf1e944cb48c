namespace RiskGovernance.Chain;

/// <summary>Argument checks in one place; every message names the offending argument.</summary>
internal static class Preconditions
{
    public static T NotNull<T>(T? value, string paramName) where T : class
        => value ?? throw new ArgumentNullException(paramName, $"{paramName} must not be null.");

    public static string NotBlank(string? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} must not be null.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{paramName} must not be empty.", paramName);
        }

        return value;
    }

    public static void Check(bool condition, string paramName, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{paramName}: {message}", paramName);
        }
    }

    public static System.Numerics.BigInteger NonNegative(System.Numerics.BigInteger value, string paramName)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, $"{paramName} must be >= 0 (was {value}).");
        }

        return value;
    }

    public static TimeSpan Positive(TimeSpan value, string paramName)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, $"{paramName} must be > 0 (was {value}).");
        }

        return value;
    }
}
