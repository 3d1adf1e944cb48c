using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence;

/// <summary>Where the governance database lives (configuration section <see cref="SectionName"/>).</summary>
public sealed class PersistenceOptions : IValidatableOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Persistence";

    /// <summary>The database file name inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "riskgovernance.db";

    /// <summary>The data directory; created on first run. Relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long a writer waits for another writer's lock before failing (SQLite busy timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The database file: <c>&lt;DataDirectory&gt;/riskgovernance.db</c>, as an absolute path.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);

    /// <inheritdoc/>
    public IEnumerable<string> Problems() => Validate();

    /// <summary>The problems of these options, one line per field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add($"{SectionName}:{nameof(DataDirectory)}: must not be empty.");
        }
        else if (DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add($"{SectionName}:{nameof(DataDirectory)}: contains characters not allowed in a path.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:{nameof(BusyTimeout)}: must be > 0 and at most 5 minutes.");
        }

        return problems;
    }
}
