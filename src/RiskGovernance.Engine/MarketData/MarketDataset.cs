using System.Reflection;
using RiskGovernance.Engine.History;

namespace RiskGovernance.Engine.MarketData;

/// <summary>The real market data embedded in the engine (see MarketData/README.txt for sources,
/// coverage and licences): Binance daily closes of ten crypto assets 2019-2024 and the Deribit
/// DVOL implied-volatility index of BTC and ETH. Each file is parsed once, on first use, into an
/// immutable <see cref="PriceHistory"/>.</summary>
public static class MarketDataset
{
    /// <summary>Resource name of the Binance daily file (history.csv format).</summary>
    public const string DailyResource = "RiskGovernance.Engine.MarketData.crypto_daily_binance_2019_2024.csv";

    /// <summary>Resource name of the Deribit DVOL file (date,asset,open,high,low,close; percent).</summary>
    public const string DvolResource = "RiskGovernance.Engine.MarketData.dvol_daily_deribit.csv";

    /// <summary>Resource name of the provenance and licence note.</summary>
    public const string ReadmeResource = "RiskGovernance.Engine.MarketData.README.txt";

    private static readonly Lazy<PriceHistory> Daily = new(() => ReadResource(DailyResource));
    private static readonly Lazy<PriceHistory> Dvol = new(() => ReadResource(DvolResource));

    /// <summary>The ten assets of the daily file, in the order of its rows.</summary>
    public static IReadOnlyList<string> DailyAssets { get; } = ["BTC", "ETH", "BNB", "XRP", "ADA", "LINK", "MATIC", "DOGE", "SOL", "AVAX"];

    /// <summary>The last date on which all ten assets have a close (MATIC was delisted after it).</summary>
    public static DateOnly LastDateWithAllAssets { get; } = new(2024, 9, 10);

    /// <summary>The first date on which all ten assets have a close (AVAX listing).</summary>
    public static DateOnly FirstDateWithAllAssets { get; } = new(2020, 9, 22);

    /// <summary>Daily closes (USDT) of <see cref="DailyAssets"/>.</summary>
    public static PriceHistory LoadDailyCloses() => Daily.Value;

    /// <summary>Daily closes of the Deribit DVOL index of BTC and ETH, in percent (55.3 means an
    /// annualised 30-day implied volatility of 0.553).</summary>
    public static PriceHistory LoadDvolCloses() => Dvol.Value;

    /// <summary>Opens an embedded file (one of the resource constants) for reading; the caller
    /// disposes the stream.</summary>
    public static Stream OpenResource(string resourceName)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        return typeof(MarketDataset).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new ArgumentException($"no embedded resource '{resourceName}'", nameof(resourceName));
    }

    /// <summary>The provenance and licence note of the embedded data.</summary>
    public static string Provenance()
    {
        using var reader = new StreamReader(OpenResource(ReadmeResource));
        return reader.ReadToEnd();
    }

    private static PriceHistory ReadResource(string name)
    {
        using var stream = OpenResource(name);
        return PriceHistoryCsv.Read(stream);
    }
}
