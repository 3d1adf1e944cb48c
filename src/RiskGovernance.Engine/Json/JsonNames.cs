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
