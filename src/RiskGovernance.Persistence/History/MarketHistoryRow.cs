namespace RiskGovernance.Persistence.History;

/// <summary>One daily value of one series of one asset: a close (USD) or a DVOL index level (percent).</summary>
public sealed class MarketHistoryRow
{
    /// <summary>The series: <see cref="MarketHistorySeries.Close"/> or <see cref="MarketHistorySeries.Dvol"/> (part of the key).</summary>
    public string Series { get; set; } = "";

    /// <summary>The asset symbol (part of the key).</summary>
    public string Asset { get; set; } = "";

    /// <summary>The day (part of the key).</summary>
    public DateOnly Date { get; set; }

    /// <summary>The value, &gt; 0.</summary>
    public double Value { get; set; }
}

/// <summary>The names of the stored series.</summary>
public static class MarketHistorySeries
{
    /// <summary>Daily closes.</summary>
    public const string Close = "close";

    /// <summary>The Deribit DVOL implied-volatility index, in percent.</summary>
    public const string Dvol = "dvol";
}
