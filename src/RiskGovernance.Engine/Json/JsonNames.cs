using System.Collections.Immutable;
using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Results;

namespace RiskGovernance.Engine.Json;

/// <summary>The JSON spelling of every enumeration of the engine (FORMATS.md). Reading is exact:
/// "grid" is a method, "Grid" is not.</summary>
public static class JsonNames
{
    public static string Of(MarginMethod method) => method switch
    {
        MarginMethod.Grid => "grid",
        MarginMethod.MonteCarlo => "montecarlo",
        MarginMethod.Historical => "historical",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown margin method"),
    };

    public static string Of(RiskMeasure measure) => measure switch
    {
        RiskMeasure.ExpectedShortfall => "ES",
        RiskMeasure.ValueAtRisk => "VaR",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown risk measure"),
    };

    public static string Of(ReturnDistribution distribution) => distribution switch
    {
        ReturnDistribution.Normal => "normal",
        ReturnDistribution.StudentT => "student-t",
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "unknown distribution"),
    };

    public static string Of(OptionRight right) => right switch
    {
        OptionRight.Call => "call",
        OptionRight.Put => "put",
        _ => throw new ArgumentOutOfRangeException(nameof(right), right, "unknown option right"),
    };

    public static string Of(MarginStatus status) => status switch
    {
        MarginStatus.Healthy => "healthy",
        MarginStatus.Restricted => "restricted",
        MarginStatus.MarginCall => "margin-call",
        MarginStatus.Liquidatable => "liquidatable",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown margin status"),
    };

    /// <summary>The method named by its exact JSON spelling; an unknown name throws naming <paramref name="field"/>.</summary>
    public static MarginMethod ParseMethod(string name, string field = "params.method") => Parse(Methods, name, field);

    /// <summary>The measure named by its exact JSON spelling ("ES" or "VaR").</summary>
    public static RiskMeasure ParseMeasure(string name, string field = "params.simulation.measure") => Parse(Measures, name, field);

    /// <summary>The distribution named by its exact JSON spelling ("normal" or "student-t").</summary>
    public static ReturnDistribution ParseDistribution(string name, string field = "params.simulation.distribution") =>
        Parse(Distributions, name, field);

    private static T Parse<T>(ImmutableArray<(string Name, T Value)> names, string name, string field)
    {
        foreach (var (n, v) in names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return v;
            }
        }
        throw new Validation.InputValidationException(field, $"must be one of {string.Join(", ", names.Select(x => x.Name))} (got '{name}')");
    }

    internal static readonly ImmutableArray<(string Name, MarginMethod Value)> Methods =
        [("grid", MarginMethod.Grid), ("montecarlo", MarginMethod.MonteCarlo), ("historical", MarginMethod.Historical)];

    internal static readonly ImmutableArray<(string Name, RiskMeasure Value)> Measures =
        [("ES", RiskMeasure.ExpectedShortfall), ("VaR", RiskMeasure.ValueAtRisk)];

    internal static readonly ImmutableArray<(string Name, ReturnDistribution Value)> Distributions =
        [("normal", ReturnDistribution.Normal), ("student-t", ReturnDistribution.StudentT)];

    internal static readonly ImmutableArray<(string Name, OptionRight Value)> Rights =
        [("call", OptionRight.Call), ("put", OptionRight.Put)];

    internal static readonly ImmutableArray<MarginStatus> Statuses =
        [MarginStatus.Healthy, MarginStatus.Restricted, MarginStatus.MarginCall, MarginStatus.Liquidatable];
}
