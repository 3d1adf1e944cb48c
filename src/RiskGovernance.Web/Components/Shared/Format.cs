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
}
