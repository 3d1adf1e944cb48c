using System.Globalization;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.History;

/// <summary>Reads FORMATS.md history.csv: a header line naming the columns (any order;
/// <c>date</c>, <c>asset</c> and <c>close</c> are required, <c>open</c>, <c>high</c>, <c>low</c>,
/// <c>volume</c> and any other column are ignored), then one row per asset and day with dates as
/// yyyy-MM-dd and closes as invariant-culture numbers; fields are separated by commas, without
/// quoting (no field of the format contains a comma). Blank lines are skipped.</summary>
public static class PriceHistoryCsv
{
    /// <summary>At most this many problems are reported before reading stops.</summary>
    public const int MaxReportedErrors = 50;

    private static readonly string[] RequiredColumns = ["date", "asset", "close"];

    /// <summary>Reads and validates a history; throws <see cref="InputValidationException"/> with one
    /// error per problem, each naming the line (1 = header) and the column, for example
    /// <c>history line 12: close 'abc' is not a number</c>.</summary>
    public static PriceHistory Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var e = new ValidationErrors();
        var header = reader.ReadLine();
        while (header is not null && header.Trim().Length == 0)
        {
            header = reader.ReadLine();
        }
        if (header is null)
        {
            throw new InputValidationException("history", "is empty (expected a header line date,asset,...,close)");
        }
        var columns = header.TrimStart('\uFEFF').Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Length; c++)
        {
            if (!index.TryAdd(columns[c], c))
            {
                e.Add("history line 1", $"column '{columns[c]}' appears more than once");
            }
        }
        foreach (var required in RequiredColumns.Where(r => !index.ContainsKey(r)))
        {
            e.Add("history line 1", $"header has no '{required}' column (required: date, asset, close)");
        }
        e.ThrowIfAny();

        int dateCol = index["date"], assetCol = index["asset"], closeCol = index["close"];
        var rows = new List<DailyClose>();
        var firstLine = new Dictionary<(string Asset, DateOnly Date), int>();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null && e.Errors.Count < MaxReportedErrors)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var field = $"history line {lineNumber}";
            var cells = line.Split(',');
            if (cells.Length != columns.Length)
            {
                e.Add(field, $"has {cells.Length} fields but the header has {columns.Length}");
                continue;
            }
            var ok = true;
            var dateText = cells[dateCol].Trim();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                e.Add(field, $"date '{dateText}' is not a date yyyy-MM-dd");
                ok = false;
            }
            var asset = cells[assetCol].Trim();
            if (asset.Length == 0)
            {
                e.Add(field, "asset is empty");
                ok = false;
            }
            var closeText = cells[closeCol].Trim();
            if (!double.TryParse(closeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var close))
            {
                e.Add(field, $"close '{closeText}' is not a number");
                ok = false;
            }
            else if (!double.IsFinite(close) || !(close > 0))
            {
                e.Add(field, $"close {closeText} must be a finite number > 0");
                ok = false;
            }
            if (!ok)
            {
                continue;
            }
            if (!firstLine.TryAdd((asset, date), lineNumber))
            {
                e.Add(field, $"asset {asset} already has a close on {dateText} (line {firstLine[(asset, date)]})");
                continue;
            }
            rows.Add(new DailyClose(date, asset, close));
        }
        if (rows.Count == 0 && !e.HasErrors)
        {
            e.Add("history", "has a header but no rows");
        }
        e.ThrowIfAny();
        return PriceHistory.Create(rows);
    }

    /// <summary>Reads a history from a UTF-8 stream (left open).</summary>
    public static PriceHistory Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader);
    }
}
