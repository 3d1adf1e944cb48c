using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.History;

/// <summary>One daily close of one asset (FORMATS.md history.csv: date, asset, close).</summary>
public sealed record DailyClose(DateOnly Date, string Asset, double Close);

/// <summary>Validated daily closes per asset, looked up by date.</summary>
public sealed class PriceHistory
{
    private readonly Dictionary<string, Dictionary<DateOnly, double>> _closes;

    private PriceHistory(Dictionary<string, Dictionary<DateOnly, double>> closes, DateOnly first, DateOnly last)
    {
        _closes = closes;
        FirstDate = first;
        LastDate = last;
    }

    public DateOnly FirstDate { get; }

    public DateOnly LastDate { get; }

    public IReadOnlyCollection<string> Assets => _closes.Keys;

    public bool TryGetClose(string asset, DateOnly date, out double close)
    {
        close = 0;
        return _closes.TryGetValue(asset, out var byDate) && byDate.TryGetValue(date, out close);
    }

    /// <summary>Every date with a close for <paramref name="asset"/>, ascending.</summary>
    public IReadOnlyList<DateOnly> DatesOf(string asset) =>
        _closes.TryGetValue(asset, out var byDate) ? byDate.Keys.Order().ToArray() : [];

    /// <summary>Validates (close &gt; 0 and finite, no date repeated for an asset) and creates the
    /// history. Fields are named <c>history[i].close</c> by the index of the row given.</summary>
    public static PriceHistory Create(IEnumerable<DailyClose> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var e = new ValidationErrors();
        var closes = new Dictionary<string, Dictionary<DateOnly, double>>(StringComparer.Ordinal);
        DateOnly first = DateOnly.MaxValue, last = DateOnly.MinValue;
        var i = 0;
        foreach (var r in rows)
        {
            var path = $"history[{i}]";
            if (string.IsNullOrWhiteSpace(r.Asset))
            {
                e.Add($"{path}.asset", "must name an asset");
            }
            else if (e.Finite($"{path}.close", r.Close) && !(r.Close > 0))
            {
                e.Add($"{path}.close", "must be > 0");
            }
            else
            {
                if (!closes.TryGetValue(r.Asset, out var byDate))
                {
                    closes[r.Asset] = byDate = [];
                }
                if (!byDate.TryAdd(r.Date, r.Close))
                {
                    e.Add($"{path}.date", $"{r.Asset} has more than one close on {r.Date:yyyy-MM-dd}");
                }
                if (r.Date < first)
                {
                    first = r.Date;
                }
                if (r.Date > last)
                {
                    last = r.Date;
                }
            }
            i++;
        }
        if (i == 0)
        {
            e.Add("history", "has no rows");
        }
        e.ThrowIfAny();
        return new PriceHistory(closes, first, last);
    }
}
