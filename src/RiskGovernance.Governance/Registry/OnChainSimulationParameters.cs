namespace RiskGovernance.Governance.Registry;

/// <summary>The simulation section of a parameter set in its on-chain form (params.simulation).</summary>
public sealed record OnChainSimulationParameters
{
    /// <summary>Allowed values of <see cref="Measure"/>.</summary>
    public static IReadOnlyList<string> Measures { get; } = ["ES", "VaR"];

    /// <summary>Allowed values of <see cref="Distribution"/>.</summary>
    public static IReadOnlyList<string> Distributions { get; } = ["normal", "student-t"];

    /// <summary>Creates the section, checking the enumeration strings.</summary>
    public OnChainSimulationParameters(
        string measure,
        FixedPoint18 confidence,
        FixedPoint18 horizonDays,
        FixedPoint18 scenarios,
        FixedPoint18 seed,
        string distribution,
        FixedPoint18 degreesOfFreedom,
        FixedPoint18 historyDays)
    {
        Measure = OneOf(measure, Measures, "simulation.measure");
        Confidence = confidence;
        HorizonDays = horizonDays;
        Scenarios = scenarios;
        Seed = seed;
        Distribution = OneOf(distribution, Distributions, "simulation.distribution");
        DegreesOfFreedom = degreesOfFreedom;
        HistoryDays = historyDays;
    }

    /// <summary>"ES" or "VaR".</summary>
    public string Measure { get; }

    /// <summary>Confidence level.</summary>
    public FixedPoint18 Confidence { get; }

    /// <summary>Horizon in days (an integer).</summary>
    public FixedPoint18 HorizonDays { get; }

    /// <summary>Number of Monte Carlo scenarios (an integer).</summary>
    public FixedPoint18 Scenarios { get; }

    /// <summary>Monte Carlo seed (an integer).</summary>
    public FixedPoint18 Seed { get; }

    /// <summary>"normal" or "student-t".</summary>
    public string Distribution { get; }

    /// <summary>Student-t degrees of freedom.</summary>
    public FixedPoint18 DegreesOfFreedom { get; }

    /// <summary>History window in days (an integer).</summary>
    public FixedPoint18 HistoryDays { get; }

    internal static string OneOf(string value, IReadOnlyList<string> allowed, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{field}: '{value}' is not one of {string.Join(", ", allowed)}.", field);
        }

        return value;
    }
}
