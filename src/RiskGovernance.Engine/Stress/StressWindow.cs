using System.Globalization;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Stress;

/// <summary>A historical window of dates [Start, End] whose multi-day move is replayed: the move of
/// an asset is close(End) / close(Start - 1 day) - 1, i.e. from the last close before the window
/// to the last close in it.</summary>
/// <param name="Name">The preset's name, or "custom".</param>
/// <param name="Start">The first day of the window.</param>
/// <param name="End">The last day of the window (&gt;= Start).</param>
public sealed record StressWindow(string Name, DateOnly Start, DateOnly End)
{
    /// <summary>COVID crash: 2020-03-11..2020-03-13 ("Black Thursday" 12 March).</summary>
    public static StressWindow Covid2020 { get; } = new("covid-2020", new DateOnly(2020, 3, 11), new DateOnly(2020, 3, 13));

    /// <summary>May 2021 crash: 2021-05-18..2021-05-19.</summary>
    public static StressWindow May2021 { get; } = new("may-2021", new DateOnly(2021, 5, 18), new DateOnly(2021, 5, 19));

    /// <summary>FTX collapse: 2022-11-07..2022-11-09.</summary>
    public static StressWindow Ftx2022 { get; } = new("ftx-2022", new DateOnly(2022, 11, 7), new DateOnly(2022, 11, 9));

    /// <summary>The named windows, in date order.</summary>
    public static IReadOnlyList<StressWindow> Presets { get; } = [Covid2020, May2021, Ftx2022];

    /// <summary>The close before the window: the base of the move.</summary>
    public DateOnly BaseDate => Start.AddDays(-1);

    /// <summary>Calendar days from the base close to the last close (End - Start + 1): options age by this much.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>A preset name or <c>YYYY-MM-DD..YYYY-MM-DD</c>; an error names <paramref name="field"/>.</summary>
    public static StressWindow Parse(string text, string field = "window")
    {
        ArgumentNullException.ThrowIfNull(text);
        var preset = Presets.FirstOrDefault(p => string.Equals(p.Name, text, StringComparison.Ordinal));
        if (preset is not null)
        {
            return preset;
        }
        var parts = text.Split("..");
        if (parts.Length == 2
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            if (end < start)
            {
                throw new InputValidationException(field, $"ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})");
            }
            return new StressWindow("custom", start, end);
        }
        throw new InputValidationException(field,
            $"must be one of {string.Join(", ", Presets.Select(p => p.Name))} or YYYY-MM-DD..YYYY-MM-DD (got \"{text}\")");
    }
}
