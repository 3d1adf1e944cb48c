using System.Globalization;
using RiskGovernance.Primitives;

namespace RiskGovernance.Web.Components.Shared;

/// <summary>How the portal writes numbers, money, times and hashes (invariant culture).</summary>
public static class Format
{
    /// <summary>USD with thousands separators and no decimals: "$1,234,567".</summary>
    public static string Usd(double value) => value.ToString("$#,##0;-$#,##0;$0", CultureInfo.InvariantCulture);

    /// <summary>A signed percentage with two decimals: "+1.25 %".</summary>
    public static string SignedPercent(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>A percentage with two decimals: "61.25 %".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>A number as the registry holds it (up to 18 decimals, no exponent).</summary>
    public static string Number(double value) => value.ToString("0.##################", CultureInfo.InvariantCulture);

    /// <summary>UTC time: "2026-11-24 14:05 UTC".</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A duration in the largest units: "3d 4h", "12m".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h");
        }

        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)span.TotalMinutes)}m");
    }

    /// <summary>A hash shortened for display: "0x1234…abcd".</summary>
    public static string Short(Hash32 hash) => Short(hash.ToString());

    /// <summary>An address shortened for display.</summary>
    public static string Short(Address address) => Short(address.ToString());

    /// <summary>A 0x string shortened to its first 6 and last 4 characters.</summary>
    public static string Short(string hex) => hex.Length <= 12 ? hex : $"{hex[..6]}…{hex[^4..]}";

    /// <summary>A count with its noun, singular for exactly one: "1 account", "3 accounts", "0 accounts".</summary>
    public static string Count(long count, string singular, string? plural = null)
        => string.Create(CultureInfo.InvariantCulture, $"{count:#,##0} {(count == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>
    /// An elapsed time with real precision (never "0.0 s" for 260 ms): "850 µs" under 1 ms, "42 ms" under 100 ms,
    /// "0.26 s" (two decimals) under 10 s, "12.3 s" under 2 minutes, then "3m 5s".
    /// </summary>
    public static string Elapsed(TimeSpan span)
    {
        var ms = Math.Max(0, span.TotalMilliseconds);
        return ms switch
        {
            < 1 => string.Create(CultureInfo.InvariantCulture, $"{ms * 1000:0} µs"),
            < 100 => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms"),
            < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s"),
            < 120_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds}s"),
        };
    }

    /// <summary>A countdown to <paramref name="target"/> from <paramref name="now"/>: "in 2d 3h", or "ended 4m ago".</summary>
    public static string Countdown(DateTimeOffset target, DateTimeOffset now)
        => target > now ? "in " + Duration(target - now) : Duration(now - target) + " ago";
}
